"""Room in the page cache for one large write transaction (an import, a capture run).

A bulk write into tables of a million rows dirties pages all over their indexes (a
10,000-card import ~40 MB, a 100,000-message capture ~120 MB). The usual 32 MB cache
(``db.PRAGMAS``) cannot hold them: SQLite spills dirty pages to the WAL in mid-transaction
and reads them back, thousands of extra reads and writes. While the write runs the cache
may grow to :data:`BULK_CACHE_KIB` (pages are taken as needed, not reserved) and it is cut
back to its usual size once the transaction is over, which frees the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from relmanager.store.models import database

BULK_CACHE_KIB = 256 * 1024  # the page cache's ceiling while a bulk write runs


@contextmanager
def room_for_dirty_pages() -> Iterator[None]:
    """The larger cache on this thread's connection around the caller's transaction."""
    (usual,) = database.execute_sql("PRAGMA cache_size").fetchone()
    database.execute_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(usual)}")
