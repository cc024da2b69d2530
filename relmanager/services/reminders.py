"""The reminder service: one single-shot QTimer armed for the next moment something may be
said (the day's digest, a box starting or ending, a follow-up's hour, the end of "snooze
all" or of quiet hours), computed from the domain schedule; all time from ``ctx.clock`` so
tests run a month in milliseconds.

What is said is decided by :mod:`relmanager.services.reminder_pass` (store reads, on a
worker thread in the app); this class shows it, records it and re-arms the timer.
``check()`` is what the timer calls; tests advance the fake clock to ``wake_at`` and call it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.domain.clock import real_delay_ms
from relmanager.services import reminder_pass
from relmanager.services import reminder_rules as rules
from relmanager.services.background import BackgroundRunner
from relmanager.services.notifications import Notifier
from relmanager.services.reminder_pass import Pass
from relmanager.services.reminder_rules import Notice
from relmanager.store import notification_state as state
from relmanager.store import settings as store_settings
from relmanager.store import timeboxes
from relmanager.store.errors import StoreError
from relmanager.store.write_guard import guarded_write

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

#: QTimer takes a signed 32-bit millisecond interval; stay well below it.
MAX_INTERVAL_MS = 2**31 - 1000
RESYNC_MS = 15 * 60 * 1000
SNOOZE_ALL_KEY = "snooze_all_until"
DEBOUNCE_MS = 2000
#: How soon a pass whose record could not be written (another program's lock) first
#: runs again.
RETRY_SECONDS = 3
STARTUP_DELAY_MS = 1500

log = logging.getLogger(__name__)

__all__ = ["Pass", "ReminderService", "clamp_interval"]


def clamp_interval(ms: float) -> int:
    """Clamp a delay to what a QTimer accepts (0 .. about 24.8 days)."""
    return int(max(0, min(ms, MAX_INTERVAL_MS, RESYNC_MS)))


class ReminderService(QObject):
    """One digest a day, time-bound reminders between, each crossing said once."""

    #: A scheduled box started or ended: the tray and Today refresh their countdown.
    timebox_changed = Signal()

    def __init__(self, ctx: AppContext, notifier: Notifier, parent: QObject | None = None, *,
                 runner: BackgroundRunner | None = None, debounce_ms: int = DEBOUNCE_MS,
                 startup_delay_ms: int = STARTUP_DELAY_MS) -> None:
        """With a ``runner`` (the app), the scans run on its worker thread and the timer's
        checks never stall the window; without one (tests, the CLI) ``check()`` is all
        there is and runs synchronously."""
        super().__init__(parent)
        self._ctx = ctx
        self._notifier = notifier
        self._runner = runner
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_soon)
        #: Data changes arrive in bursts (a bulk move, an import): one recheck after them.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.check_soon)
        self._pending = False
        self._startup_delay_ms = startup_delay_ms
        #: When the timer is armed to look again (the next due moment, not the resync).
        self.wake_at: datetime | None = None
        #: Whom the last scheduled box to start is for (read by the tray when it opens).
        self.box_people: list = []
        #: How soon a pass that could not record itself runs again (doubles each time).
        self._retry_s = RETRY_SECONDS

    def start(self) -> None:
        """Catch up on anything due while closed (once), then arm the timer."""
        events = self._ctx.events
        events.interactions_changed.connect(self._data_changed)
        events.contacts_changed.connect(self._data_changed)
        for signal in (events.settings_changed, events.follow_ups_changed,
                       events.introductions_changed):
            signal.connect(self._debounce.start)
        if self._runner is None:
            self.check()
        else:  # the catch-up scan waits until the window is up, not competing with it
            QTimer.singleShot(self._startup_delay_ms, self, self.check_soon)

    def shutdown(self) -> None:
        self._timer.stop()
        self._debounce.stop()

    @property
    def snoozed_until(self) -> datetime | None:
        """Kept in the database so "snooze all" survives a restart."""
        stamp = store_settings.get_value(SNOOZE_ALL_KEY, None)
        return datetime.fromisoformat(stamp) if stamp else None

    def snooze_all(self, hours: float = 1.0) -> None:
        """Nothing is said until then; the timer wakes exactly when it ends."""
        self.record_snooze_all(hours)
        self.reschedule()

    def record_snooze_all(self, hours: float = 1.0) -> None:
        """The write of :meth:`snooze_all` alone, for the window's writer to make (a
        bounded wait, a failure said); :meth:`reschedule` follows once it committed."""
        until = self._ctx.clock.now() + timedelta(hours=hours)
        store_settings.set_value(SNOOZE_ALL_KEY, until.isoformat())

    def compute(self, now: datetime) -> Pass:
        """What to say at ``now`` and when to look next: store reads only, so it can run
        on a worker thread."""
        return reminder_pass.compute(now, self.snoozed_until)

    def apply(self, result: Pass) -> list[Notice]:
        """Record the notices and open or close boxes (one transaction, a bounded wait),
        then show them and re-arm (UI thread).

        Recorded first, so a notice is said only once it is known to be said: these
        writes used to follow the notices one by one, each waiting out the 5 s busy
        timeout on the UI thread, so another program's lock froze the window, put
        "database is locked" in the crash dialog, and had the digest said again (and the
        day's count and the announced keys could be half written). When the write cannot
        be made, nothing is said and the pass runs again soon."""
        try:
            guarded_write(lambda: self._record(result))
        except StoreError as error:
            log.warning("reminders held back, the database could not be written (%s); "
                        "looking again in %d s", error, self._retry_s)
            self._arm(self._ctx.clock.now() + timedelta(seconds=self._retry_s))
            self._retry_s = min(self._retry_s * 2, RESYNC_MS // 1000)  # a full disk: calmer
            return []
        self._retry_s = RETRY_SECONDS
        for notice in result.notices:
            self._notifier.notify(notice.title, notice.body, notice.view)
        if result.box_people:
            self.box_people = list(result.box_people)
        if result.end_sessions or result.open_boxes:
            self.timebox_changed.emit()
        self._arm(result.next_due)
        return list(result.notices)

    def _record(self, result: Pass) -> None:
        """What :meth:`apply` writes: the notices as said, the day's count, whom a box
        suggested, the boxes opened or closed."""
        keys = [k for n in result.notices for k in n.keys] + list(result.silent_keys)
        if keys:
            state.mark_announced(keys, result.now)
        if result.notices:
            day = result.now.date()
            store_settings.set_value(reminder_pass.SENT_KEY, [
                day.isoformat(), reminder_pass.sent_today(day)
                + sum(rules.counts_against_cap(n.kind) for n in result.notices)])
        if result.suggested:
            recent = store_settings.get_value(reminder_pass.RECENT_KEY, [])
            store_settings.set_value(reminder_pass.RECENT_KEY,
                                     [*recent, result.suggested][-reminder_pass.RECENT_BOXES:])
        self._apply_boxes(result)

    def _apply_boxes(self, result: Pass) -> None:
        """A scheduled box opens a session at its start whether or not it was announced
        (so what is logged in it counts); a box past its planned end closes."""
        for session_id in result.end_sessions:
            session = timeboxes.current_session(result.now)
            if session is not None and session.id == session_id:
                timeboxes.end_box_at(session, result.now)
        for plan_id, minutes, start in result.open_boxes:
            session = timeboxes.start_scheduled(self._ctx.clock, plan_id, minutes, start)
            if session is not None and result.box_people:  # named again after a restart
                timeboxes.remember_people(session.id, result.box_people)

    def check(self) -> list[Notice]:
        """Say whatever is due now, record it, re-arm the timer."""
        return self.apply(self.compute(self._ctx.clock.now()))

    def check_soon(self) -> None:
        """The timer's entry point: the scan on the worker thread when there is one, with
        at most one pass in flight (a request during it runs once after it)."""
        if self._runner is None:
            self.check()
            return
        if self._pending:
            self._debounce.start()
            return
        self._pending = True
        now = self._ctx.clock.now()
        self._runner.submit(lambda: self.compute(now), self._applied, self._failed)

    @property
    def busy(self) -> bool:
        """A background pass is in flight."""
        return self._pending

    def _applied(self, result: Pass) -> None:
        self._pending = False
        self.apply(result)

    def _failed(self, error: BaseException) -> None:
        self._pending = False
        log.error("reminder check failed", exc_info=error)
        self._arm(None)

    def next_due(self) -> datetime | None:
        return self.compute(self._ctx.clock.now()).next_due

    def reschedule(self) -> None:
        self._arm(self.next_due())

    def _arm(self, nxt: datetime | None) -> None:
        """Arm the one single-shot timer for the next due moment, or the resync, whichever
        is sooner (the resync also catches wall-clock jumps the timer cannot see)."""
        self.wake_at = nxt
        delay_ms = float(RESYNC_MS)
        if nxt is not None:
            delay_ms = (nxt - self._ctx.clock.now()).total_seconds() * 1000 + 50
        self._timer.start(int(real_delay_ms(self._ctx.clock, clamp_interval(delay_ms))))

    @property
    def timer(self) -> QTimer:
        return self._timer

    def _data_changed(self, _ids: list[int]) -> None:
        self._debounce.start()
