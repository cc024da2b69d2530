"""The reminder service's own bookkeeping, through the real service on a fake clock
(pinned against mutmut's survivors in services/reminders.py): the timer wakes at the due
moment (plus a 50 ms margin) or on the 15-minute resync, a failed pass is logged and
retried rather than leaving the service "busy" for good, a box opening or closing tells
the tray, and "snooze all" lasts the hours asked."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.services import reminder_pass
from relmanager.services.background import BackgroundRunner
from relmanager.services.context import AppContext
from relmanager.services.reminders import (
    DEBOUNCE_MS,
    MAX_INTERVAL_MS,
    RESYNC_MS,
    ReminderService,
    clamp_interval,
)
from relmanager.store import preferences, timeboxes
from relmanager.store import settings as store_settings
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import TimeBoxPlan
from tests.conftest import at
from tests.recording_notifier import RecordingNotifier


def cold_friend(clock, name: str = "Ada"):
    """A friend last spoken to 400 days ago: the digest names them."""
    now = clock.now()
    clock.set(now - timedelta(days=400))
    friend = create_contact(clock, name, stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone")
    clock.set(now)
    return friend




@pytest.fixture
def background(db, db_path, clock, qapp):
    """The service as the app wires it: passes on a worker thread."""
    runner = BackgroundRunner()
    notifier = RecordingNotifier()
    ctx = AppContext.create(clock, db_path)
    svc = ReminderService(ctx, notifier, runner=runner, debounce_ms=30, startup_delay_ms=0)
    svc.shown = notifier.shown  # type: ignore[attr-defined]
    svc.ctx = ctx  # type: ignore[attr-defined]
    yield svc
    svc.shutdown()
    runner.shutdown()


def test_the_timer_wakes_50_ms_after_the_due_moment_or_on_the_resync(service, clock):
    """Ten minutes before the 07:00 digest the single-shot timer waits exactly ten minutes
    and 50 ms (the margin puts the wake-up after the moment, not a hair before it); with
    the next moment a day away it waits the 15-minute resync, never longer."""
    cold_friend(clock)
    preferences.save(digest_time="07:00")
    clock.set(at(1, 6, 50))
    service.start()
    assert service.wake_at == at(1, 7)
    assert service.timer.isActive() and service.timer.isSingleShot()
    assert service.timer.interval() == 10 * 60 * 1000 + 50
    clock.set(at(1, 7))
    assert [t for t, _b, _v in service.shown] == []
    service.check()
    assert [t for t, _b, _v in service.shown] == ["Today: Ada"]
    assert service.wake_at == at(2, 7)
    assert service.timer.interval() == RESYNC_MS


def test_a_delay_is_clamped_to_the_resync_and_never_negative():
    """A moment already past fires at once; one beyond a QTimer's range or the resync
    waits the resync (which is also what catches a suspend or a clock jump)."""
    assert clamp_interval(-5) == 0
    assert clamp_interval(0.9) == 0
    assert clamp_interval(1234.7) == 1234
    assert clamp_interval(RESYNC_MS + 1) == RESYNC_MS
    assert clamp_interval(10**12) == RESYNC_MS < MAX_INTERVAL_MS


def test_a_failed_pass_is_logged_and_retried_not_left_pending(background, clock, qtbot,
                                                              caplog):
    """A pass that raises (here a count of today's notifications another version wrote as
    text) is logged with its error, leaves the service armed on the resync and not busy;
    the next check, once the row is readable, says the digest. Left "pending", every later
    check would only restart the debounce and nothing would ever be said again."""
    cold_friend(clock)
    preferences.save(digest_time="07:00")
    clock.set(at(1, 8))
    store_settings.set_value(reminder_pass.SENT_KEY, [at(1, 0).date().isoformat(), "three"])
    with caplog.at_level(logging.ERROR, logger="relmanager.services.reminders"):
        background.start()
        qtbot.waitUntil(lambda: any(r.name == "relmanager.services.reminders"
                                    for r in caplog.records), timeout=5000)
    record = next(r for r in caplog.records if r.name == "relmanager.services.reminders")
    assert record.getMessage() == "reminder check failed"
    assert record.levelno == logging.ERROR
    assert isinstance(record.exc_info[1], ValueError)
    assert background.busy is False
    assert background.wake_at is None
    assert background.timer.isActive() and background.timer.interval() == RESYNC_MS
    assert background.shown == []

    store_settings.set_value(reminder_pass.SENT_KEY, [at(1, 0).date().isoformat(), 0])
    background.check_soon()
    qtbot.waitUntil(lambda: len(background.shown) == 1, timeout=5000)
    assert background.shown[0][0] == "Today: Ada"
    qtbot.waitUntil(lambda: background.busy is False, timeout=5000)
    assert background.wake_at == at(2, 7)


def test_a_check_asked_during_a_pass_runs_once_after_it(background, clock, qtbot):
    """A second check while a pass is in flight is not a second pass at once: it is put
    off by the debounce and then runs (so what changed meanwhile is still seen)."""
    preferences.save(digest_time="07:00")
    clock.set(at(1, 8))
    background.start()
    qtbot.waitUntil(lambda: background.busy is False and background.wake_at is not None,
                    timeout=5000)
    cold_friend(clock)  # after the day's digest was found empty: said tomorrow
    clock.set(at(2, 8))
    background.check_soon()
    assert background.busy is True
    background.check_soon()  # during the pass: not a second submit
    assert background.busy is True
    qtbot.waitUntil(lambda: len(background.shown) == 1, timeout=5000)
    assert background.shown[0][0] == "Today: Ada"
    qtbot.waitUntil(lambda: background.busy is False, timeout=5000)


def test_the_catch_up_waits_for_the_startup_delay_in_the_app(db, db_path, clock, qtbot):
    """In the app the first pass (the catch-up on what was due while closed) waits the
    startup delay, so it does not compete with the window coming up."""
    cold_friend(clock)
    preferences.save(digest_time="07:00")
    clock.set(at(1, 8))
    runner = BackgroundRunner()
    notifier = RecordingNotifier()
    svc = ReminderService(AppContext.create(clock, db_path), notifier, runner=runner,
                          startup_delay_ms=400)
    try:
        svc.start()
        qtbot.wait(150)
        assert notifier.shown == [] and svc.busy is False
        qtbot.waitUntil(lambda: len(notifier.shown) == 1, timeout=5000)
        assert notifier.shown[0][0] == "Today: Ada"
    finally:
        svc.shutdown()
        runner.shutdown()


def test_a_service_gone_before_the_startup_delay_says_nothing(db, db_path, clock, qtbot):
    """The app quitting (its tray, the service's parent, destroyed) within the startup
    delay: the pending catch-up is dropped with the service, nothing is said after."""
    from PySide6.QtCore import QObject

    cold_friend(clock)
    preferences.save(digest_time="07:00")
    clock.set(at(1, 8))
    runner = BackgroundRunner()
    notifier = RecordingNotifier()
    parent = QObject()
    svc = ReminderService(AppContext.create(clock, db_path), notifier, parent,
                          runner=runner, startup_delay_ms=200)
    try:
        svc.start()
        parent.deleteLater()
        qtbot.waitUntil(lambda: not _alive(svc), timeout=2000)
        qtbot.wait(400)
        runner.wait()
        qtbot.wait(50)
        assert notifier.shown == []
    finally:
        runner.shutdown()


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


@pytest.mark.parametrize("signal", ["settings_changed", "follow_ups_changed",
                                    "introductions_changed", "contacts_changed",
                                    "interactions_changed"])
def test_a_change_to_the_data_leads_to_a_recheck_after_the_debounce(background, clock,
                                                                    qtbot, signal):
    """Each kind of change (settings, follow-ups, introductions, contacts, interactions)
    starts the debounce, and its end runs a pass that sees the change."""
    preferences.save(digest_time="07:00")
    clock.set(at(1, 8))
    background.start()
    qtbot.waitUntil(lambda: background.busy is False and background.wake_at is not None,
                    timeout=5000)
    friend = cold_friend(clock)
    clock.set(at(2, 8))
    emitted = getattr(background.ctx.events, signal)
    if signal in ("contacts_changed", "interactions_changed"):
        emitted.emit([friend.id])
    else:
        emitted.emit()
    qtbot.waitUntil(lambda: len(background.shown) == 1, timeout=5000)
    assert background.shown[0][0] == "Today: Ada"


def test_the_default_debounce_is_two_seconds(db, db_path, clock, qapp):
    """A burst of changes (a bulk move, an import) is followed by one recheck two seconds
    after its last change."""
    svc = ReminderService(AppContext.create(clock, db_path), RecordingNotifier())
    svc.start()
    svc._ctx.events.settings_changed.emit()
    debounce = [t for t in svc.findChildren(type(svc.timer)) if t is not svc.timer]
    assert [(t.interval(), t.isSingleShot(), t.isActive()) for t in debounce] == [
        (DEBOUNCE_MS, True, True)]
    svc.shutdown()
    assert not any(t.isActive() for t in debounce)


def test_snooze_all_lasts_the_hours_asked_and_survives_a_restart(service, db_path, clock,
                                                                 qapp):
    """"Snooze all" for two hours at 08:00 holds everything until 10:00, a restarted
    service too, and the timer is armed for exactly that moment."""
    cold_friend(clock)
    preferences.save(digest_time="09:00")
    clock.set(at(1, 8))
    service.start()
    service.snooze_all(2)
    assert service.snoozed_until == at(1, 10)
    assert service.wake_at == at(1, 10)
    restarted = ReminderService(AppContext.create(clock, db_path), RecordingNotifier())
    assert restarted.snoozed_until == at(1, 10)
    clock.set(at(1, 9))
    assert service.check() == []
    clock.set(at(1, 10))
    assert [n.title for n in service.check()] == ["Today: Ada"]


def test_the_default_snooze_all_is_one_hour(service, clock):
    """The tray's "Snooze all" passes no length: one hour."""
    clock.set(at(1, 8))
    service.start()
    service.snooze_all()
    assert service.snoozed_until == at(1, 9)


def test_a_box_opening_and_closing_tells_the_tray_and_names_its_people(service, clock):
    """At a scheduled box's start the service opens a session and signals the tray (which
    reads whom the box is for); at its planned end it closes the session and signals
    again. Between them nothing changes, and no signal is sent."""
    friend = cold_friend(clock)
    preferences.save(digest_time="07:00")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    clock.set(at(1, 8))
    service.start()
    assert service.box_people == []
    changes: list[datetime] = []
    service.timebox_changed.connect(lambda: changes.append(clock.now()))
    clock.set(at(1, 9))
    service.check()
    session = timeboxes.current_session(clock.now())
    assert session is not None
    assert changes == [at(1, 9)]
    assert [i.contact_id for i in service.box_people] == [friend.id]
    clock.set(at(1, 9, 5))
    service.check()
    assert changes == [at(1, 9)]
    clock.set(at(1, 9, 15))
    service.check()
    assert changes == [at(1, 9), at(1, 9, 15)]
    assert timeboxes.current_session(clock.now()) is None
    assert [i.contact_id for i in service.box_people] == [friend.id]  # kept for the tray


def test_a_meeting_brief_does_not_use_up_the_days_cap(service, clock):
    """A meeting's brief is due at its moment or never, so the cap neither holds it
    back nor counts it: the service wakes for it, and after it the day's count of
    notifications is unchanged."""
    from relmanager.interchange.calendar_upcoming import UpcomingOccurrence
    from relmanager.store import upcoming

    create_contact(clock, "Ann Lee", emails=["ann@example.com"], stage=Stage.FRIENDSHIP)
    preferences.save(digest_time="07:00")
    lunch = at(1, 14)
    assert upcoming.replace_upcoming("cal", [UpcomingOccurrence(
        "a", lunch, lunch + timedelta(minutes=30), "Lunch", "meeting", 30,
        ("ann@example.com",))], clock.now()) == 1
    clock.set(at(1, 13, 45))
    service.start()
    assert service.wake_at == at(1, 13, 50)  # the brief's moment wakes the service
    clock.set(at(1, 13, 50))
    service.check()
    assert [t for t, _b, _v in service.shown] == ["Meeting with Ann Lee in 10 min: brief"]
    assert reminder_pass.sent_today(at(1, 0).date()) == 0


def test_a_box_opened_late_starts_at_its_scheduled_time(service, clock):
    """The laptop wakes at 09:05, five minutes into the 09:00 box: the session opens as
    started at 09:00 (so it ends at 09:15, as planned), not at 09:05."""
    preferences.save(digest_time="07:00")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    clock.set(at(1, 9, 5))
    service.start()
    session = timeboxes.current_session(clock.now())
    assert session is not None and session.started_at == at(1, 9)
    assert service.wake_at == at(1, 9, 15)


def test_a_pass_applied_late_closes_only_the_box_it_found_over(service, clock):
    """In the app a pass is computed on the worker and applied a moment later. A pass
    that found the 10:00 box over, applied after the user closed that box and started
    another, leaves the new box open; applied when no box is open, it does nothing."""
    clock.set(at(1, 10))
    service.start()
    first = timeboxes.start_box(clock, 15)
    clock.set(at(1, 10, 15))
    found = service.compute(clock.now())
    assert found.end_sessions == [first.id]
    timeboxes.end_box_at(first, clock.now())
    second = timeboxes.start_box(clock, 30)
    service.apply(found)
    still = timeboxes.current_session(clock.now())
    assert still is not None and still.id == second.id
    timeboxes.end_box_at(still, clock.now())
    service.apply(found)
    assert timeboxes.current_session(clock.now()) is None


def test_on_a_faster_clock_the_timer_waits_the_real_time(db, db_path, clock, qapp):
    """The end-to-end tests run the app on a clock 60 times as fast: ten minutes to the
    digest on that clock is ten real seconds for the timer, not ten minutes."""
    from relmanager.domain.clock import ScaledClock

    cold_friend(clock)
    preferences.save(digest_time="07:00")
    fast = ScaledClock(at(1, 6, 50), rate=60.0)
    svc = ReminderService(AppContext.create(fast, db_path), RecordingNotifier())
    try:
        svc.start()
        assert svc.wake_at == at(1, 7)
        assert 9_000 < svc.timer.interval() <= (10 * 60 * 1000 + 50) / 60
    finally:
        svc.shutdown()
