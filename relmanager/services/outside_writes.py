"""Writes made outside this window: ``relmanager relate`` (or any command) run beside the
open window on the same database, or another tool. The window used to learn of them only
when the user happened to reload a page; the Network page then kept a relation made on the
command line out of its drawing for the rest of the session.

Every :data:`INTERVAL_MS` a worker's own connection asks SQLite's ``PRAGMA
data_version`` (shared memory, no file opened, microseconds); when another connection
has committed since, every page is told "many or unknown contacts, interactions,
follow-ups and introductions changed" through the writer's ``announce``, and reloads the
way it does after a sync.

The worker's connection is not the window's, so it also sees the window's OWN commits:
every write of ours caused a second, debounced "everything changed" reload ~2 s later.
The writer's connection (the UI thread's) is the one that tells them apart: its
``data_version`` never moves for its own commits. So when the worker saw a change, the
writer's connection is asked once (one PRAGMA, no wait for a lock: ``busy_timeout`` 0)
and only a move there is announced. The UI thread is thus asked at most once per tick
and only after something committed, never on an idle tick. (Asked every 2 s on the UI
thread, an earlier version kept F5's sync from starting: its ``PRAGMA`` cursor was never
closed and held a read snapshot open; :func:`relmanager.store.db.data_version` closes
it.) A commit of one of this process's workers (sync, import) is still announced twice:
that costs one more debounced reload, not a lost write.

Why that one PRAGMA stays on the UI thread: ``data_version`` is per connection, and only
the writer's connection (which belongs to the UI thread: SQLite connections are used on
the thread that opened them) leaves its own commits out. No other connection can say
"someone else committed": the worker's value moves for our commits too, by an amount
SQLite does not promise to relate to a count of commits, so counting our own commits
against it would guess. Measured (a 20,000-contact demo database, another process
committing every 50 ms, a loaded 2-core machine): 2,188 reads, median 53 us, p99 94 us,
max 239 us, none failed; with ``busy_timeout`` 0 it never waits for a lock, and it runs
only on a tick after the worker saw a change.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.services.writer import Change
from relmanager.store import db as store_db
from relmanager.store.errors import DB_EXCEPTIONS

#: How often the window looks: a change on the command line shows within this.
INTERVAL_MS = 2000
#: Everything a command may have written: settings too (``relmanager sync`` stores its
#: last sync time there, which the status bar and Settings > Sync show).
ELSEWHERE = Change(contacts=(), interactions=(), follow_ups=True, introductions=True,
                   settings=True)


class OutsideWrites(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._version: int | None = None
        #: The writer's (this thread's) connection's data_version at the last look.
        self._own_version: int | None = None
        #: Changes announced, for tests and the log.
        self.announced = 0
        self._timer = QTimer(self, interval=interval_ms)
        self._timer.timeout.connect(self.check)
        self._reader = BackgroundReader(self)

    def start(self) -> None:
        self._own_version = self._writers_version()
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
        if self._version is None or version == self._version:
            self._version = version
            return
        if store_db.database.in_transaction():
            return  # inside a write of ours (a nested loop): looked at on the next tick
        self._version = version
        own = self._writers_version()
        changed = own is None or own != self._own_version
        self._own_version = own
        if changed:  # another connection committed, not (only) the writer
            self.announced += 1
            self.ctx.writer.announce(ELSEWHERE)

    @staticmethod
    def _writers_version() -> int | None:
        """``data_version`` of the writer's connection, without waiting for any lock
        (None when it could not be read: then the change is announced, to be safe)."""
        try:
            return store_db.data_version(wait=False)
        except DB_EXCEPTIONS:
            return None

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
