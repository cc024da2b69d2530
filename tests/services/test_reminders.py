"""The reminder service over a fake clock: each crossing announced once, in one digest,
nothing repeated after a restart, one catch-up after a suspend."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Stage
from relmanager.services import reminder_rules as rules
from relmanager.services.context import AppContext
from relmanager.services.notifications import RecordingNotifier
from relmanager.services.reminders import MAX_INTERVAL_MS, ReminderService, clamp_interval
from relmanager.store import notification_state as state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.settings import stage_cadences


def make_service(clock, db_path, qapp) -> tuple[ReminderService, RecordingNotifier]:
    ctx = AppContext.create(clock, db_path)
    notifier = RecordingNotifier()
    return ReminderService(ctx, notifier), notifier


def test_month_of_crossings_once_each_restart_and_suspend(db, db_path, clock, qapp):
    friend = create_contact(clock, "Ada Friend", stage=Stage.FRIENDSHIP)
    create_contact(clock, "Ivy Inbox", stage=Stage.INBOX)
    create_contact(clock, "Pat Parked", stage=Stage.PARKED)
    ideal = stage_cadences()[Stage.FRIENDSHIP].ideal_days
    service, notifier = make_service(clock, db_path, qapp)
    service.start()
    assert notifier.shown == []
    for _ in range(ideal + 1):
        clock.advance(days=1)
        service.check()
    cold = [t for t, _b, _v in notifier.shown]
    assert cold == ["1 person going cold: Ada Friend"]
    service.shutdown()

    restarted, again = make_service(clock, db_path, qapp)
    restarted.start()
    assert again.shown == []  # a restart repeats nothing

    # Logging resets warmth; the next crossing is announced again, once, after a suspend.
    log_interaction(clock, [friend.id], "phone")
    restarted.check()
    clock.jump(days=ideal + 1)  # wall clock only: the laptop slept
    assert restarted.suspended_since_last_check()
    restarted.check()
    restarted.check()
    assert [t for t, _b, _v in again.shown] == ["1 person going cold: Ada Friend"]
    restarted.shutdown()


def test_snooze_per_contact_and_quiet_hours(db, clock):
    friend = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)
    state.snooze("contact", str(friend.id), clock.now() + timedelta(weeks=1))
    assert state.is_snoozed("contact", str(friend.id), clock.now())
    assert not state.is_snoozed("contact", str(friend.id), clock.now() + timedelta(days=8))
    from datetime import time
    assert rules.in_quiet_hours(clock.now().replace(hour=23), time(22), time(7))
    assert not rules.in_quiet_hours(clock.now().replace(hour=12), time(22), time(7))


def test_interval_is_clamped():
    assert clamp_interval(10**12) <= MAX_INTERVAL_MS
    assert clamp_interval(-5) == 0


def test_production_path_is_one_single_shot_timer(db, db_path, clock, qapp):
    from relmanager.services.reminders import RESYNC_MS
    friend = create_contact(clock, "Cy", stage=Stage.FRIENDSHIP)
    service, _notifier = make_service(clock, db_path, qapp)
    service.start()
    assert service.timer.isSingleShot() and service.timer.isActive()
    assert 0 < service.timer.interval() <= RESYNC_MS
    assert service.next_due() is not None and friend.id
    service.shutdown()
    assert not service.timer.isActive()
