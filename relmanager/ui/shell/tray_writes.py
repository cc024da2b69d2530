"""What the tray menu's reminder items write: park, snooze one reminder, snooze all.

A mixin of :class:`~relmanager.ui.shell.tray.TrayController` (which owns the context,
the reminder service and the balloons): every tray write goes through the one writer
(bounded wait, its change said) and a failure is said as a tray message, not raised.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSystemTrayIcon

from relmanager.domain.priority import Item, snooze_key
from relmanager.domain.stages import Stage
from relmanager.services.writer import Change, NotWritten
from relmanager.store import notification_state as state
from relmanager.ui.shared.undo import MoveStageCommand
from relmanager.ui.shell.tray_balloons import Balloons, Message

if TYPE_CHECKING:
    from relmanager.services.context import AppContext
    from relmanager.services.reminders import ReminderService


class TrayWrites:
    """Mixed in before QObject; needs ``_ctx``, ``service`` and ``balloons``."""

    _ctx: AppContext
    service: ReminderService | None
    balloons: Balloons

    def park(self, contact_id: int) -> None:
        """Move to Parked ("dare to adapt"): undoable like any move, and no more reminders."""
        self._ctx.undo_stack.push(MoveStageCommand(self._ctx, [contact_id], Stage.PARKED))

    def snooze(self, item: Item, days: int) -> None:
        """Silence one reminder (a follow-up, an introduction) or one person everywhere
        but Today (where it is marked), by the one rule ``domain.priority.snooze_key``."""
        until = self._ctx.clock.now() + timedelta(days=days)
        kind, subject = snooze_key(item.kind, item.subject, item.contact_id)
        self._write("Snooze", lambda: state.snooze(kind, subject, until),
                    Change.of_contacts([item.contact_id]))

    def snooze_all(self) -> None:
        """Silence every reminder for an hour, through the writer like every other tray
        write (it wrote directly: another program's lock froze the window for 5 s and
        ended in the crash dialog)."""
        service = self.service
        if service is not None and self._write("Snooze all for 1 hour",
                                               lambda: service.record_snooze_all(1)):
            service.reschedule()

    def _write(self, what: str, work: Callable[[], object], change: Change | None = None
               ) -> bool:
        """A write from the tray menu, through the one writer: bounded wait, its change
        said, and a failure said (in the window and as a tray message), not raised."""
        try:
            self._ctx.writer.write(what, work, change)
        except NotWritten as error:
            self.balloons.show(Message("Not saved", f"{what}: {error}",
                                       QSystemTrayIcon.MessageIcon.Warning, 10000),
                               at_once=True)
            return False
        return True
