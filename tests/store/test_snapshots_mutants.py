"""Deleting contacts and the undo (store/snapshots.py), row by row, against mutmut's
survivors: every follow-up that goes with them (their own, one of another's tied to an
introduction or an event row of theirs) comes back whole, the introduced-by references
among them and from others come back and nobody else's is touched, a bystander's
follow-up stays, a seat at a meeting a calendar read forgot meanwhile is left out, and
a synced row's server text is kept for its return. tests/store/test_in_lists.py deletes
1,850 contacts; tests/sync/test_undone_deletes.py runs the undo against servers."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.store import sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.introductions import create_introduction
from relmanager.store.models import Contact, FollowUp, Interaction
from relmanager.store.snapshots import delete_contacts, restore_snapshot
from relmanager.store.upcoming_models import UpcomingEvent, UpcomingParticipant


def _introduced_by() -> dict[int, int | None]:
    return dict(Contact.select(Contact.id, Contact.introduced_by).tuples())


def _follow_ups() -> list[dict]:
    return list(FollowUp.select().order_by(FollowUp.id).dicts())


def test_an_undone_delete_puts_back_every_follow_up_and_reference_as_it_was(db, clock):
    """Ann and Bo deleted together: Bo was introduced by Ann (a reference among them),
    Cy by Ann (from someone who stays, nulled by the delete); Dee by nobody. Ann has a
    follow-up of her own; Cy has one on his introduction to Ann (it goes with the
    introduction) and one tied to Ann's row of their meeting (nulled with the row); Dee's
    is nobody's business. Meanwhile Eve is said to be introduced by Dee: the undo puts
    back what the delete took and leaves the rest as it is now."""
    ann, bo, cy, dee, eve = (create_contact(clock, n).id
                             for n in ("Ann", "Bo", "Cy", "Dee", "Eve"))
    Contact.update(introduced_by=ann).where(Contact.id.in_([bo, cy])).execute()
    due = clock.now() + timedelta(days=3)
    create_follow_up(clock, ann, "send Ann the slides", due)
    intro = create_introduction(clock, requester_id=cy, target_id=ann)
    create_follow_up(clock, cy, "ask Ann about Cy", due, introduction_id=intro.id)
    met = log_interaction(clock, [ann, cy], "meeting")
    ann_row = Interaction.get(Interaction.contact == ann).id
    FollowUp.create(contact=cy, title="minutes of the meeting", due_at=due,
                    created_at=clock.now(), interaction=ann_row)
    create_follow_up(clock, dee, "Dee's own", due)
    before = (_introduced_by(), _follow_ups())
    assert len(met.interaction_ids) == 2 and len(before[1]) == 4

    snap = delete_contacts([ann, bo])
    assert [f["title"] for f in _follow_ups()] == ["Dee's own"]
    assert _introduced_by()[cy] is None
    Contact.update(introduced_by=dee).where(Contact.id == eve).execute()  # meanwhile
    restore_snapshot(snap)

    assert _follow_ups() == before[1]
    assert _introduced_by() == {**before[0], eve: dee}


def test_a_seat_at_a_meeting_forgotten_meanwhile_is_left_out_of_the_undo(db, clock):
    """Ann's seats at two coming meetings; a calendar read forgets one while she is
    deleted: the undo puts her back with the other seat, not failing on the lost event."""
    ann, cy = create_contact(clock, "Ann").id, create_contact(clock, "Cy").id
    soon = clock.now() + timedelta(days=1)
    kept, lost = (UpcomingEvent.create(source="cal.ics", event_key=key, starts_at=soon,
                                       ends_at=soon + timedelta(hours=1), channel="meeting")
                  for key in ("kept", "lost"))
    for event in (kept, lost):
        for person in (ann, cy):
            UpcomingParticipant.create(event=event, contact=person, email=f"{person}@x.org")
    snap = delete_contacts([ann])
    UpcomingEvent.delete().where(UpcomingEvent.id == lost.id).execute()
    restore_snapshot(snap)
    seats = sorted(UpcomingParticipant.select(UpcomingParticipant.event,
                                              UpcomingParticipant.contact).tuples())
    assert seats == sorted([(kept.id, ann), (kept.id, cy)])


@pytest.fixture
def tracked(db):
    sync_state.enable_tracking()
    return db


def test_an_undone_delete_keeps_each_synced_rows_server_text_for_its_return(tracked, clock):
    """Ann, her meeting and her follow-up were synced; the sync then DELETEd them on the
    server (the pairings forgotten). The undo keeps the server's last text of each, by
    kind and uid, so each goes back patched into it."""
    ann = create_contact(clock, "Ann")
    logged = log_interaction(clock, [ann.id], "meeting",
                             follow_up=("call back", clock.now() + timedelta(days=1)))
    event, task = logged.interaction_ids[0], logged.follow_up_id
    sync_state.set_row_uid("interaction", event, "event-uid")
    sync_state.set_row_uid("follow_up", task, "task-uid")
    synced = [("contact", ann.id, ann.uid), ("interaction", event, "event-uid"),
              ("follow_up", task, "task-uid")]
    for kind, local_id, uid in synced:
        sync_state.record_pairing(kind, local_id, uid, f"/{kind}/{uid}", "e1",
                                  {"note": kind}, raw=f"BEGIN:X\r\nX-THEIRS:{kind}\r\n")
    snap = delete_contacts([ann.id])
    for kind, _local_id, uid in synced:
        sync_state.forget(f"/{kind}/{uid}")  # the DELETE went up
    restore_snapshot(snap)
    assert {kind: sync_state.left_behind(kind, uid) for kind, _id, uid in synced} == {
        kind: (f"BEGIN:X\r\nX-THEIRS:{kind}\r\n", {"note": kind}) for kind, _i, _u in synced}
