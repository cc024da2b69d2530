"""A group event syncs as ONE VJOURNAL with an ATTENDEE per participant (one uid):
pulling it creates every participant's row, a participant taken off on the server loses
that row only, other clients' lines stay byte for byte, single-person entries are what
they were, and the received-only mark of captured mail travels both ways. Against
Radicale and Xandikos (the ``devices`` fixture runs each test on both)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.capture import Candidate
from relmanager.interchange.content_lines import split_lines
from relmanager.interchange.sync_fields import INTERACTION_FIELDS
from relmanager.store import activity, capture, event_edits, history_reads, sync_state
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError
from relmanager.store.models import Contact, Interaction
from relmanager.sync import account, engine
from relmanager.sync.entries import parse_calendar_entry


def _client():
    return account.load().client()


def _entries() -> dict[str, tuple[str, str]]:
    """href -> (etag, text) of every entry in the calendar."""
    acc = account.load()
    client = _client()
    try:
        listing = client.changes(acc.calendar, None)
        hrefs = [h for h in listing.changed if h.rstrip("/") != acc.calendar.rstrip("/")]
        return client.multiget(acc.calendar, hrefs, calendar=True) if hrefs else {}
    finally:
        client.close()


def _put(href: str, text: str, etag: str) -> None:
    client = _client()
    try:
        client.put(href, text, "text/calendar", etag)
    finally:
        client.close()


def _people(clock) -> dict[str, Contact]:
    return {name.split()[0]: create_contact(clock, name, emails=emails, uid=uid)
            for name, emails, uid in (
                ("Ann Lee", ["ann@example.com"], "uid-ann"),
                ("Bo Chen", [], "uid-bo"),
                ("Cy Diaz", ["cy@example.com"], "uid-cy"))}


def _group(contact_names: list[str] | None = None) -> list[tuple[str, str | None]]:
    rows = (Interaction.select(Interaction, Contact).join(Contact)
            .order_by(Contact.display_name))
    return [(r.contact.display_name, r.note) for r in rows
            if contact_names is None or r.contact.display_name in contact_names]


def _attendees(text: str) -> list[str]:
    return [line.unfolded for line in split_lines(text) if line.name == "ATTENDEE"]


def test_group_event_is_one_journal_entry_pulled_whole(devices, clock):
    with devices.a:
        people = _people(clock)
        activity.log_interaction(clock, [p.id for p in people.values()], "meeting",
                                 minutes=90, note="dinner",
                                 occurred_at=clock.now() - timedelta(days=1))
        report = engine.sync(clock)
        assert report.pushed == 4  # three contacts, one event
        entries = [t for _e, t in _entries().values()]
    assert len(entries) == 1
    text = entries[0]
    attendees = _attendees(text)
    assert len(attendees) == 3
    assert any("mailto:ann@example.com" in a and "X-RELMANAGER-UID=uid-ann" in a
               for a in attendees)
    assert any("urn:uuid:uid-bo" in a and "Bo Chen" in a for a in attendees), attendees
    assert parse_calendar_entry(text, "x.ics").fields["participants"] == [
        "uid-ann", "uid-bo", "uid-cy"]
    with devices.b:
        engine.sync(clock)
        rows = list(Interaction.select().order_by(Interaction.id))
        assert len(rows) == 3 and len({r.group_key for r in rows}) == 1 and rows[0].group_key
        assert sorted(r.contact.uid for r in rows) == ["uid-ann", "uid-bo", "uid-cy"]
        assert {(r.minutes, r.note) for r in rows} == {(90, "dinner")}
        assert all(r.contact.last_two_way_at is not None for r in rows)
        assert engine.sync(clock).pushed == 0  # nothing sent back: it is the same event


def test_removed_on_the_server_removes_that_row_only_and_keeps_foreign_lines(devices,
                                                                             clock):
    with devices.a:
        people = _people(clock)
        activity.log_interaction(clock, [p.id for p in people.values()], "meeting",
                                 note="dinner")
        engine.sync(clock)
        ((href, (etag, text)),) = _entries().items()
        # Another client takes Cy off and adds its own attendee and property.
        cy = next(a for a in _attendees(text) if "uid-cy" in a)
        edited = "".join(line.text for line in split_lines(text)
                         if line.unfolded != cy)
        foreign = ("ATTENDEE;CN=Stranger;PARTSTAT=ACCEPTED:mailto:stranger@elsewhere.org\r\n"
                   "X-OTHER-APP-FLAG:starred\r\n")
        edited = edited.replace("END:VJOURNAL", foreign + "END:VJOURNAL")
        _put(href, edited, etag)
        engine.sync(clock)
        assert [n for n, _note in _group()] == ["Ann Lee", "Bo Chen"]
        assert Contact.get_by_id(people["Cy"].id).last_interaction_at is None
        # An edit for everyone here goes back into the same entry; the foreign lines stay.
        Interaction.update(note="dinner at Rosa's").execute()
        assert engine.sync(clock).pushed == 1
        after = _entries()[href][1]
        assert "ATTENDEE;CN=Stranger;PARTSTAT=ACCEPTED:mailto:stranger@elsewhere.org" in after
        assert "X-OTHER-APP-FLAG:starred" in after and "Rosa's" in after
        assert len(_attendees(after)) == 3  # Ann, Bo and the stranger
    with devices.b:
        engine.sync(clock)
        assert _group() == [("Ann Lee", "dinner at Rosa's"), ("Bo Chen", "dinner at Rosa's")]
        # Bo taken off here: our attendees are rewritten, the stranger's line stays.
        bo = Interaction.get(Interaction.contact == Contact.get(uid="uid-bo").id).id
        event_edits.delete_event(bo, everyone=False)
        assert engine.sync(clock).pushed == 1
        last = _entries()[href][1]
    assert "ATTENDEE;CN=Stranger;PARTSTAT=ACCEPTED:mailto:stranger@elsewhere.org" in last
    assert "X-OTHER-APP-FLAG:starred" in last
    # Ann alone is a one-person entry again: none of our attendees, as before groups.
    assert [a for a in _attendees(last) if "uid-" in a] == []
    assert "X-RELMANAGER-CONTACT:uid-ann" in last


def test_only_this_person_deleted_on_one_device_leaves_the_others(devices, clock):
    with devices.a:
        people = _people(clock)
        activity.log_interaction(clock, [p.id for p in people.values()], "meeting")
        engine.sync(clock)
    with devices.b:
        engine.sync(clock)
        ann_row = Interaction.get(Interaction.contact == Contact.get(uid="uid-ann").id).id
        event_edits.delete_event(ann_row, everyone=False)  # Ann's row led the event
        engine.sync(clock)
        assert len(_entries()) == 1
    with devices.a:
        engine.sync(clock)
        assert [n for n, _note in _group()] == ["Bo Chen", "Cy Diaz"]
        rows = list(Interaction.select())
        assert len({r.group_key for r in rows}) == 1 and len(rows) == 2
        assert Contact.get(uid="uid-ann").last_interaction_at is None
    with devices.b:
        row = Interaction.get(Interaction.contact == Contact.get(uid="uid-bo").id).id
        event_edits.delete_event(row, everyone=True)
        engine.sync(clock)
        assert _entries() == {}
    with devices.a:
        engine.sync(clock)
        assert Interaction.select().count() == 0


def test_single_person_entries_are_unchanged(devices, clock):
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace", emails=["ada@example.com"])
        activity.log_interaction(clock, [ada.id], "phone", note="a call")
        engine.sync(clock)
        ((_href, (_etag, text)),) = _entries().items()
        fields = sync_state.local_fields("interaction", [Interaction.get().id])
    assert "ATTENDEE" not in text and "RECEIVED-ONLY" not in text
    assert set(parse_calendar_entry(text, "x.ics").fields) == set(INTERACTION_FIELDS)
    assert set(next(iter(fields.values()))[1]) == set(INTERACTION_FIELDS)


def test_received_only_mail_travels_and_resets_no_one(devices, clock):
    with devices.a:
        grace = create_contact(clock, "Grace Hopper", emails=["grace@example.com"])
        capture.add_me(["me@example.org"])
        received = Candidate("<g1@example.com>", clock.now() - timedelta(days=3), "email",
                             ("grace@example.com",), two_way=False)
        capture.apply_capture(capture.plan_capture("mail", "inbox", [received], read=1),
                              clock)
        grace = Contact.get_by_id(grace.id)
        assert grace.last_interaction_at is not None and grace.last_two_way_at is None
        engine.sync(clock)
        ((_href, (_etag, text)),) = _entries().items()
    assert "X-RELMANAGER-RECEIVED-ONLY:TRUE" in text
    with devices.b:
        engine.sync(clock)
        grace = Contact.get(Contact.uid == grace.uid)
        assert grace.last_interaction_at is not None
        assert grace.last_two_way_at is None  # not two-way here either
        assert engine.sync(clock).pushed == 0
        (record,) = history_reads.records(grace.id)
        assert (record.source, record.two_way) == ("mail", False)
        with pytest.raises(NotFoundError):  # the marks are no capture run to undo here
            capture.undo_capture(clock)
        assert Interaction.select().count() == 1


def test_a_participant_deleted_on_the_server_is_deleted_here(devices, clock):
    """Its row inside another's group event is no unsent activity keeping it alive."""
    with devices.a:
        people = _people(clock)
        activity.log_interaction(clock, [p.id for p in people.values()], "meeting")
        engine.sync(clock)
        cy = sync_state.item_for("contact", people["Cy"].id).href
        assert sync_state.has_unsent_activity(people["Cy"].id) is False
    client = None
    with devices.b:
        engine.sync(clock)
        client = _client()
        try:
            client.delete(cy, None)
        finally:
            client.close()
    with devices.a:
        engine.sync(clock)
        assert Contact.get_or_none(Contact.uid == "uid-cy") is None
        assert [n for n, _note in _group()] == ["Ann Lee", "Bo Chen"]


def test_edit_only_this_person_makes_two_entries(devices, clock):
    with devices.a:
        people = _people(clock)
        ann_row = activity.log_interaction(clock, [p.id for p in people.values()], "meeting",
                                           minutes=60).interaction_ids[0]
        engine.sync(clock)
        event_edits.edit_event(ann_row, everyone=False, minutes=20)  # Ann led the event
        engine.sync(clock)
        texts = [t for _e, t in _entries().values()]
    assert len(texts) == 2
    fields = sorted((parse_calendar_entry(t, "x.ics").fields for t in texts),
                    key=lambda f: f["minutes"])
    assert (fields[0]["contact"], fields[0]["minutes"], "participants" in fields[0]) == \
        ("uid-ann", 20, False)
    assert (fields[1]["minutes"], fields[1]["participants"]) == (60, ["uid-bo", "uid-cy"])
    with devices.b:
        engine.sync(clock)
        rows = {r.contact.uid: r for r in Interaction.select()}
        assert rows["uid-ann"].minutes == 20 and rows["uid-ann"].group_key is None
        assert rows["uid-bo"].group_key == rows["uid-cy"].group_key is not None
        assert {rows["uid-bo"].minutes, rows["uid-cy"].minutes} == {60}
