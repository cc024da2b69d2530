"""The tray's time-box status: the countdown in the tray's tooltip and on Today, the
week's progress, and the quiet-hours line ("reminders held until 07:00").

Split out of ``tray`` (the icon, its menu and its messages) as a mixin of
:class:`~relmanager.ui.shell.tray.TrayController`, which owns the icon, the window, the
context and the box prompts this reads from.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from relmanager.domain.clock import real_delay_ms
from relmanager.services import reminder_rules as rules
from relmanager.services.reminders import clamp_interval
from relmanager.store import preferences, timeboxes
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import inert

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from relmanager.domain.timebox import WeekProgress
    from relmanager.services.context import AppContext
    from relmanager.store.timeboxes import TimeBoxSession
    from relmanager.ui.shell.main_window import MainWindow
    from relmanager.ui.shell.tray_boxes import BoxPrompts


class TrayStatus:
    """The countdown and quiet-hours line of the tray (a mixin of the TrayController)."""

    _ctx: AppContext
    _window: MainWindow
    icon: QSystemTrayIcon
    boxes: BoxPrompts

    def _init_status(self) -> None:
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
        """Read the running box, the week's progress and quiet hours (at start and on a
        change of them), then show the countdown in the tooltip and on the Today view."""
        now = self._ctx.clock.now()
        try:
            session = timeboxes.current_session(now)
            progress = timeboxes.week_progress(now)
        except DB_EXCEPTIONS as error:
            self.ticker.stop()
            self._status = None
            self.icon.setToolTip(f"Relmanager\nCould not load: {failure_reason(error)}")
            return
        self._status = (session, progress, self._quiet_line(now))
        self._show_status(now)
        self.boxes.seen(session)

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
        self.icon.setToolTip(inert(f"Relmanager\n{tip}{quiet}"))
        self._window.set_timebox_status(text, left, progress)

    def _quiet_line(self, now: datetime) -> str:
        """"Quiet hours: reminders held until 07:00" while they are (and re-arm the
        timer for when that changes): a silent first evening is explained."""
        if self.quiet_timer.isActive():
            self.quiet_timer.stop()
        try:
            prefs = preferences.load()
        except DB_EXCEPTIONS:
            return ""
        start, end = prefs.quiet_hours
        change = rules.next_quiet_change(now, start, end)
        if change is not None:
            delay = (change - now).total_seconds() * 1000 + 50
            self.quiet_timer.start(int(real_delay_ms(self._ctx.clock, clamp_interval(delay))))
        held = rules.held_until(now, start, end, prefs.notifications_enabled)
        return f"\nQuiet hours: reminders held until {held:%H:%M}" if held else ""
