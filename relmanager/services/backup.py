"""The daily automatic backup: a timer checks every hour (and shortly after start) whether
the newest backup is a day old, and if so copies the database on a worker thread with
SQLite's online backup API, then rotates to the newest few. Time comes from ``ctx.clock``.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.services.import_worker import Task
from relmanager.store import backups
from relmanager.store import settings as store_settings

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 60 * 1000
INTERVAL = timedelta(days=1)


class BackupService(QObject):
    backed_up = Signal(str)  # path of the new backup
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 first_check_ms: int = FIRST_CHECK_MS) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        # Its own timer, so shutdown() stops the first check too (a bare singleShot
        # fired after shutdown, on a store already closed).
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_check_ms)
        self._first.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()
        self._first.start()

    def shutdown(self) -> None:
        self._timer.stop()
        self._first.stop()
        if self._task is not None:
            self._task.wait(30)

    def due(self) -> bool:
        latest = backups.newest(self._ctx.db_path)
        return latest is None or self._ctx.clock.now() - latest.created >= INTERVAL

    def check(self) -> None:
        """Back up now if the newest backup is a day old (and none is running)."""
        if self._task is None and self.due():
            self.backup_now()

    def backup_now(self) -> Task:
        keep = int(store_settings.get_value("backups_keep", backups.DEFAULT_KEEP))
        path, clock = self._ctx.db_path, self._ctx.clock
        task = Task(lambda _progress, _cancelled: str(backups.backup_now(path, clock,
                                                                         keep=keep)), self)
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        self._task = task.start()
        return task

    def _done(self, path: str) -> None:
        self._task = None
        log.info("backed up to %s", path)
        self.backed_up.emit(path)

    def _failed(self, message: str) -> None:
        self._task = None
        log.error("backup failed: %s", message)
        self.failed.emit(message)


def install_backups(ctx: AppContext) -> BackupService:
    service = BackupService(ctx)
    ctx.services.backup = service
    service.start()
    return service
