"""Writes made outside this window: ``relmanager relate`` (or any command) run beside the
open window on the same database, or another tool. The window used to learn of them only
when the user happened to reload a page; the Network page then kept a relation made on the
command line out of its drawing for the rest of the session.

Every :data:`INTERVAL_MS` a worker's own connection asks SQLite's ``PRAGMA
data_version`` (shared memory, no file opened, microseconds; asked on the UI thread's
connection every 2 s, it kept F5's sync from starting in tests/e2e/test_sync.py); when
another connection has committed since, every page is told "many or unknown contacts, interactions,
follow-ups and introductions changed" through the writer's ``announce``, and reloads the
way it does after a sync. A commit of one of this process's workers (sync, import) is
announced twice, and so is one of the window's own writes (this connection is not the
window's), which costs one more debounced reload, not a lost write.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.services.writer import Change
from relmanager.store import db as store_db

#: How often the window looks: a change on the command line shows within this.
INTERVAL_MS = 2000
#: Everything a command may have written.
ELSEWHERE = Change(contacts=(), interactions=(), follow_ups=True, introductions=True)


class OutsideWrites(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._version: int | None = None
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)
        self._reader = BackgroundReader(self)

    def start(self) -> None:
        self._timer.start()
        self.check()

    def check(self) -> None:
        """Ask, on the watcher's own worker connection, whether anything committed since
        the last look; the answer is compared on this thread."""
        if not self._reader.busy:
            self._reader.submit(store_db.data_version, self._compare, self._skip,
                                key="version")

    def _skip(self, _error: BaseException) -> None:
        """Locked or closing: asked again on the next tick."""

    def _compare(self, version: int) -> None:
        changed = self._version is not None and version != self._version
        self._version = version
        if changed:
            self.ctx.writer.announce(ELSEWHERE)

    def wait(self) -> None:
        self._reader.wait()

    def shutdown(self) -> None:
        self._timer.stop()
        self._reader.shutdown()


def install_outside_writes(ctx: AppContext) -> OutsideWrites:
    watcher = OutsideWrites(ctx, ctx.events)
    watcher.start()
    ctx.services.outside_writes = watcher
    return watcher
