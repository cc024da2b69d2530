"""Logging an interaction, pinned against mutmut's survivors in store/activity.py: which
time box the minutes count towards (the open one, or one that ended up to 30 minutes
ago, the later box when both qualify), what is recorded (who started it, give and take,
the note, when it was written), the follow-up set while logging, one event with several
people, and the messages that name what is wrong."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.stages import Stage
from relmanager.store import activity, timeboxes
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Channel, FollowUp, Interaction
from relmanager.store.validation import MAX_TEXT


def logged_row(clock, contact_id: int, **kwargs) -> Interaction:
    logged = activity.log_interaction(clock, [contact_id], "phone", **kwargs)
    return Interaction.get_by_id(logged.interaction_ids[0])


def test_minutes_logged_as_a_box_starts_or_up_to_30_minutes_after_it_ends_count_for_it(
        db, clock):
    """The "log what you did?" prompt comes when a box ends: logging at its very start,
    or within 30 minutes of its end (to the second), counts the minutes towards it; a
    second later they count towards no box."""
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    box = timeboxes.start_box(clock, 30)
    assert logged_row(clock, ada.id).timebox_session_id == box.id
    clock.advance(minutes=30)
    timeboxes.stop_box(clock)
    clock.advance(minutes=30)
    assert logged_row(clock, ada.id).timebox_session_id == box.id
    clock.advance(seconds=1)
    assert logged_row(clock, ada.id).timebox_session_id is None


def test_minutes_count_for_the_box_open_now_rather_than_one_just_ended(db, clock):
    """Two boxes close together: once the second has started, what is logged counts for
    it, not for the first (still inside its grace period)."""
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    first = timeboxes.start_box(clock, 15)
    clock.advance(minutes=15)
    timeboxes.stop_box(clock)
    clock.advance(minutes=5)
    second = timeboxes.start_box(clock, 15)
    clock.advance(minutes=5)
    assert second.id != first.id
    assert logged_row(clock, ada.id).timebox_session_id == second.id


def test_what_is_logged_is_recorded_as_given(db, clock):
    """Who reached out, whether it was giving or asking, the note, and when it was written
    (the app's clock, even for a back-dated event); a plain log spends no minutes and has
    no note."""
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.advance(days=3)
    row = logged_row(clock, ada.id, occurred_at=clock.now() - timedelta(days=2), minutes=20,
                     initiated_by=Initiator.THEM, exchange=Exchange.GIVE,
                     note="Sent her the paper")
    assert (row.initiated_by, row.exchange, row.minutes, row.note) == (
        "them", "give", 20, "Sent her the paper")
    assert (row.occurred_at, row.created_at) == (clock.now() - timedelta(days=2), clock.now())
    plain = logged_row(clock, ada.id)
    assert (plain.initiated_by, plain.exchange, plain.minutes, plain.note) == (
        "me", "neutral", 0, "")


def test_a_channel_may_be_given_as_the_stored_channel_itself(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    video = Channel.get(Channel.key == "video")
    logged = activity.log_interaction(clock, [ada.id], video)
    assert Interaction.get_by_id(logged.interaction_ids[0]).channel.key == "video"


def test_an_event_with_several_people_is_one_event_and_separate_events_are_not(db, clock):
    """A lunch with two people is one event (their rows share a key); another lunch with
    the same two is another event; a call with one person belongs to no group."""
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)

    def groups(ids: list[int]) -> set[str | None]:
        return {r.group_key for r in Interaction.select().where(Interaction.id.in_(ids))}

    lunch = activity.log_interaction(clock, [ada.id, bo.id], "meeting").interaction_ids
    again = activity.log_interaction(clock, [ada.id, bo.id], "meeting").interaction_ids
    call = activity.log_interaction(clock, [ada.id], "phone").interaction_ids
    assert len(groups(lunch)) == 1 and len(groups(again)) == 1
    assert groups(lunch) != groups(again)
    assert groups(call) == {None}


def test_a_follow_up_set_while_logging_belongs_to_that_interaction(db, clock):
    """The follow-up is the first person's, tied to the interaction it came from, written
    at the app's time; a blank title reads "Follow up"."""
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)
    due = clock.now() + timedelta(days=7)
    logged = activity.log_interaction(clock, [ada.id, bo.id], "meeting",
                                      follow_up=("Send the slides", due))
    follow_up = FollowUp.get_by_id(logged.follow_up_id)
    assert (follow_up.contact_id, follow_up.title, follow_up.due_at, follow_up.created_at,
            follow_up.interaction_id) == (
        ada.id, "Send the slides", due, clock.now(), logged.interaction_ids[0])
    blank = activity.log_interaction(clock, [bo.id], "phone", follow_up=("   ", due))
    assert FollowUp.get_by_id(blank.follow_up_id).title == "Follow up"


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda clock, ada: activity.log_interaction(clock, [], "phone"),
     ValidationError, "an interaction needs at least one contact"),
    (lambda clock, ada: activity.log_interaction(
        clock, [ada], "phone", occurred_at=clock.now() + timedelta(minutes=1)),
     ValidationError, "an interaction cannot be in the future"),
    (lambda clock, ada: activity.log_interaction(clock, [ada, 4242], "phone"),
     NotFoundError, "no contact with id 4242"),
    (lambda clock, ada: activity.log_interaction(clock, [ada], "phone",
                                                 note="x" * (MAX_TEXT + 1)),
     ValidationError, f"note is at most {MAX_TEXT:,} characters"),
    (lambda clock, ada: activity.log_interaction(
        clock, [ada], "phone", follow_up=("x" * (MAX_TEXT + 1), clock.now())),
     ValidationError, f"follow-up is at most {MAX_TEXT:,} characters"),
])
def test_bad_input_is_refused_with_a_message_naming_it_and_nothing_is_written(
        db, clock, call, error, message):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    with pytest.raises(error) as raised:
        call(clock, ada.id)
    assert str(raised.value) == message
    assert Interaction.select().count() == 0 and FollowUp.select().count() == 0
