"""Run a store call on a worker thread (its own connection, as the import and sync
workers have) while another connection holds the write lock for a moment."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from relmanager.store.models import database


def while_another_writes(db_path: Path, sql: str, params: tuple[object, ...],
                         work: Callable[[], object], hold_s: float = 0.3) -> object:
    """``work()``'s result, or the exception it raised, run while another connection
    has run ``sql`` in a write transaction it commits ``hold_s`` seconds later."""
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute(sql, params)
    release = threading.Timer(hold_s, lambda: other.execute("COMMIT"))
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # handed to the caller's assertion
            outcome.append(error)
        finally:
            database.close()  # the worker thread's connection

    release.start()
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    release.join()
    other.close()
    return outcome[0]
