"""Follow-ups: validation that leaves the database as it was, due dates, done and undone,
the overdue query Today and the tray digest read, and follow-ups made from the log and
from an introduction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import follow_ups, introductions, today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import FollowUp


def follow_ups_due(now):
    """Open follow-ups due by ``now``'s day, as Today and the tray read them (one read,
    ``store.today_reads``): their ids, most overdue first."""
    return [int(item.subject) for item in today_reads.follow_up_items(now, {})]


@pytest.fixture
def ana(db, clock) -> int:
    return create_contact(clock, "Ana Alves", stage=Stage.DEVELOPMENT).id


def test_bad_input_is_refused_and_writes_nothing(ana, clock):
    with pytest.raises(ValidationError, match="title"):
        follow_ups.create_follow_up(clock, ana, "   ", clock.now())
    with pytest.raises(NotFoundError):
        follow_ups.create_follow_up(clock, 999_999, "Send it", clock.now())
    with pytest.raises(NotFoundError):
        follow_ups.set_done(clock, 424_242)
    assert FollowUp.select().count() == 0


def test_title_is_tidied_and_dates_kept(ana, clock):
    due = clock.now() + timedelta(days=3)
    made = follow_ups.create_follow_up(clock, ana, "  pass on\n that   article ", due,
                                       note="the one about trust")
    stored = FollowUp.get_by_id(made.id)
    assert stored.title == "pass on that article"
    assert (stored.due_at, stored.created_at, stored.done_at) == (due, clock.now(), None)
    assert stored.note == "the one about trust"


def test_overdue_done_and_undone(ana, clock):
    now = clock.now()
    late = follow_ups.create_follow_up(clock, ana, "Late", now - timedelta(days=2))
    today = follow_ups.create_follow_up(clock, ana, "Due now", now)
    later = follow_ups.create_follow_up(clock, ana, "Later", now + timedelta(days=5))
    assert sorted(follow_ups_due(now)) == sorted([late.id, today.id])
    clock.advance(hours=1)
    follow_ups.set_done(clock, late.id)
    assert FollowUp.get_by_id(late.id).done_at == clock.now()
    assert sorted(follow_ups_due(clock.now())) == sorted([today.id])
    follow_ups.set_done(clock, late.id, False)
    assert FollowUp.get_by_id(late.id).done_at is None
    assert sorted(follow_ups_due(clock.now())) == sorted([late.id, today.id])
    clock.advance(days=6)
    assert sorted(follow_ups_due(clock.now())) == sorted([late.id, today.id, later.id])


def test_profile_order_is_open_by_due_then_done_newest_first(ana, clock):
    now = clock.now()
    b = follow_ups.create_follow_up(clock, ana, "B", now + timedelta(days=2))
    a = follow_ups.create_follow_up(clock, ana, "A", now + timedelta(days=1))
    c = follow_ups.create_follow_up(clock, ana, "C", now + timedelta(days=3))
    d = follow_ups.create_follow_up(clock, ana, "D", now + timedelta(days=4))
    follow_ups.set_done(clock, c.id)
    clock.advance(minutes=5)
    follow_ups.set_done(clock, d.id)
    assert [f.id for f in follow_ups.for_contact(ana)] == [a.id, b.id, d.id, c.id]
    follow_ups.set_done(clock, a.id)  # done last: the newest done
    assert [f.id for f in follow_ups.for_contact(ana)] == [b.id, a.id, d.id, c.id]


def test_from_the_log_and_from_an_introduction(ana, clock):
    ben = create_contact(clock, "Ben Brown", stage=Stage.DEVELOPMENT).id
    due = clock.now() + timedelta(days=7)
    log_interaction(clock, [ana], "one_on_one", follow_up=("pass on that article", due))
    logged = FollowUp.get()
    assert (logged.contact_id, logged.title, logged.due_at) == (ana, "pass on that article", due)
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=ben)
    linked = follow_ups.create_follow_up(clock, ben, "Send Ben the job link", due,
                                         introduction_id=intro.id)
    assert FollowUp.get_by_id(linked.id).introduction_id == intro.id


def test_the_words_and_limits_of_a_follow_up(ana, clock):
    with pytest.raises(ValidationError, match=r"^a follow-up needs a title, e.g. 'send the art"):
        follow_ups.create_follow_up(clock, ana, None, clock.now())  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match=r"^no contact with id 999$"):
        follow_ups.create_follow_up(clock, 999, "Call", clock.now())
    with pytest.raises(NotFoundError, match=r"^no follow-up 999$"):
        follow_ups.set_done(clock, 999)
    with pytest.raises(ValidationError, match=r"^note is at most"):
        follow_ups.create_follow_up(clock, ana, "Call", clock.now(), note="x" * 100_001)
    made = follow_ups.create_follow_up(clock, ana, "y" * 600, clock.now())
    stored = FollowUp.get_by_id(made.id)
    assert (len(stored.title), stored.note) == (500, "")
