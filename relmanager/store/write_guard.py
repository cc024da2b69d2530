"""Writes made from the window's thread: one transaction, a bounded wait, a clear error.

The connection's ``busy_timeout`` (5 s) suits the command line and workers, which may
wait. On the UI thread it froze the window for 5 s whenever another program (a CLI
import of 20,000 cards, a second window) held the write lock, and then raised a raw
"database is locked" into the crash dialog. :func:`guarded_write` instead:

- takes the write lock itself (``BEGIN IMMEDIATE``), polling every few milliseconds for
  at most :data:`UI_WAIT_SECONDS`, so a writer that commits in chunks lets it through
  between two chunks and the window never waits much more than that;
- runs the whole write in that one transaction, so a failure anywhere (locked, disk
  full, read-only, I/O error) leaves the database exactly as it was;
- raises a :class:`~relmanager.store.errors.StoreError` whose text says why, for the
  window to show next to what was not saved.

Retrying ``BEGIN`` is safe because nothing has happened before it; the work itself is
never retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from relmanager.store.errors import DB_EXCEPTIONS, DatabaseLockedError, StoreError, translate
from relmanager.store.models import database

T = TypeVar("T")

#: The longest the window waits for another program's write lock.
UI_WAIT_SECONDS = 0.9
#: How often it asks again meanwhile (SQLite's own busy handler backs off to 100 ms
#: between tries, and so missed the short gaps a chunked writer leaves).
POLL_SECONDS = 0.004


def guarded_write(work: Callable[[], T], *, wait: float = UI_WAIT_SECONDS) -> T:
    """``work()`` in one write transaction, waiting at most ``wait`` seconds for the
    lock. Raises StoreError (the database unchanged) when it cannot be done."""
    db = database
    if db.in_transaction():  # already inside a guarded or other transaction
        return work()
    try:
        transaction = _begin(wait)
    except DB_EXCEPTIONS as error:
        raise translate(error) from error
    try:
        with transaction:
            return work()
    except DB_EXCEPTIONS as error:
        raise explain(error) from error


def explain(error: BaseException) -> StoreError:
    """The most specific reason in ``error``'s chain (``error`` is a database error).
    SQLite rolls the whole transaction back by itself on "disk full" and some I/O
    errors; the savepoint release or rollback that follows then fails with "no such
    savepoint", which hid the real reason."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, DB_EXCEPTIONS):
            found = translate(seen)  # type: ignore[arg-type]
            if type(found) is not StoreError:
                return found
        seen = seen.__context__
    return translate(error)  # type: ignore[arg-type]


def _begin(wait: float) -> _Entered:
    """Enter an outer ``database.atomic()`` (BEGIN IMMEDIATE), polling for the lock."""
    db = database
    (usual,) = db.execute_sql("PRAGMA busy_timeout").fetchone()
    deadline = time.monotonic() + wait
    db.execute_sql("PRAGMA busy_timeout = 0")
    try:
        while True:
            transaction = db.atomic()
            try:
                transaction.__enter__()
            except DB_EXCEPTIONS as error:
                if (not isinstance(translate(error), DatabaseLockedError)
                        or time.monotonic() >= deadline):
                    raise
                time.sleep(POLL_SECONDS)
                continue
            return _Entered(transaction)
    finally:
        db.execute_sql(f"PRAGMA busy_timeout = {int(usual)}")


class _Entered:
    """An already-entered transaction used as a ``with`` block: commit on success,
    roll back on any exception."""

    def __init__(self, transaction: Any) -> None:  # peewee's _atomic, entered
        self.transaction = transaction

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool | None:
        return self.transaction.__exit__(*exc)
