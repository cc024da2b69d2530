"""The tray's time-box status: the countdown in the tray's tooltip and on Today, the
week's progress, and the quiet-hours line ("reminders held until 07:00").

The status is read on the tray's worker (the reminder service's, as the menu is), never
on the UI thread: it was read there at start, on every interaction logged and every
settings change, three to five queries each (the running box, the week's sessions and
interactions, the preferences), and at 100,000 contacts the week's figure alone scanned
the interactions. The newest request wins (``BackgroundReader``), so an answer read
before a later change is dropped.

Split out of ``tray`` (the icon, its menu and its messages) as a mixin of
:class:`~relmanager.ui.shell.tray.TrayController`, which owns the icon, the window, the
context and the box prompts this reads from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from relmanager.domain.clock import real_delay_ms
from relmanager.domain.priority import Item
from relmanager.paths import app_title
from relmanager.services import reminder_rules as rules
from relmanager.services.reminders import clamp_interval
from relmanager.store import preferences, timeboxes
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import inert

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from relmanager.domain.timebox import WeekProgress
    from relmanager.services.background import BackgroundReader
    from relmanager.services.context import AppContext
    from relmanager.store.timeboxes import TimeBoxSession
    from relmanager.ui.shell.main_window import MainWindow
    from relmanager.ui.shell.tray_boxes import BoxPrompts

#: The key of the status read on the tray's worker: a newer read supersedes an older one.
STATUS_KEY = "tray-status"


@dataclass(frozen=True)
class StatusRead:
    """What the worker read for the status at ``at``: the running box, the week's
    progress, the quiet-hours preferences, and whether the box the tray last saw running
    (``ended``, gone since) was logged, None when no such box ended."""

    at: datetime
    session: TimeBoxSession | None
    progress: WeekProgress
    quiet: tuple[time, time] | None
    notifications: bool
    ended: int | None
    ended_logged: bool | None
    #: Whom the running box was started for, as kept in the database: read only for a
    #: box the tray does not know (one an earlier run of the app started).
    kept: list[Item] = field(default_factory=list)


def read_status(now: datetime, ended: int | None, known: frozenset[int] = frozenset()
                ) -> StatusRead:
    """The status's reads (on the worker). Preferences that fail to load leave the
    quiet-hours line out, as before; the box and the week's figure must load. ``known``:
    the boxes whose people the tray holds already."""
    session = timeboxes.current_session(now)
    kept: list[Item] = []
    if session is not None and session.id not in known:
        try:
            kept = timeboxes.people_of(session.id)
        except DB_EXCEPTIONS:
            kept = []  # the box runs unnamed, as before
    progress = timeboxes.week_progress(now)
    try:
        prefs = preferences.load()
        quiet, notifications = prefs.quiet_hours, prefs.notifications_enabled
    except DB_EXCEPTIONS:
        quiet, notifications = None, False
    logged = None
    if ended is not None and (session is None or session.id != ended):
        try:
            logged = timeboxes.logged_in(ended)
        except DB_EXCEPTIONS:
            logged = True  # unknown: do not ask about it
    return StatusRead(now, session, progress, quiet, notifications, ended, logged, kept)


class TrayStatus:
    """The countdown and quiet-hours line of the tray (a mixin of the TrayController)."""

    _ctx: AppContext
    _window: MainWindow
    icon: QSystemTrayIcon
    boxes: BoxPrompts

    def _init_status(self, reader: BackgroundReader) -> None:
        self._status_reader = reader
        self._status_closed = False
        #: Ticks once a second while a box runs, for the countdown; idle otherwise. A tick
        #: reads nothing: the countdown is the box's start and planned minutes, held
        #: from the last read (:meth:`update_status`, on a data change), against the clock.
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self._status: tuple[TimeBoxSession | None, WeekProgress, str] | None = None
        #: Wakes when quiet hours begin or end: the tooltip says reminders are held.
        self.quiet_timer = QTimer(self, singleShot=True)
        self.quiet_timer.timeout.connect(self.update_status)

    def update_status(self) -> None:
        """Read the running box, the week's progress and quiet hours on the worker (at
        start and on a change of them); the countdown shows in the tooltip and on the
        Today view when the answer lands."""
        if self._status_closed or self._status_reader.closed:
            return
        now, ended = self._ctx.clock.now(), self.boxes.running_id
        known = frozenset(box for box, people in self.boxes.people.items() if people)
        self._status_reader.submit(lambda: read_status(now, ended, known), self._status_read,
                                   self._status_failed, key=STATUS_KEY)

    def _shutdown_status(self) -> None:
        self._status_closed = True
        self.ticker.stop()
        self.quiet_timer.stop()

    def _status_failed(self, error: BaseException) -> None:
        if self._status_closed:
            return
        self.ticker.stop()
        self._status = None
        self.icon.setToolTip(
            f"{app_title(self._ctx.db_path)}\nCould not load: {failure_reason(error)}")

    def _status_read(self, read: StatusRead) -> None:
        if self._status_closed:
            return
        now = self._ctx.clock.now()
        self.boxes.keep(read.session, read.kept)
        self._status = (read.session, read.progress, self._quiet_line(now, read))
        self._show_status(now)
        self.boxes.seen(read.session, read.ended, read.ended_logged)

    def _tick(self) -> None:
        """A second of the countdown, from memory: no query per tick (a running box's
        status was read every second, three queries each, on the UI thread)."""
        self._show_status(self._ctx.clock.now())

    def _show_status(self, now: datetime) -> None:
        if self._status is None:
            self.ticker.stop()
            return
        session, progress, quiet = self._status
        left = timeboxes.remaining_seconds(session, now) if session else None
        if session is None:
            text = tip = "No time box running"
        elif left:
            text = f"Time box running{self.boxes.status(session)}"
            tip = f"Time box: {left // 60}:{left % 60:02d} left{self.boxes.status(session)}"
        else:
            text = tip = "Time box over: log what you did?"
        if session is not None and left and not self.ticker.isActive():
            self.ticker.start()
        elif (session is None or not left) and self.ticker.isActive():
            self.ticker.stop()
        # Names of suggested people are in it: no markup reaches the tray.
        self.icon.setToolTip(inert(f"{app_title(self._ctx.db_path)}\n{tip}{quiet}"))
        self._window.set_timebox_status(text, left, progress)

    def _quiet_line(self, now: datetime, read: StatusRead) -> str:
        """"Quiet hours: reminders held until 07:00" while they are (and re-arm the
        timer for when that changes): a silent first evening is explained. From the
        preferences the worker read: nothing is read here."""
        if self.quiet_timer.isActive():
            self.quiet_timer.stop()
        if read.quiet is None:
            return ""
        start, end = read.quiet
        change = rules.next_quiet_change(now, start, end)
        if change is not None:
            delay = (change - now).total_seconds() * 1000 + 50
            self.quiet_timer.start(int(real_delay_ms(self._ctx.clock, clamp_interval(delay))))
        held = rules.held_until(now, start, end, read.notifications)
        return f"\nQuiet hours: reminders held until {held:%H:%M}" if held else ""
