"""A different SQLite page cache for one piece of work on this thread's connection.

The usual size (``db.PRAGMAS``: 32 MB) holds the hot set at 100,000 contacts; a bulk write
wants room for its dirty pages (the importer), a one-pass scan wants almost none (the
network read, whose pages are read once). Lowering the size frees the pages above it;
putting it back allocates nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from relmanager.store.models import database


@contextmanager
def page_cache(kib: int) -> Iterator[None]:
    """Run with a page cache of ``kib`` KiB, then put the connection's size back."""
    (usual,) = database.execute_sql("PRAGMA cache_size").fetchone()
    database.execute_sql(f"PRAGMA cache_size = {-kib}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(usual)}")
