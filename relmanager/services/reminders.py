"""The reminder service: one single-shot QTimer for the next due event, a periodic resync
and a suspend check, all time from ``ctx.clock`` so tests run a month in milliseconds.

``check()`` is what the timer calls; tests advance the fake clock and call it directly.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import peewee as pw
from PySide6.QtCore import QObject, QTimer

from relmanager.domain.timebox import BoxSchedule, parse_weekdays
from relmanager.services import reminder_rules as rules
from relmanager.services.notifications import Notifier
from relmanager.store import notification_state as state
from relmanager.store import settings as store_settings
from relmanager.store.models import Contact, FollowUp, TimeBoxPlan
from relmanager.store.queries import going_cold_scan

#: QTimer takes a signed 32-bit millisecond interval; stay well below it.
MAX_INTERVAL_MS = 2**31 - 1000
RESYNC_MS = 15 * 60 * 1000
#: A monotonic/wall disagreement larger than this means the machine slept or the clock moved.
JUMP_TOLERANCE_S = 120.0


def clamp_interval(ms: float) -> int:
    """Clamp a delay to what a QTimer accepts (0 .. about 24.8 days)."""
    return int(max(0, min(ms, MAX_INTERVAL_MS, RESYNC_MS)))


class ReminderService(QObject):
    """Announces going-cold crossings (and other digests) once per crossing."""

    def __init__(self, ctx: Any, notifier: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._notifier = notifier
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._last_wall: datetime | None = None
        self._last_mono: float | None = None
        self.snoozed_until: datetime | None = None

    def start(self) -> None:
        """Catch up on anything due while closed (once), then arm the timer."""
        events = self._ctx.events
        events.interactions_changed.connect(self._data_changed)
        events.contacts_changed.connect(self._data_changed)
        events.settings_changed.connect(self.reschedule)
        self.check()

    def shutdown(self) -> None:
        self._timer.stop()

    def snooze_all(self, hours: float = 1.0) -> None:
        self.snoozed_until = self._ctx.clock.now() + timedelta(hours=hours)
        self.reschedule()

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
        never a backlog)."""
        items: list[rules.DueItem] = []
        for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
            schedule = BoxSchedule(parse_weekdays(plan.weekdays),
                                   datetime.strptime(plan.start_time, "%H:%M").time(),
                                   plan.minutes)
            starts = list(schedule.occurrences(now - timedelta(days=1),
                                               now + timedelta(microseconds=1)))
            if starts:
                items.append(rules.DueItem("timebox", str(plan.id), str(starts[-1]),
                                           f"Time box: {plan.minutes} min for your network"))
        return items

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
        now = self._ctx.clock.now()
        items = (self._timebox_items(now) + rules.cold_items(going_cold_scan(now), now)
                 + self._fresh_items(now) + self._follow_up_items(now))
        return rules.pending(
            items,
            lambda i: state.already_announced(*i.key),
            lambda i: state.is_snoozed("contact", i.subject, now))

    def check(self) -> list[rules.DueItem]:
        """Announce whatever is due now in one digest, record it, re-arm the timer."""
        clock = self._ctx.clock
        now = clock.now()
        shown: list[rules.DueItem] = []
        quiet = rules.in_quiet_hours(
            now, *(datetime.strptime(store_settings.get_value(k, d), "%H:%M").time()
                   for k, d in (("quiet_start", "22:00"), ("quiet_end", "07:00"))))
        enabled = bool(store_settings.get_value("notifications_enabled", True))
        if enabled and not quiet and (self.snoozed_until is None or now >= self.snoozed_until):
            shown = self.due_items()
            if shown:
                title, body = rules.digest_text(shown)
                self._notifier.notify(title, body, "today")
                state.mark_announced([i.key for i in shown], now)
        self._last_wall, self._last_mono = now, clock.monotonic()
        self.reschedule()
        return shown

    def next_due(self) -> datetime | None:
        """The next moment something may come due: a box start or a cooling/cold date."""
        now = self._ctx.clock.now()
        candidates: list[datetime] = []
        for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
            schedule = BoxSchedule(parse_weekdays(plan.weekdays),
                                   datetime.strptime(plan.start_time, "%H:%M").time(),
                                   plan.minutes)
            candidates.append(schedule.next_after(now))
        for column in (Contact.cooling_at, Contact.cold_at):
            nxt = (Contact.select(pw.fn.MIN(column)).where(
                (Contact.archived == False) & (column > now)).scalar())  # noqa: E712
            if nxt:
                candidates.append(nxt if isinstance(nxt, datetime)
                                  else datetime.fromisoformat(str(nxt)))
        return min(candidates) if candidates else None

    def reschedule(self) -> None:
        """Arm the one single-shot timer for the next due event, or the resync, whichever
        is sooner (the resync also catches wall-clock jumps the timer cannot see)."""
        nxt = self.next_due()
        delay_ms = float(RESYNC_MS)
        if nxt is not None:
            delay_ms = (nxt - self._ctx.clock.now()).total_seconds() * 1000 + 500
        self._timer.start(clamp_interval(delay_ms))

    @property
    def timer(self) -> QTimer:
        return self._timer

    def _data_changed(self, _ids: list[int]) -> None:
        self.reschedule()
