"""What the window and its views are given: clock, events, undo stack, settings and the
services. Built once in :mod:`relmanager.app` (or by a test) and passed to constructors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from relmanager.domain.clock import Clock
from relmanager.paths import settings_file
from relmanager.services.events import DataEvents


def make_settings(path: Path | None = None) -> QSettings:
    """Window layout and UI preferences, in an INI file under the config dir (so tests,
    which redirect that dir, never read or write the user's real settings)."""
    target = path or settings_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(target), QSettings.Format.IniFormat)


@dataclass
class AppContext:
    clock: Clock
    db_path: Path
    events: DataEvents
    undo_stack: QUndoStack
    settings: QSettings
    #: Services by name ("reminders", "backup", "sync", ...), each with start()/shutdown().
    services: dict[str, Any] = field(default_factory=dict)
    #: What the app should do once the event loop ends (e.g. "restore": a backup path).
    on_exit: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, clock: Clock, db_path: Path, settings: QSettings | None = None
               ) -> AppContext:
        return cls(clock=clock, db_path=db_path, events=DataEvents(),
                   undo_stack=QUndoStack(), settings=settings or make_settings())
