"""The network the Network page keeps is small: ~100 bytes a person, not the ~1,050 a
networkx graph with every person's tie facts took (1,400 at the build's peak) (issue 23: at 100,000
contacts the page's network was ~145 MB, most of the app's peak memory). Measured with
tracemalloc (Python's own allocations; SQLite's page cache is the bench's ``memory``
row's to see) on a demo network, the snapshot kept and the build's own peak."""

from __future__ import annotations

import random
import tracemalloc

from relmanager.store import demo, demo_network, network_reads
from relmanager.store.models import database

PEOPLE = 3000
#: Bytes a person the snapshot may keep (measured ~104; the old graph and facts ~1,050).
KEPT_PER_PERSON = 200
#: ... and the build's peak (measured ~300; the old build's ~1,400).
PEAK_PER_PERSON = 600


def test_the_network_kept_and_its_build_cost_little_memory_a_person(db, clock):
    demo.generate(PEOPLE, 4 * PEOPLE, clock.now())
    first = database.execute_sql("SELECT min(id) FROM contact").fetchone()[0]
    with database.atomic():
        demo_network.add_relations(database.connection(), random.Random(7), first, PEOPLE,
                                   clock.now())
    today = clock.now().date()
    network_reads.read_network(today)  # warm: imports, parsed-date caches, statements
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        snapshot = network_reads.read_network(today)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    people = len(snapshot.network.ties)
    assert people > PEOPLE * 0.9
    assert (kept - before) / people < KEPT_PER_PERSON
    assert (peak - before) / people < PEAK_PER_PERSON


def test_the_read_scans_with_a_small_page_cache_and_puts_the_usual_one_back(db, clock,
                                                                          monkeypatch):
    sizes = []
    real = network_reads._read_network

    def reading(today):
        sizes.append(database.execute_sql("PRAGMA cache_size").fetchone()[0])
        return real(today)

    monkeypatch.setattr(network_reads, "_read_network", reading)
    usual = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    network_reads.read_network(clock.now().date())
    assert sizes == [-network_reads.SCAN_CACHE_KIB] and usual == -32_000
    assert database.execute_sql("PRAGMA cache_size").fetchone()[0] == usual


#: Bytes at common_ground's peak per tag row it reads, for a handful of people asked
#: about (measured ~0.8 streamed; the tuple of every row was ~135).
GROUND_PEAK_PER_ROW = 20


def test_the_common_ground_read_streams_its_rows(db, clock):
    """The Network page asks for the ground of the people its ideas may pair (45,000 of
    100,000): the read went through every tagged person's rows held in one tuple (~34 MB
    at the app's peak), where each row is needed only until the next."""
    demo.generate(PEOPLE, 2 * PEOPLE, clock.now())
    rows = database.execute_sql("SELECT count(*) FROM contact_tag").fetchone()[0]
    some = {cid for (cid,) in database.execute_sql(
        "SELECT contact_id FROM contact_tag GROUP BY contact_id LIMIT 5")}
    network_reads.common_ground(some)  # warm: statements, imports
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        ground = network_reads.common_ground(some)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert set(ground) == some and rows > PEOPLE  # the tags of the five, of many rows
    assert (peak - before) / rows < GROUND_PEAK_PER_ROW, (peak - before, rows)
