"""Store reads off the UI thread, with the answer handed back on the UI thread.

The one background reader of the app (pages, the contact list and the reminder scan each
own one instance). Work runs on one dedicated thread, with one SQLite connection
handed from job to job so its page cache stays warm (see ``BackgroundReader._resume``);
the answer comes back through a queued signal, so callbacks run in the thread that owns
the widgets.

Three rules, each learned from a bug:

- **Newest wins, per key.** A request made while an older one for the same key is queued
  or running makes the older one moot: it is skipped if it has not started, and its
  answer is dropped if it has. Typing a search never waits for stale queries.
- **Both callbacks are mandatory.** ``done(result)`` or ``failed(error)`` runs for the
  newest request of a key, always. Pages whose reads had no failure path showed an empty
  board for the rest of the session after one failed read.
- **Closed on shutdown.** :meth:`BackgroundReader.shutdown` waits for running work and
  closes the connection the reader keeps between jobs, in its worker thread, so no
  connection outlives the database it was opened on; nothing is delivered after it.
- **The worker never lets go of the last reference.** The work, its callbacks and its
  answer are held by the reader on the UI thread, and the worker drops its own
  references before it signals; the UI thread releases them on delivery. A callback is
  usually a widget's bound method: had the worker dropped the last reference to it (the
  pool deletes a job on its own thread, racing the delivery), the widget would have been
  destroyed on the worker, which Qt does not survive.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relmanager.store import first_look

if TYPE_CHECKING:
    from relmanager.store.db import KeptConnection

# store.db (and peewee with it) is imported by the first job, on the UI thread, when it
# opens the store: a window's first paint reads without it (store/first_look.py).

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Sink(QObject):
    """Lives in the UI thread; the worker's emit is queued to it."""

    finished = Signal(object, int)  # key, generation: the outcome waits in the reader


class _Job(QRunnable):
    """Names a request, and holds no reference the UI thread could be waiting to drop:
    the pool deletes it on the worker thread."""

    def __init__(self, reader: BackgroundReader, key: Hashable, generation: int) -> None:
        super().__init__()
        self._reader = weakref.ref(reader)
        self.key, self.generation = key, generation

    def run(self) -> None:
        reader = self._reader()
        if reader is not None:  # shutdown() waits for its jobs: the owner keeps it alive
            reader._run(self.key, self.generation)


class _CloseJob(QRunnable):
    def __init__(self, reader: BackgroundReader) -> None:
        super().__init__()
        self.reader = reader

    def run(self) -> None:
        self.reader._resume()
        if first_look.opening_deferred():
            return  # no job ran, so no connection was opened
        from relmanager.store.db import close_thread_connection

        close_thread_connection()


class BackgroundReader(QObject):
    """Runs submitted callables in order on one worker thread; newest wins per key."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = _Sink()
        self.sink.finished.connect(self._deliver)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the thread, and its connection, alive
        self._latest: dict[Hashable, int] = {}
        self._generation = 0
        #: Per generation, the work and its callbacks (written and released on the UI
        #: thread), and the outcome the worker leaves for delivery (under the lock).
        self._requests: dict[int, tuple[Callable[[], Any], Done, Failed]] = {}
        self._outcomes: dict[int, tuple[Any, BaseException | None]] = {}
        self._outcomes_lock = threading.Lock()
        self._closed = False
        #: The connection kept open between jobs (store.db); only the worker uses it.
        self._kept: KeptConnection | None = None

    def submit(self, work: Callable[[], Any], done: Done, failed: Failed, *,
               key: Hashable = None) -> int:
        """Run ``work()`` on the worker thread, then ``done(result)`` on this thread, or
        ``failed(error)`` when it raised, unless a newer request for ``key`` came in
        meanwhile (then that one answers). Nothing runs after :meth:`shutdown`. Returns
        the request's generation."""
        if done is None or failed is None:
            raise TypeError("a background read needs both a done and a failed callback")
        first_look.open_store()  # the window's first paint did not wait for it
        self._generation += 1
        self._latest[key] = self._generation
        if not self._closed:
            self._requests[self._generation] = (work, done, failed)
            self._pool.start(_Job(self, key, self._generation))
        return self._generation

    def _run(self, key: Hashable, generation: int) -> None:
        """On the worker: run the request unless a newer one for its key came in, leave
        the outcome for the UI thread, and say so (always, so the UI thread releases the
        request either way)."""
        if self.is_newest(key, generation):
            work = self._requests[generation][0]
            self._resume()
            try:
                outcome: tuple[Any, BaseException | None] = (work(), None)
            except Exception as exc:  # handed to the failure callback on the UI thread
                outcome = (None, exc)
            del work
            self._keep()
            with self._outcomes_lock:
                self._outcomes[generation] = outcome
            del outcome
        try:
            self.sink.finished.emit(key, generation)
        except RuntimeError:  # the owner (and the sink with it) was destroyed meanwhile
            log.debug("background reader closed before its work finished")

    # The binding gives each run of a job a fresh Python thread state, so peewee's
    # thread-local connection did not outlive a job: every read opened a connection with
    # an empty page cache, and the one left open was closed only when the collector broke
    # its reference cycle (never, once gc.freeze() had pinned it; its lock then refused a
    # restore after shutdown). The reader hands its one connection from job to job.
    def _resume(self) -> None:
        """On the worker, before a job: the connection the last job left, if the store
        is still the one it was opened on (else it is closed)."""
        kept, self._kept = self._kept, None
        if kept is not None:
            from relmanager.store.db import resume_thread_connection

            resume_thread_connection(kept)

    def _keep(self) -> None:
        """On the worker, after a job: keep its connection for the next one."""
        from relmanager.store.db import detach_thread_connection  # imported by now

        self._kept = detach_thread_connection()

    def is_newest(self, key: Hashable, generation: int) -> bool:
        """Whether ``generation`` is still the newest request for ``key`` (any thread)."""
        return not self._closed and self._latest.get(key) == generation

    @property
    def closed(self) -> bool:
        """Shut down: nothing submitted now will run or answer."""
        return self._closed

    @property
    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def wait(self) -> None:
        """Block until submitted work is done (tests, and shutdown)."""
        self._pool.waitForDone()

    def _deliver(self, key: Hashable, generation: int) -> None:
        request = self._requests.pop(generation, None)
        with self._outcomes_lock:
            outcome = self._outcomes.pop(generation, None)
        if request is None or outcome is None or not self.is_newest(key, generation):
            return
        _work, done, failed = request
        result, error = outcome
        if error is None:
            done(result)
        else:
            log.warning("background read failed: %s", error, exc_info=error)
            failed(error)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._pool.clear()
        # The close runs on the worker's own thread, queued behind the running work:
        # waitForDone() ends the pool's threads, and a close run after it ran on a new
        # thread, leaving the old thread's connection (and its lock on the file) to the
        # garbage collector: a restore right after shutdown found the file "open".
        self._pool.start(_CloseJob(self))
        self._pool.waitForDone()
        self._requests.clear()  # queued jobs were dropped, and nothing is delivered now
        with self._outcomes_lock:
            self._outcomes.clear()


#: The former name, kept for callers outside the UI (the reminder service's wiring).
BackgroundRunner = BackgroundReader
