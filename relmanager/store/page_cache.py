"""How much memory SQLite's page caches may take: the process-wide bound, and a different
size for one piece of work on this thread's connection.

The usual size (``db.PRAGMAS``: 32 MB a connection) holds the hot set at 100,000
contacts; a bulk write wants room for its dirty pages (the importer), a one-pass scan
wants almost none (the network read, whose pages are read once). Lowering the size frees
the pages above it; putting it back allocates nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

from relmanager.store.models import database

#: SQLite's heap, process-wide, above which every connection's page cache recycles its
#: own least recently used pages instead of growing (``sqlite3_soft_heap_limit64``; the
#: PRAGMA sets the one value of the process, so every connection setting it again is
#: harmless). ``cache_size`` is per connection: the UI thread's, every page's worker,
#: the start's reads, the reminder scan and the tray each kept up to 32 MB, and the app
#: grew from 94 MB at its first paint to 211 MB within a second, 290 MB (4.1x an empty
#: window, bench row ``memory``) once every page had loaded, 123-157 MB of it SQLite's.
#: Bounded so, SQLite's heap peaks at ~20 MB and the app at ~188 MB (2.95x); 24 MB read
#: 3.08x and 32 MB 3.21x. A connection alone still grows to its 32 MB; under the bound,
#: each one recycles its own pages (see bench/README.md, ninth round, for the cost).
SOFT_HEAP_LIMIT = 16 * 1024 * 1024

_lift_lock = threading.Lock()
_lifted = 0  # bytes above SOFT_HEAP_LIMIT granted to page_cache() blocks now running


def bound_heap(db: pw.Database) -> None:
    """Put the process's bound in force, through ``db``'s SQLite library (SQLCipher, for
    an encrypted file, has its own): once where the database is opened, not in every
    connection's pragmas, so a worker connecting during an import keeps its lift."""
    with _lift_lock:
        db.execute_sql(f"PRAGMA soft_heap_limit = {SOFT_HEAP_LIMIT + _lifted}")


def _lift(by: int) -> None:
    """Raise the process's bound by ``by`` bytes (negative: lower it back)."""
    global _lifted  # noqa: PLW0603 - one bound per process, as SQLite has it
    with _lift_lock:
        _lifted += by
        database.execute_sql(f"PRAGMA soft_heap_limit = {SOFT_HEAP_LIMIT + _lifted}")


@contextmanager
def page_cache(kib: int) -> Iterator[None]:
    """Run with a page cache of ``kib`` KiB, then put the connection's size back. A size
    above the process's bound lifts the bound by as much meanwhile: under it, a bulk
    write's cache could not grow, and SQLite wrote its dirty pages to the WAL in
    mid-transaction and read them back (what the importer's room is there to avoid)."""
    (usual,) = database.execute_sql("PRAGMA cache_size").fetchone()
    lift = kib * 1024 if kib * 1024 > SOFT_HEAP_LIMIT else 0
    database.execute_sql(f"PRAGMA cache_size = {-kib}")
    if lift:
        _lift(lift)
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(usual)}")
        if lift:
            _lift(-lift)
