"""Attendees another calendar client adds to an interaction's journal entry (a room, a
resource, a person it names by a ``urn:uuid:`` address) are that client's lines: an edit
made here (the note, the participants) keeps them byte for byte, parameters and all.
Against Radicale and Xandikos."""

from __future__ import annotations

from relmanager.interchange.content_lines import split_lines
from relmanager.store import sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import Interaction
from relmanager.sync import account, engine

ROOM = ("ATTENDEE;CUTYPE=ROOM;CN=Board room;PARTSTAT=ACCEPTED:urn:uuid:"
        "22222222-2222-4222-8222-222222222222")
PERSON = 'ATTENDEE;CN="Doe, Jane";ROLE=OPT-PARTICIPANT:mailto:jane@example.org'


def _get(href: str) -> tuple[str, str]:
    client = account.load().client()
    try:
        return client.multiget(account.load().calendar, [href], calendar=True)[href]
    finally:
        client.close()


def _attendees(text: str) -> list[str]:
    return [line.unfolded for line in split_lines(text) if line.name == "ATTENDEE"]


def test_attendees_another_client_added_survive_an_edit_here(devices, clock):
    """Before the fix the room (a urn:uuid address without Relmanager's parameter) was
    taken for a participant of Relmanager's: not a contact here, it was dropped from the
    entry on the next edit, for every client."""
    with devices.a:
        ada = create_contact(clock, "Ada Lovelace")
        log_interaction(clock, [ada.id], "meeting", note="board meeting")
        engine.sync(clock)
        href = sync_state.item_for("interaction", Interaction.get().id).href
        etag, text = _get(href)
        client = account.load().client()
        try:
            client.put(href, text.replace("END:VJOURNAL", f"{ROOM}\r\n{PERSON}\r\n"
                                          "END:VJOURNAL"), "text/calendar", etag)
        finally:
            client.close()
        engine.sync(clock)
        foreign = [a for a in _attendees(_get(href)[1]) if "X-RELMANAGER" not in a]
        assert len(foreign) == 2, foreign
        Interaction.update(note="board meeting, budget agreed").execute()
        engine.sync(clock)
        after = _get(href)[1]
    assert "budget agreed" in after.replace("\r\n ", "")
    assert [a for a in _attendees(after) if "X-RELMANAGER" not in a] == foreign
