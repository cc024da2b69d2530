"""store.event_edits.delete_event and restore_rows read to the value (History's delete and
its undo): a row already gone is refused by name, what pointed at the deleted rows (the
capture items, the follow-ups) is recorded exactly and put back on those rows only, and a
synced group event's uid goes to the next participant's row and comes back on undo, its
server pairing with it, the lead queued for sync."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.capture import Candidate
from relmanager.domain.stages import Stage
from relmanager.store import activity, capture, change_tracking, event_edits
from relmanager.store.capture_models import CaptureItem
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError
from relmanager.store.models import Contact, FollowUp, Interaction, SyncItem, database


@pytest.fixture
def people(db, clock) -> list[int]:
    return [create_contact(clock, name, emails=[f"{name.lower()}@x.example"],
                           stage=Stage.FRIENDSHIP).id for name in ("Ann", "Bo", "Cy")]


def test_a_row_already_gone_is_refused_while_others_are_there(people, clock):
    (row,) = activity.log_interaction(clock, [people[0]], "phone").interaction_ids
    activity.log_interaction(clock, [people[1]], "phone")
    activity.delete_interactions([row])
    with pytest.raises(NotFoundError, match=r"^that interaction is no longer there$"):
        event_edits.delete_event(row, True)
    assert Interaction.select().count() == 1


def test_the_links_of_the_deleted_row_alone_are_recorded_and_put_back(people, clock):
    capture.add_me(["me@x.example"])
    mails = [Candidate(f"<{n}@x.example>", clock.now() - timedelta(days=1), "email",
                       (f"{n}@x.example",)) for n in ("ann", "bo")]
    capture.apply_capture(capture.plan_capture("mail", "box", mails, read=2), clock)
    captured = dict(CaptureItem.select(CaptureItem.interaction, CaptureItem.id).tuples())
    ann_mail, bo_mail = sorted(captured)
    promise = clock.now() + timedelta(days=2)
    ann_call, _bo_call = (activity.log_interaction(clock, [who], "phone",
                                                   follow_up=("Send it", promise))
                          .interaction_ids[0] for who in people[:2])
    follow_up_of = {i: f for f, i in FollowUp.select(FollowUp.id, FollowUp.interaction)
                    .tuples()}

    mail = event_edits.delete_event(ann_mail, True)
    assert (mail.capture_links, mail.follow_up_links) == (
        ((captured[ann_mail], ann_mail),), ())
    call = event_edits.delete_event(ann_call, False)
    assert (call.capture_links, call.follow_up_links) == (
        (), ((follow_up_of[ann_call], ann_call),))
    assert [r["id"] for r in call.rows] == [ann_call]

    event_edits.restore_rows(call)
    event_edits.restore_rows(mail)
    links = dict(CaptureItem.select(CaptureItem.id, CaptureItem.interaction).tuples())
    assert links == {captured[ann_mail]: ann_mail, captured[bo_mail]: bo_mail}
    assert dict(FollowUp.select(FollowUp.interaction, FollowUp.id).tuples()) == follow_up_of
    assert Interaction.get_by_id(ann_call).contact_id == people[0]


def test_a_synced_events_uid_and_pairing_go_to_the_next_row_and_come_back(people, clock):
    change_tracking.create(database)  # sync set up: the lead is queued when it changes
    (other,) = activity.log_interaction(clock, [people[0]], "phone").interaction_ids
    lead, second, third = activity.log_interaction(clock, people, "meeting").interaction_ids
    Interaction.update(uid="event-uid").where(Interaction.id == lead).execute()
    Interaction.update(uid="other-uid").where(Interaction.id == other).execute()
    for row, uid in ((lead, "event-uid"), (other, "other-uid")):
        SyncItem.create(kind="interaction", local_id=row, uid=uid, href=f"/c/{uid}.ics",
                        etag="e", state="synced")
    database.execute_sql("DELETE FROM sync_change")

    deleted = event_edits.delete_event(lead, False)
    assert Interaction.get_by_id(second).uid == "event-uid"
    assert Interaction.get_by_id(third).uid is None
    queued = {i for (i,) in database.execute_sql(
        "SELECT local_id FROM sync_change WHERE kind = 'interaction'").fetchall()}
    assert queued == {second}
    # The next sync finds the uid on the new lead and pairs the entry with it (engine).
    paired = SyncItem.get(SyncItem.uid == "event-uid")
    assert (paired.local_id, paired.state) == (None, "deleted")
    SyncItem.update(local_id=second, state="synced").where(SyncItem.id == paired.id).execute()

    event_edits.restore_rows(deleted)
    assert [(r.id, r.uid) for r in Interaction.select().order_by(Interaction.id)] == [
        (other, "other-uid"), (lead, "event-uid"), (second, None), (third, None)]
    assert SyncItem.get(SyncItem.uid == "event-uid").local_id == lead
    assert SyncItem.get(SyncItem.uid == "other-uid").local_id == other


def test_an_undone_delete_recomputes_its_own_contacts_and_no_one_elses(people, clock):
    """None there recomputes every contact: seconds at 100,000, for one restored call."""
    (call,) = activity.log_interaction(clock, [people[0]], "phone").interaction_ids
    activity.log_interaction(clock, [people[1]], "phone")
    deleted = event_edits.delete_event(call, True)
    stale = clock.now() - timedelta(days=900)
    Contact.update(last_interaction_at=stale, cooling_at=stale).where(
        Contact.id == people[1]).execute()
    event_edits.restore_rows(deleted)
    bystander = Contact.get_by_id(people[1])
    assert (bystander.last_interaction_at, bystander.cooling_at) == (stale, stale)
    assert Contact.get_by_id(people[0]).last_interaction_at == clock.now()
