"""The reminder service: one single-shot QTimer for the next due event, a periodic resync
and a suspend check, all time from ``ctx.clock`` so tests run a month in milliseconds.

``check()`` is what the timer calls; tests advance the fake clock and call it directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import peewee as pw
from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.domain.clock import real_delay_ms
from relmanager.domain.timebox import BoxSchedule, parse_weekdays
from relmanager.services import reminder_rules as rules
from relmanager.services import timeboxes
from relmanager.services.background import BackgroundRunner
from relmanager.services.notifications import Notifier
from relmanager.store import introductions
from relmanager.store import notification_state as state
from relmanager.store import settings as store_settings
from relmanager.store.models import Contact, FollowUp, Introduction, TimeBoxPlan
from relmanager.store.queries import going_cold_scan

#: QTimer takes a signed 32-bit millisecond interval; stay well below it.
MAX_INTERVAL_MS = 2**31 - 1000
RESYNC_MS = 15 * 60 * 1000
#: A monotonic/wall disagreement larger than this means the machine slept or the clock moved.
JUMP_TOLERANCE_S = 120.0
SNOOZE_ALL_KEY = "snooze_all_until"
DEBOUNCE_MS = 2000
STARTUP_DELAY_MS = 1500

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pass:
    """One check's findings: what to announce, and when to look again."""

    now: datetime
    items: list[rules.DueItem]
    next_due: datetime | None


def clamp_interval(ms: float) -> int:
    """Clamp a delay to what a QTimer accepts (0 .. about 24.8 days)."""
    return int(max(0, min(ms, MAX_INTERVAL_MS, RESYNC_MS)))


