"""Manual time boxes with a fake clock: start, countdown, stop, the week's minutes."""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.services import timeboxes
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import TimeBoxPlan


def test_start_count_down_stop_and_week_progress(db, clock):
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4")
    session = timeboxes.start_box(clock, 15)
    assert timeboxes.start_box(clock, 30).id == session.id  # only one open box
    clock.advance(minutes=5)
    assert timeboxes.remaining_seconds(timeboxes.current_session(clock.now()), clock.now()) == 600
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", minutes=10)
    assert timeboxes.stop_box(clock) is not None
    assert timeboxes.current_session(clock.now()) is None
    progress = timeboxes.week_progress(clock.now())
    assert (progress.invested_minutes, progress.committed_minutes) == (10, 75)
