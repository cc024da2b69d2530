"""A box the user started by hand uses the scheduled slot it falls in: after a quit and
a restart (a second app instance on the same database), the scheduled box of that slot is
not opened again, back-dated to its scheduled start, nor announced as if nothing had
happened. Each instance is the real reminder service on its own context and connection,
with the store closed between them as a quit closes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.store import timeboxes
from relmanager.store.db import close_db, init_db
from relmanager.store.models import TimeBoxPlan, TimeBoxSession
from tests.recording_notifier import RecordingNotifier


@pytest.fixture
def instance(db_path, clock, tmp_path, qapp) -> Callable[[], tuple]:
    """``instance()``: one app start on the test's database (the previous one quit):
    the store opened afresh, a new context and a started reminder service."""
    running: list = []

    def start() -> tuple:
        if running:
            running.pop().shutdown()
            close_db()
        init_db(db_path, clock=clock)
        from relmanager.services.reminders import ReminderService

        ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
        notifier = RecordingNotifier()
        service = ReminderService(ctx, notifier)
        service.start()
        running.append(service)
        return service, notifier

    yield start
    for service in running:
        service.shutdown()


def _at(clock, hour: int, minute: int) -> datetime:
    clock.set(clock.now().replace(hour=hour, minute=minute, second=0, microsecond=0))
    return clock.now()


def _sessions() -> list[tuple[datetime, bool]]:
    return [(s.started_at, s.manual) for s in TimeBoxSession.select().order_by(
        TimeBoxSession.started_at)]


def test_a_box_started_by_hand_and_stopped_is_not_reopened_back_dated_on_restart(
        instance, clock):
    _at(clock, 8, 0)
    instance()
    TimeBoxPlan.create(minutes=30, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    manual_start = _at(clock, 8, 55)  # today's box, a little early, by hand
    timeboxes.start_box(clock, 30)
    _at(clock, 9, 5)
    timeboxes.stop_box(clock)  # done after ten minutes; then the app is quit
    _at(clock, 9, 12)
    _service, notifier = instance()  # the next start, inside the scheduled slot
    assert _sessions() == [(manual_start, True)]
    assert timeboxes.current_session(clock.now()) is None
    assert not [t for t, _b, _v in notifier.shown if t.startswith("Time box:")]


def test_a_box_running_by_hand_at_quit_is_not_doubled_by_the_schedule(instance, clock):
    _at(clock, 8, 0)
    instance()
    TimeBoxPlan.create(minutes=30, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    manual_start = _at(clock, 9, 3)
    timeboxes.start_box(clock, 15)
    _at(clock, 9, 20)  # the manual box ran out while the app was closed
    service, _notifier = instance()
    service.check()
    assert _sessions() == [(manual_start, True)]
    assert timeboxes.current_session(clock.now()) is None


def test_the_scheduled_box_still_opens_when_the_manual_one_was_another_slot(
        instance, clock):
    """A box done by hand in the morning does not use the evening's slot."""
    _at(clock, 8, 0)
    instance()
    TimeBoxPlan.create(minutes=30, weekdays="0,1,2,3,4,5,6", start_time="18:00")
    morning = _at(clock, 8, 5)
    timeboxes.start_box(clock, 30)
    _at(clock, 8, 35)
    timeboxes.stop_box(clock)
    _at(clock, 18, 10)
    _service, notifier = instance()
    evening = clock.now().replace(hour=18, minute=0)
    assert _sessions() == [(morning, True), (evening, False)]
    assert [t for t, _b, _v in notifier.shown if t.startswith("Time box")]
    assert timeboxes.current_session(clock.now()).started_at == evening
    assert evening + timedelta(minutes=30) > clock.now()
