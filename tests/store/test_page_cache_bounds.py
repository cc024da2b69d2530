"""A piece of work's page cache (relmanager.store.page_cache) at the process's bound:
a cache of exactly the bound lifts nothing, one KiB more lifts it by the whole cache, and
a block that fails, or a database opened meanwhile, leaves the bound as it must be."""

from __future__ import annotations

import pytest

from relmanager.store.models import database
from relmanager.store.page_cache import SOFT_HEAP_LIMIT, bound_heap, page_cache

KIB = 1024


def _bound() -> int:
    return int(database.execute_sql("PRAGMA soft_heap_limit").fetchone()[0])


def _cache_size() -> int:
    return int(database.execute_sql("PRAGMA cache_size").fetchone()[0])


def test_a_cache_of_the_bound_lifts_nothing_and_one_kib_more_lifts_by_all_of_it(db):
    at_bound = SOFT_HEAP_LIMIT // KIB
    with page_cache(at_bound):
        assert (_cache_size(), _bound()) == (-at_bound, SOFT_HEAP_LIMIT)
    with page_cache(at_bound + 1):
        assert (_cache_size(), _bound()) == (-(at_bound + 1),
                                             SOFT_HEAP_LIMIT + (at_bound + 1) * KIB)
    assert (_cache_size(), _bound()) == (-32_000, SOFT_HEAP_LIMIT)


def test_a_block_that_fails_puts_the_cache_and_the_bound_back(db):
    database.execute_sql("PRAGMA cache_size = 500")  # pages, not KiB: put back as it was
    with pytest.raises(RuntimeError), page_cache(64 * 1024):
        raise RuntimeError("the import failed")
    assert (_cache_size(), _bound()) == (500, SOFT_HEAP_LIMIT)


def test_a_database_opened_during_a_lift_keeps_the_lift(db):
    """bound_heap runs where a database is opened (a read-only copy, a restore): inside
    an import's room it must not put the process's bound back under the import."""
    with page_cache(64 * 1024):
        bound_heap(database)
        assert _bound() == SOFT_HEAP_LIMIT + 64 * 1024 * KIB
        # a library of its own (SQLCipher's, for an encrypted file) starts unbounded
        database.execute_sql("PRAGMA soft_heap_limit = 0")
        bound_heap(database)
        assert _bound() == SOFT_HEAP_LIMIT + 64 * 1024 * KIB
    assert _bound() == SOFT_HEAP_LIMIT
