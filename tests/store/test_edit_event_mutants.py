"""History's edit of an event and its undo, pinned against mutmut's survivors in
store/activity.py (branch rwrite3): which fields may be edited and what the refusal
names, a channel given by key, minutes and notes cleaned as when logged, an edit for
everyone keeping the group whole, "only this person" taking the row (and only a
row that shares its event) out of the group with the sync uid handed on, and an undo
that puts back exactly the rows and links the edit touched, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.capture import Candidate
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.stages import Stage
from relmanager.store import activity, capture, event_edits
from relmanager.store.capture_models import CaptureItem
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Channel, FollowUp, Interaction
from relmanager.store.validation import MAX_TEXT


@pytest.fixture
def people(db, clock) -> list[int]:
    return [create_contact(clock, name, emails=[f"{name.lower()}@x.example"],
                           stage=Stage.FRIENDSHIP).id for name in ("Ann", "Bo", "Cy")]


def _row(row_id: int) -> Interaction:
    return Interaction.get_by_id(row_id)


def test_every_field_history_offers_is_edited(people, clock):
    (row,) = activity.log_interaction(clock, [people[0]], "email").interaction_ids
    when = clock.now() - timedelta(days=2)
    event_edits.edit_event(row, True, occurred_at=when, channel="phone", minutes="25",
                        exchange=Exchange.GIVE.value, initiated_by=Initiator.THEM.value,
                        note="called back")
    edited = _row(row)
    assert (edited.occurred_at, edited.channel.key, edited.minutes, edited.exchange,
            edited.initiated_by, edited.note) == (when, "phone", 25, "give", "them",
                                                  "called back")
    event_edits.edit_event(row, True, channel=Channel.get(Channel.key == "meeting"))
    assert _row(row).channel.key == "meeting"


def test_a_field_history_does_not_offer_is_refused_by_name(people, clock):
    (row,) = activity.log_interaction(clock, [people[0]], "email").interaction_ids
    with pytest.raises(ValidationError, match=r"^cannot edit contact$"):
        event_edits.edit_event(row, True, uid="x", contact=people[1], note="n")
    with pytest.raises(NotFoundError, match=r"^unknown channel 'pigeon'"):
        event_edits.edit_event(row, True, channel="pigeon")
    with pytest.raises(ValidationError, match=r"^minutes spent must be between 0 and 1440"):
        event_edits.edit_event(row, True, minutes=-5)
    with pytest.raises(ValidationError, match=rf"^note is at most {MAX_TEXT:,} characters$"):
        event_edits.edit_event(row, True, note="x" * (MAX_TEXT + 1))
    assert _row(row).note == "" and _row(row).contact_id == people[0]
    event_edits.edit_event(row, True, note="a\x00b")
    assert _row(row).note == "ab"
    with pytest.raises(NotFoundError, match=r"^that interaction is no longer there$"):
        event_edits.edit_event(row + 100, True, note="gone")


def test_an_edit_for_everyone_keeps_the_group_and_its_uid(people, clock):
    rows = activity.log_interaction(clock, people, "meeting", minutes=60).interaction_ids
    Interaction.update(uid="event-uid").where(Interaction.id == rows[0]).execute()
    key = _row(rows[0]).group_key
    assert event_edits.edit_event(rows[1], True, minutes=90) == rows
    assert [(_row(r).group_key, _row(r).minutes) for r in rows] == [(key, 90)] * 3
    assert _row(rows[0]).uid == "event-uid"


def test_only_the_lead_of_two_leaves_its_group_and_hands_the_uid_on(people, clock):
    lead, other = activity.log_interaction(clock, people[:2], "meeting").interaction_ids
    Interaction.update(uid="event-uid").where(Interaction.id == lead).execute()
    assert event_edits.edit_event(lead, False, minutes=5) == [lead]
    assert (_row(lead).group_key, _row(lead).uid, _row(lead).minutes) == (None, None, 5)
    assert (_row(other).uid, _row(other).minutes) == ("event-uid", 0)


def test_only_this_person_on_a_row_alone_leaves_its_group_and_uid(people, clock):
    """A one-person event, or a group row whose others were deleted: nothing to leave."""
    (single,) = activity.log_interaction(clock, [people[0]], "phone").interaction_ids
    lone, gone = activity.log_interaction(clock, people[1:], "meeting").interaction_ids
    event_edits.delete_event(gone, everyone=False)
    for row, uid in ((single, "single-uid"), (lone, "lone-uid")):
        Interaction.update(uid=uid).where(Interaction.id == row).execute()
    key = _row(lone).group_key
    event_edits.edit_event(single, False, minutes=7)
    event_edits.edit_event(lone, False, minutes=8)
    assert (_row(single).uid, _row(single).minutes) == ("single-uid", 7)
    assert (_row(lone).uid, _row(lone).group_key, _row(lone).minutes) == ("lone-uid", key, 8)


def test_an_undone_edit_for_everyone_puts_back_every_row_and_only_those(people, clock):
    rows = activity.log_interaction(clock, people, "meeting", minutes=60).interaction_ids
    (elsewhere,) = activity.log_interaction(clock, [people[0]], "phone",
                                            minutes=3).interaction_ids
    edit = event_edits.edit_event_undoable(rows[2], True, minutes=90)
    assert [_row(r).minutes for r in rows] == [90] * 3
    event_edits.edit_event(elsewhere, True, minutes=4)  # another edit, after this one
    event_edits.undo_edit_event(edit)
    assert [_row(r).minutes for r in rows] == [60] * 3
    assert len({_row(r).group_key for r in rows}) == 1
    assert _row(elsewhere).minutes == 4


def test_an_undone_edit_of_a_single_row_keeps_its_follow_up(people, clock):
    (row,) = activity.log_interaction(
        clock, [people[0]], "phone",
        follow_up=("Send the deck", clock.now() + timedelta(days=2))).interaction_ids
    edit = event_edits.edit_event_undoable(row, False, note="short call")
    event_edits.undo_edit_event(edit)
    (follow_up,) = FollowUp.select()
    assert (follow_up.interaction_id, _row(row).note) == (row, "")


def test_undoing_one_edit_leaves_another_captured_row_the_users(db, clock):
    for name in ("Ann", "Bo"):
        create_contact(clock, name, emails=[f"{name.lower()}@x.example"])
    capture.add_me(["me@x.example"])
    mails = [Candidate(f"<{n}@x.example>", clock.now() - timedelta(days=1), "email",
                       (f"{n}@x.example",)) for n in ("ann", "bo")]
    capture.apply_capture(capture.plan_capture("mail", "box", mails, read=2), clock)
    ann, bo = [i for (i,) in Interaction.select(Interaction.id).order_by(Interaction.id)
               .tuples()]
    first = event_edits.edit_event_undoable(ann, True, note="mine")
    event_edits.edit_event_undoable(bo, True, note="mine too")
    event_edits.undo_edit_event(first)
    held = [i for (i,) in CaptureItem.select(CaptureItem.interaction_id)
            .order_by(CaptureItem.id).tuples()]
    assert held == [ann, None]
