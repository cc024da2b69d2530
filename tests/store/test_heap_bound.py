"""SQLite's page caches are bounded process-wide (issue 23's ``memory`` row): every
connection the app opens keeps up to 32 MB while alone, but two connections reading more
than the bound between them keep no more than the bound, and the importer's room for its
dirty pages lifts it only while the import writes.

The heap is read from the SQLite library the ``sqlite3`` module runs on, through its own
counters (``sqlite3_memory_highwater``), as the bench's probe cannot: it sees the process."""

from __future__ import annotations

import ctypes
import sqlite3
import threading
from collections.abc import Callable

import pytest

from relmanager.store import read_only
from relmanager.store.models import database
from relmanager.store.page_cache import SOFT_HEAP_LIMIT, page_cache

MB = 1024 * 1024
#: Pages of ballast: ~47 MB, more than one connection's 32 MB cache.
PAGES = 12_000


def _sqlite() -> ctypes.CDLL:
    lib = ctypes.CDLL("libsqlite3.so.0")
    lib.sqlite3_memory_used.restype = ctypes.c_int64
    lib.sqlite3_memory_highwater.restype = ctypes.c_int64
    lib.sqlite3_memory_highwater.argtypes = [ctypes.c_int]
    return lib


def _on_a_worker(work: Callable[[], object]) -> object:
    """``work()`` on a new thread: its own peewee connection, as a page's worker has,
    closed there when the work is done."""
    answer: list[object] = []

    def run() -> None:
        try:
            answer.append(work())
        finally:
            database.close()  # peewee's connections are per thread: this one's

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return answer[0]


def _scan() -> int:
    return int(database.execute_sql("SELECT sum(length(b)) FROM ballast").fetchone()[0])


def test_every_connection_the_app_opens_is_under_the_bound(db):
    def worker_bound() -> int:
        return int(database.execute_sql("PRAGMA soft_heap_limit").fetchone()[0])

    assert int(database.execute_sql("PRAGMA soft_heap_limit").fetchone()[0]) == SOFT_HEAP_LIMIT
    assert _on_a_worker(worker_bound) == SOFT_HEAP_LIMIT


def test_two_connections_reading_more_than_the_bound_keep_no_more_than_it(db):
    lib = _sqlite()
    if lib.sqlite3_memory_used() <= 0:  # not the library the sqlite3 module runs on
        pytest.skip("sqlite3 is not linked to libsqlite3.so.0 here")
    database.execute_sql("CREATE TABLE ballast (b BLOB)")
    with database.atomic():
        database.execute_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO ballast SELECT randomblob(3000) FROM n", (PAGES,))
    lib.sqlite3_memory_highwater(1)  # from here on
    total = _scan()  # the UI thread's connection ...
    assert _on_a_worker(_scan) == total  # ... and a worker's
    peak = lib.sqlite3_memory_highwater(0)
    # Unbounded, each kept ~32 MB (the old code: 66 MB); bounded, the sum is the bound
    # plus what is not page cache (schemas, statements) and a page or two over.
    assert total == PAGES * 3000
    assert peak < SOFT_HEAP_LIMIT + 4 * MB, f"SQLite's heap peaked at {peak / MB:.1f} MB"


def test_a_bulk_writes_room_lifts_the_bound_while_it_lasts(db):
    def bound() -> int:
        return int(database.execute_sql("PRAGMA soft_heap_limit").fetchone()[0])

    with page_cache(256 * 1024):
        assert bound() == SOFT_HEAP_LIMIT + 256 * MB
        with page_cache(4 * 1024):  # a small cache (the network read's) lifts nothing
            assert bound() == SOFT_HEAP_LIMIT + 256 * MB
    assert bound() == SOFT_HEAP_LIMIT
    assert int(database.execute_sql("PRAGMA cache_size").fetchone()[0]) == -32_000


def test_a_database_opened_for_reading_only_is_under_the_bound_too(tmp_path, monkeypatch):
    """A full disk or a read-only mount opens the file through store/read_only.py, not
    db.open_database: the same bound."""
    monkeypatch.setattr(read_only, "reason", None)
    path = tmp_path / "clean.sqlite3"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("PRAGMA soft_heap_limit = 0")  # as in a process that opened nothing yet
    conn.close()
    db, _note = read_only.open_for_reading(path)
    try:
        assert int(db.execute_sql("PRAGMA soft_heap_limit").fetchone()[0]) == SOFT_HEAP_LIMIT
    finally:
        db.close()
