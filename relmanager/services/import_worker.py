"""Long file work (reading and planning an import, writing it, exporting) off the UI
thread, with progress and cancel.

A :class:`Task` runs one function on the shared thread pool. The function gets a
``progress(done, total)`` callback and a ``cancelled()`` poll; its result, or the message of
the error it raised, comes back through queued signals on the thread that started it.
The worker closes its thread's database connection when done, so no connection outlives
the task (peewee keeps one per thread). Work that notices the cancel raises
:class:`~relmanager.store.errors.OperationCancelledError`, which rolls back the transaction it
is in.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from relmanager.store.db import close_thread_connection
from relmanager.store.errors import StoreError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


class _Sink(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        task = self.task
        try:
            result = task.work(task.sink.progress.emit, task.cancel_event.is_set)
        except StoreError as error:  # OperationCancelledError included: its message says so
            task.sink.failed.emit(str(error))
        except Exception as error:  # reported to the user in one line, logged in full
            log.exception("background task failed")
            task.sink.failed.emit(f"{type(error).__name__}: {error}")
        else:
            task.sink.finished.emit(result)
        finally:
            close_thread_connection()
            task.done_event.set()


class Task(QObject):
    """``progress``, ``finished`` and ``failed`` arrive on the starting thread."""

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.sink = _Sink()
        self.cancel_event = threading.Event()
        self.done_event = threading.Event()
        self.progress = self.sink.progress
        self.finished = self.sink.finished
        self.failed = self.sink.failed

    def start(self, pool: QThreadPool | None = None) -> Task:
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.cancel_event.set()

    def wait(self, timeout_s: float | None = None) -> bool:
        return self.done_event.wait(timeout_s)
