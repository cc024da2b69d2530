"""The reminder service over a fake clock: each crossing announced once, in one digest,
nothing repeated after a restart, one catch-up after a suspend."""

from __future__ import annotations

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.services.reminders import MAX_INTERVAL_MS, ReminderService, clamp_interval
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.settings import stage_cadences
from tests.recording_notifier import RecordingNotifier


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
    assert [t for t, _b, _v in notifier.shown] == ["Today: Ada Friend"]
    assert notifier.shown[0][1].startswith("Ada Friend is cooling: usually every 6 weeks; now")
    service.shutdown()

    restarted, again = make_service(clock, db_path, qapp)
    restarted.start()
    assert again.shown == []  # a restart repeats nothing

    # Logging resets warmth; the next crossing is announced again, once, after a suspend.
    log_interaction(clock, [friend.id], "phone")
    restarted.check()
    clock.jump(days=ideal + 1)  # wall clock only: the laptop slept
    restarted.check()
    restarted.check()
    assert [t for t, _b, _v in again.shown] == ["Today: Ada Friend"]
    restarted.shutdown()


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


def test_background_pass_announces_once_and_rearms(db, db_path, clock, qtbot):
    """In the app the scan runs on a worker thread: the digest still comes once, on the
    UI thread, and a burst of data changes leads to one recheck, not one per change."""
    from PySide6.QtCore import QThread

    from relmanager.services.background import BackgroundRunner

    runner = BackgroundRunner()
    threads: list[object] = []
    passes: list[object] = []

    class ThreadNotingNotifier(RecordingNotifier):
        def notify(self, title: str, body: str, view: str) -> None:
            threads.append(QThread.currentThread())
            super().notify(title, body, view)

    class CountingService(ReminderService):
        def compute(self, now):
            passes.append(QThread.currentThread())
            return super().compute(now)

    ctx = AppContext.create(clock, db_path)
    notifier = ThreadNotingNotifier()
    service = CountingService(ctx, notifier, runner=runner, debounce_ms=20,
                              startup_delay_ms=0)
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.advance(days=400)
    try:
        service.start()
        qtbot.waitUntil(lambda: len(notifier.shown) == 1, timeout=5000)
        assert notifier.shown[0][:2] == ("Today: Ada",
                                         "Ada has gone cold: usually every 6 weeks; now 13 months")
        assert threads == [QThread.currentThread()]  # shown on the UI thread...
        assert passes[0] is not QThread.currentThread()  # ...computed on the worker
        qtbot.waitUntil(lambda: not service.busy, timeout=5000)
        assert service.timer.isActive()
        for _ in range(5):
            ctx.events.contacts_changed.emit([ada.id])
        qtbot.waitUntil(lambda: len(passes) == 2, timeout=5000)
        qtbot.wait(100)
        runner.wait()
        assert len(passes) == 2  # five changes, one recheck
        assert len(notifier.shown) == 1  # nothing new: not repeated
    finally:
        service.shutdown()
        runner.shutdown()
