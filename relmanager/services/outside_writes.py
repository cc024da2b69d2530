"""Writes made outside this window: ``relmanager relate`` (or any command) run beside the
open window on the same database, or another tool. The window used to learn of them only
when the user happened to reload a page; the Network page then kept a relation made on the
command line out of its drawing for the rest of the session.

Every :data:`INTERVAL_MS` the window's own connection asks SQLite's ``PRAGMA
data_version`` (shared memory, no file opened, microseconds); when another connection
has committed since, every page is told "many or unknown contacts, interactions,
follow-ups and introductions changed" through the writer's ``announce``, and reloads the
way it does after a sync. A commit of one of this process's workers (sync, import) is
announced twice, which costs one more debounced reload, not a lost write.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from relmanager.services.context import AppContext
from relmanager.services.writer import Change
from relmanager.store import db as store_db
from relmanager.store.errors import DB_EXCEPTIONS

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

    def start(self) -> None:
        self._version = self._read()
        self._timer.start()

    def _read(self) -> int | None:
        try:
            return store_db.data_version()
        except DB_EXCEPTIONS:  # locked or closing: asked again on the next tick
            return None

    def check(self) -> bool:
        """Announce a change when another connection committed since the last look;
        True when it did."""
        version = self._read()
        if version is None:
            return False
        changed = self._version is not None and version != self._version
        self._version = version
        if changed:
            self.ctx.writer.announce(ELSEWHERE)
        return changed

    def shutdown(self) -> None:
        self._timer.stop()


def install_outside_writes(ctx: AppContext) -> OutsideWrites:
    watcher = OutsideWrites(ctx, ctx.events)
    watcher.start()
    ctx.services.outside_writes = watcher
    return watcher
