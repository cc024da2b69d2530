"""A time box from the tray, with feedback at both ends.

Starting says whom to spend it on (the same read and ranking Today and the digest use:
going cold, fresh encounters, follow-ups due, introductions) in a notification, on Today
and in the tray menu. Ending asks "what did you do?": the Log dialog opens with the box's
minutes and counts them toward the week; skipping it is one click. Before, a box started
in silence and ended in silence, and the week's minutes never moved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relmanager.domain.priority import Item
from relmanager.services import reminder_pass
from relmanager.services import reminder_rules as rules
from relmanager.store import preferences, timeboxes
from relmanager.store import settings as store_settings
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.ui.shared.page_loader import failure_reason

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from relmanager.store.timeboxes import TimeBoxSession
    from relmanager.ui.shell.tray import TrayController


class BoxPrompts:
    """The tray's time-box half: start, stop, whom for, and the end-of-box question."""

    def __init__(self, tray: TrayController) -> None:
        self._tray = tray
        #: Session id -> the people suggested when it started (for the menu and Today).
        self.people: dict[int, list[Item]] = {}
        #: The box the tray last saw running: its end is noticed when it is gone.
        self.running_id: int | None = None

    @property
    def _ctx(self):
        return self._tray._ctx

    def start(self) -> None:
        """Open a box of the chosen size, say whom it is for, and wake the reminder
        service for its end (its timer was armed before the box existed)."""
        now = self._ctx.clock.now()
        try:
            minutes = preferences.load().box_minutes
            people = timeboxes.suggest_for_box(now, reminder_pass.recently_suggested())
        except DB_EXCEPTIONS as error:
            self._tray.tell("Time box not started", f"Could not read: {failure_reason(error)}",
                            "today")
            return
        started: list[TimeBoxSession] = []

        def work() -> None:
            started.append(timeboxes.start_box(self._ctx.clock, minutes))
            if not self.people.get(started[0].id):  # a new box (or one named no one yet)
                timeboxes.remember_people(started[0].id, people)
            recent = store_settings.get_value(reminder_pass.RECENT_KEY, [])
            store_settings.set_value(reminder_pass.RECENT_KEY, [
                *recent, [p.contact_id for p in people]][-reminder_pass.RECENT_BOXES:])

        if not self._tray._write("Start time box", work):
            return
        session = started[0]
        self.people.setdefault(session.id, people)
        self.running_id = session.id
        try:
            progress = timeboxes.week_progress(now).describe()
        except DB_EXCEPTIONS:
            progress = ""
        names = [p.name for p in self.people[session.id]]
        self._tray.tell(f"Time box started: {session.planned_minutes} min for your network",
                        "\n".join(t for t in (rules.try_line(names), progress) if t), "today")
        self._tray.update_status()
        if self._tray.service is not None:
            self._tray.service.check_soon()

    def stop(self) -> None:
        """Stop the running box now and ask what was done in it."""
        session = timeboxes.current_session(self._ctx.clock.now())
        if not self._tray._write("Stop time box", lambda: timeboxes.stop_box(self._ctx.clock)):
            return
        self.running_id = None
        self._tray.update_status()
        self.ask(session.id if session is not None else None)

    def whom(self, session: TimeBoxSession | None) -> list[Item]:
        return self.people.get(session.id, []) if session is not None else []

    def status(self, session: TimeBoxSession | None) -> str:
        """", try Ada, Bo and Cy" for a running box with suggestions, else ""."""
        names = [p.name for p in self.whom(session)]
        return f": try {rules.names(names, rules.SHORT_NAME_CHARS)}" if names else ""

    def add_menu(self, menu: QMenu, session: TimeBoxSession | None) -> None:
        """"Spend it on (N)" under the running box: each person with Open, Log…, Snooze."""
        people = self.whom(session)
        if not people:
            return
        sub = self._tray._submenu(menu, f"Spend it on ({len(people)})")
        for item in people:
            self._tray._person_menu(sub, item, park=False)

    def keep(self, session: TimeBoxSession | None, kept: list[Item]) -> None:
        """Whom the running box was started for, as the database keeps them (read with
        the status on the worker), for a box this tray did not start: one an earlier run
        of the app started, which it named nobody for after a restart."""
        if session is not None and kept and not self.people.get(session.id):
            self.people[session.id] = list(kept)

    def seen(self, session: TimeBoxSession | None, ended: int | None = None,
             ended_logged: bool | None = None) -> None:
        """Called with the running box (or None) whenever the status is read: a box that
        was running and is gone has ended (the reminder service closed it at its planned
        end); with the window on screen the question is asked there and then, otherwise
        the service's "Time box over" notification asks it. ``ended_logged`` is whether
        the box ``ended`` (the one running when the read was asked for) was logged, read
        with the status on the worker: nothing is read here."""
        gone = self.running_id
        self.running_id = session.id if session is not None else None
        service = self._tray.service
        if session is not None and session.id not in self.people and service is not None \
                and not session.manual:  # a scheduled box: whom the service suggested
            self.people[session.id] = list(service.box_people)
        if gone is None or gone == self.running_id:
            return
        if gone != ended or ended_logged is not False:  # logged, or not the box read for
            return
        window = self._tray._window
        if not window.isVisible() or window.isMinimized():
            return
        self.ask(gone)

    def ask(self, session_id: int | None = None) -> None:
        """"What did you do?": the Log dialog with the box's minutes, counted toward the
        week's (the box is named in it); the latest ended box when none is given."""
        now = self._ctx.clock.now()
        try:
            session = (timeboxes.session_by_id(session_id)
                       if session_id is not None else timeboxes.latest_ended(now))
        except DB_EXCEPTIONS:
            session = None
        dialog = self._tray._window.open_log_dialog(None)
        if session is not None and dialog is not None:
            dialog.ask_about_box(session.id, timeboxes.minutes_spent(session, now),
                                 [p.name for p in self.whom(session)],
                                 timeboxes.span_of(session, now).end)