class ReminderService(QObject):
    """Announces going-cold crossings (and other digests) once per crossing."""

    #: A scheduled box started or ended: the tray and Today refresh their countdown.
    timebox_changed = Signal()

    def __init__(self, ctx: Any, notifier: Notifier, parent: QObject | None = None, *,
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
        self._last_wall: datetime | None = None
        self._last_mono: float | None = None

    def start(self) -> None:
        """Catch up on anything due while closed (once), then arm the timer."""
        events = self._ctx.events
        events.interactions_changed.connect(self._data_changed)
        events.contacts_changed.connect(self._data_changed)
        events.settings_changed.connect(self._debounce.start)
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
        until = self._ctx.clock.now() + timedelta(hours=hours)
        store_settings.set_value(SNOOZE_ALL_KEY, until.isoformat())

    def suspended_since_last_check(self) -> bool:
        """True when wall time moved much more than monotonic time (suspend or clock jump)."""
        clock = self._ctx.clock
        if self._last_wall is None or self._last_mono is None:
            return False
        wall = (clock.now() - self._last_wall).total_seconds()
        mono = clock.monotonic() - self._last_mono
        return abs(wall - mono) > JUMP_TOLERANCE_S

    def _timebox_items(self, now: datetime) -> list[rules.DueItem]:
        """The latest scheduled box start in the last day not yet announced (one catch-up,
        never a backlog), with 1 to 3 people to spend it on; and the end of a running box."""
        items: list[rules.DueItem] = []
        sphere = str(store_settings.get_value("timebox_sphere", "any"))
        for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
            schedule = BoxSchedule(parse_weekdays(plan.weekdays),
                                   datetime.strptime(plan.start_time, "%H:%M").time(),
                                   plan.minutes)
            starts = list(schedule.occurrences(now - timedelta(days=1),
                                               now + timedelta(microseconds=1)))
            if starts:
                people = [name for _id, name in timeboxes.suggest_people(now, 3, sphere)]
                label = f"Time box: {plan.minutes} min for your network"
                if people:
                    label += " (try " + ", ".join(people) + ")"
                items.append(rules.DueItem("timebox", str(plan.id), str(starts[-1]), label))
        session = timeboxes.current_session(now)
        if session is not None and timeboxes.planned_end(session) <= now:
            items.append(rules.DueItem("timebox_end", str(session.id), str(session.started_at),
                                       "Time box over: log what you did?"))
        return items

    def _apply_timebox_items(self, shown: list[rules.DueItem], now: datetime) -> None:
        """A scheduled box that was announced starts a session (so its countdown runs and
        interactions logged in it count); an announced end closes it."""
        for item in shown:
            if item.kind == "timebox":
                plan = TimeBoxPlan.get_or_none(TimeBoxPlan.id == int(item.subject))
                start = datetime.fromisoformat(item.occurrence)
                if plan is not None and start + timedelta(minutes=plan.minutes) > now:
                    timeboxes.start_box(self._ctx.clock, plan.minutes, manual=False, plan=plan,
                                        started_at=start)
            elif item.kind == "timebox_end":
                session = timeboxes.current_session(now)
                if session is not None and str(session.id) == item.subject:
                    timeboxes.end_box_at(session, now)
        if any(i.kind in ("timebox", "timebox_end") for i in shown):
            self.timebox_changed.emit()

    def _fresh_items(self, now: datetime) -> list[rules.DueItem]:
        limit = now - timedelta(days=store_settings.fresh_days())
        query = Contact.select(Contact.id, Contact.display_name, Contact.created_at).where(
            (Contact.stage == "encounter") & (Contact.archived == False)  # noqa: E712
            & (Contact.created_at <= limit) & Contact.last_interaction_at.is_null())
        return [rules.DueItem("fresh", str(c.id), str(c.created_at), c.display_name)
                for c in query]

    def _follow_up_items(self, now: datetime) -> list[rules.DueItem]:
        query = (FollowUp.select(FollowUp, Contact.display_name).join(Contact)
                 .where(FollowUp.done_at.is_null() & (FollowUp.due_at <= now))
                 .order_by(FollowUp.due_at))
        return [rules.DueItem("follow_up", str(f.id), str(f.due_at),
                              f"Follow up with {f.contact.display_name}: {f.title}")
                for f in query]

    def due_items(self) -> list[rules.DueItem]:
        return self.compute(self._ctx.clock.now()).items

    def _introduction_items(self, now: datetime) -> list[rules.DueItem]:
        """Made introductions whose check-in (or report back to the introducer) is due."""
        return [rules.DueItem("introduction", str(i.id), str(i.follow_up_due_at),
                              introductions.describe_due(i))
                for i in introductions.follow_ups_due(now)]

    def _gather(self, now: datetime, scan: list[tuple]) -> list[rules.DueItem]:
        items = (self._timebox_items(now) + rules.cold_items(scan, now)
                 + self._fresh_items(now) + self._follow_up_items(now)
                 + self._introduction_items(now))
        announced = state.announced_keys()
        snoozed = state.snoozed_subjects("contact", now)
        return rules.pending(items, lambda i: i.key in announced,
                             lambda i: i.subject in snoozed and i.kind in rules.CONTACT_KINDS)

    def compute(self, now: datetime) -> Pass:
        """What to announce at ``now`` and when to look next: store reads only, so it can
        run on a worker thread."""
        scan = going_cold_scan(now)
        items: list[rules.DueItem] = []
        quiet = rules.in_quiet_hours(
            now, *(datetime.strptime(store_settings.get_value(k, d), "%H:%M").time()
                   for k, d in (("quiet_start", "22:00"), ("quiet_end", "07:00"))))
        enabled = bool(store_settings.get_value("notifications_enabled", True))
        snoozed_until = self.snoozed_until
        if enabled and not quiet and (snoozed_until is None or now >= snoozed_until):
            items = self._gather(now, scan)
        return Pass(now, items, self._next_due(now, scan))

    def apply(self, result: Pass) -> list[rules.DueItem]:
        """Show the digest, record it, start or end boxes and re-arm the timer (UI thread)."""
        clock = self._ctx.clock
        shown = result.items
        if shown:
            title, body = rules.digest_text(shown)
            self._notifier.notify(title, body, rules.digest_view(shown))
            state.mark_announced([i.key for i in shown], result.now)
            self._apply_timebox_items(shown, result.now)
        self._last_wall, self._last_mono = result.now, clock.monotonic()
        self._arm(result.next_due)
        return shown

    def check(self) -> list[rules.DueItem]:
        """Announce whatever is due now in one digest, record it, re-arm the timer."""
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
        now = self._ctx.clock.now()
        return self._next_due(now, going_cold_scan(now))

    def _next_due(self, now: datetime, scan: list[tuple]) -> datetime | None:
        """The next moment something may come due: a box start or end, or a cooling/cold
        date. A contact not yet cooling crosses into cooling before cold, so the next cold
        crossing is among those already cooling, which ``scan`` holds."""
        candidates: list[datetime] = []
        for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
            schedule = BoxSchedule(parse_weekdays(plan.weekdays),
                                   datetime.strptime(plan.start_time, "%H:%M").time(),
                                   plan.minutes)
            candidates.append(schedule.next_after(now))
        session = timeboxes.current_session(now)
        if session is not None:
            candidates.append(max(now, timeboxes.planned_end(session)))
        for column in (FollowUp.due_at, Introduction.follow_up_due_at):
            upcoming = column.model.select(pw.fn.MIN(column)).where(column > now).scalar()
            if upcoming:
                candidates.append(upcoming if isinstance(upcoming, datetime)
                                  else datetime.fromisoformat(str(upcoming)))
        cooling = (Contact.select(pw.fn.MIN(Contact.cooling_at)).where(
            (Contact.archived == False) & (Contact.cooling_at > now)).scalar())  # noqa: E712
        stamp = str(now)
        cold = min((str(row[4]) for row in scan if row[4] and str(row[4]) > stamp), default=None)
        for value in (cooling, cold):
            if value:
                candidates.append(value if isinstance(value, datetime)
                                  else datetime.fromisoformat(str(value)))
        return min(candidates) if candidates else None

    def reschedule(self) -> None:
        self._arm(self.next_due())

    def _arm(self, nxt: datetime | None) -> None:
        """Arm the one single-shot timer for the next due event, or the resync, whichever
        is sooner (the resync also catches wall-clock jumps the timer cannot see)."""
        delay_ms = float(RESYNC_MS)
        if nxt is not None:
            delay_ms = (nxt - self._ctx.clock.now()).total_seconds() * 1000 + 500
        self._timer.start(int(real_delay_ms(self._ctx.clock, clamp_interval(delay_ms))))

    @property
    def timer(self) -> QTimer:
        return self._timer

    def _data_changed(self, _ids: list[int]) -> None:
        self._debounce.start()
