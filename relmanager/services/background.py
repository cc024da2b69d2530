"""Store work off the UI thread, with the result handed back on the UI thread.

Services whose queries can pass ~50 ms at 100,000 contacts (the reminder scan, Today's
sections) submit a callable here. It runs on one dedicated thread, which keeps its own
SQLite connection warm (peewee gives each thread its own), and its result is delivered
through a queued signal, so callbacks run in the thread that owns the widgets.
:meth:`BackgroundRunner.shutdown` waits for running work and closes that connection in
its own thread, so no connection outlives the database it was opened on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relmanager.store.models import database

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Sink(QObject):
    """Lives in the UI thread; the worker's emit is queued to it."""

    finished = Signal(object, object, object)  # callbacks, result, error


class _Job(QRunnable):
    def __init__(self, sink: _Sink, work: Callable[[], Any], callbacks: tuple[Done, Failed | None]
                 ) -> None:
        super().__init__()
        self.sink, self.work, self.callbacks = sink, work, callbacks

    def run(self) -> None:
        try:
            result, error = self.work(), None
        except Exception as exc:  # handed to the failure callback, or logged
            result, error = None, exc
        self.sink.finished.emit(self.callbacks, result, error)


class _CloseJob(QRunnable):
    def run(self) -> None:
        if database.obj is not None:
            database.close()


class BackgroundRunner(QObject):
    """Runs submitted callables in order on one worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = _Sink()
        self._sink.finished.connect(self._deliver)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread, and its connection, alive
        self._closed = False

    def submit(self, work: Callable[[], Any], done: Done, failed: Failed | None = None) -> None:
        """Run ``work()`` on the worker thread, then ``done(result)`` on this thread (or
        ``failed(error)`` when it raised). Nothing runs after :meth:`shutdown`."""
        if not self._closed:
            self._pool.start(_Job(self._sink, work, (done, failed)))

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self) -> None:
        """Block until submitted work is done (tests, and shutdown)."""
        self._pool.waitForDone()

    def _deliver(self, callbacks: tuple[Done, Failed | None], result: Any,
                 error: BaseException | None) -> None:
        if self._closed:
            return
        done, failed = callbacks
        if error is None:
            done(result)
        elif failed is not None:
            failed(error)
        else:
            log.error("background work failed", exc_info=error)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone()
        self._pool.start(_CloseJob())
        self._pool.waitForDone()
