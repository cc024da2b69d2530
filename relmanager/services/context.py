"""What the window and its views are given: clock, events, undo stack, settings and the
services. Built once in :mod:`relmanager.app` (or by a test) and passed to constructors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from relmanager.domain.clock import Clock
from relmanager.paths import settings_file
from relmanager.services.events import DataEvents
from relmanager.services.writer import Writer

if TYPE_CHECKING:
    from relmanager.services.background import BackgroundReader
    from relmanager.services.backup import BackupService
    from relmanager.services.capture_job import CaptureService
    from relmanager.services.reminders import ReminderService
    from relmanager.services.single_instance import SingleInstance
    from relmanager.services.sync import SyncService
    from relmanager.store.first_look import FirstLook


def make_settings(path: Path | None = None) -> QSettings:
    """Window layout and UI preferences, in an INI file under the config dir (so tests,
    which redirect that dir, never read or write the user's real settings)."""
    target = path or settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(target), QSettings.Format.IniFormat)


class Service(Protocol):
    """What every running service offers the app's shutdown."""

    def shutdown(self) -> None: ...


#: The three classes below are plain classes, not dataclasses (docs/HACKING.md, "Records
#: on the way to the first paint").


class Services:
    """The running services, by name, filled in by the app's wiring (relmanager.app and
    the install_* functions it calls) once the window is on screen; None until then, or
    when a test builds a window without them. Shut down in reverse order of start."""

    #: The cyclic collector run from the UI thread (relmanager.services.ui_collector);
    #: stopped last, once nothing of the window runs.
    collector: Service | None = None
    single_instance: SingleInstance | None = None
    reminder_worker: BackgroundReader | None = None
    #: The tray (relmanager.ui.shell.tray.TrayController: a widget-layer object, so
    #: typed here by what the app needs of it).
    tray: Service | None = None
    reminders: ReminderService | None = None
    sync: SyncService | None = None
    backup: BackupService | None = None
    #: The periodic capture of mail and calendars (issue 24).
    capture: CaptureService | None = None
    #: Writes made by other processes, announced (relmanager.services.outside_writes).
    outside_writes: Service | None = None

    def running(self) -> list[Service]:
        """The started services, in the order they started."""
        return [s for s in (self.collector, self.single_instance, self.reminder_worker, self.tray,
                            self.reminders, self.sync, self.backup, self.capture,
                            self.outside_writes)
                if s is not None]

    def shutdown_all(self) -> None:
        for service in reversed(self.running()):
            service.shutdown()


class OnExit:
    """What the app does once its event loop has ended and every connection is closed."""

    #: A backup chosen to restore (relmanager.ui.shell.backup_actions).
    restore: Path | None = None
    #: "on" or "off": encrypt or decrypt the database (relmanager.ui.settings).
    encryption: str | None = None


class AppContext:
    def __init__(self, clock: Clock, db_path: Path, events: DataEvents,
                 undo_stack: QUndoStack, settings: QSettings) -> None:
        self.clock = clock
        self.db_path = db_path
        self.events = events
        self.undo_stack = undo_stack
        self.settings = settings
        self.services = Services()
        self.on_exit = OnExit()
        #: The one way pages write: the store call, then its change signal on ``events``.
        self.writer = Writer(events)
        #: The contact list's first page, read before the store was opened; the list
        #: takes it (relmanager.store.first_look).
        self.first_look: FirstLook | None = None

    @classmethod
    def create(cls, clock: Clock, db_path: Path, settings: QSettings | None = None
               ) -> AppContext:
        return cls(clock=clock, db_path=db_path, events=DataEvents(),
                   undo_stack=QUndoStack(), settings=settings or make_settings())
