"""Long IN lists (store/in_lists.py): the helper's parts, and its callers on a real database
held to SQLite's oldest bound-variable limit (999, what builds before 3.32 allow), where a
list that was not split fails with "too many SQL variables". With ``in_lists.CHUNK`` set to
a million (no splitting) every database test here fails that way; on the tree before this
helper, so did the deletion's snapshot (one statement ORing 900-id IN lists) and
``names_of`` (one list)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import activity, capture, contacts, demo, merge, queries, snapshots
from relmanager.store.in_lists import CHUNK, chunks, marks, rows_in
from relmanager.store.models import Contact, ContactEmail, database

PEOPLE = 1_850  # more than two statements' worth


def test_nothing_gives_no_part():
    assert list(chunks([])) == []
    assert list(chunks(iter(()))) == []


def test_exactly_one_chunk_is_one_part():
    values = list(range(CHUNK))
    assert CHUNK == 900
    assert list(chunks(values)) == [values]


def test_one_more_starts_a_second_part_and_the_order_is_kept():
    values = [f"v{n}" for n in reversed(range(CHUNK + 1))]
    parts = list(chunks(values))
    assert [len(p) for p in parts] == [CHUNK, 1]
    assert [v for part in parts for v in part] == values


def test_any_iterable_is_read_once_in_order_as_lists():
    parts = list(chunks((n * n for n in range(7)), 3))
    assert parts == [[0, 1, 4], [9, 16, 25], [36]]
    assert all(isinstance(p, list) for p in parts)


def test_marks_are_one_placeholder_a_value():
    assert marks(3) == "?,?,?"
    assert marks(1) == "?"


@pytest.fixture
def people(db, clock) -> list[int]:
    demo.generate(PEOPLE, 2_000, clock.now())
    return [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]


@pytest.fixture
def oldest_limit(people) -> Iterator[None]:
    """The connection binds at most 999 values a statement, as SQLite before 3.32 did."""
    connection = database.connection()
    before = connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        yield
    finally:
        connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def test_the_limit_is_real(people, oldest_limit):
    """Without this the other tests prove nothing: one 1,000-value list is refused."""
    with pytest.raises(Exception, match="too many SQL variables"):
        database.execute_sql(f"SELECT id FROM contact WHERE id IN ({marks(1_000)})",
                             people[:1_000]).fetchall()


def test_rows_in_binds_extra_parameters_and_halves(people, oldest_limit):
    found = list(rows_in("SELECT id FROM contact WHERE id IN ({marks}) OR id IN ({marks})",
                         people, lambda part: [*part, *part], CHUNK // 2))
    assert sorted(found) == [(cid,) for cid in people]


def test_a_list_page_reads_every_row(people, oldest_limit):
    rows = queries.rows_for(people)
    assert sorted(rows) == people
    assert {cid for cid, row in rows.items() if row["emails"]} == {
        cid for (cid,) in ContactEmail.select(ContactEmail.contact).distinct().tuples()}


def test_every_grouped_duplicate_is_named(people, oldest_limit):
    """The duplicates dialog and `relmanager duplicates` name everyone in every group."""
    names = dict(Contact.select(Contact.id, Contact.display_name).tuples())
    assert merge.names_of(people) == names
    assert queries.names_of(people) == names


def test_bulk_moves_archives_and_untags_every_one(people, oldest_limit, clock):
    record = activity.move_stage(clock, people, Stage.PARKED)
    assert Contact.select().where(Contact.stage != Stage.PARKED.value).count() == 0
    assert len(record.moves) > 999
    contacts.set_archived(clock, people, True)
    assert Contact.select().where(Contact.archived == False).count() == 0  # noqa: E712
    contacts.add_tags(people[:400], ["many"])
    contacts.remove_tags(people, ["many"])
    assert all("many" not in row["tags"] for row in queries.rows_for(people).values())


def test_capture_matches_every_address(people, oldest_limit):
    oldest = dict(database.execute_sql(
        "SELECT email, min(contact_id) FROM contact_email GROUP BY email").fetchall())
    assert len(oldest) > 999
    assert capture.contacts_by_address([*oldest, "nobody@example.org"]) == oldest
    assert sorted(capture.contact_uids(people)) == people


def test_deleting_many_keeps_everything_for_the_undo(people, oldest_limit):
    """The snapshot's reads and the deletes are split too; the undo then puts every row
    back (its inserts are row batches, checked here with today's limit)."""
    interactions = database.execute_sql("SELECT count(*) FROM interaction").fetchone()[0]
    snap = snapshots.delete_contacts(people)
    assert Contact.select().count() == 0
    assert sorted(snap.contact_ids) == people
    assert len(snap.tables["interaction"]) == interactions > 0
    database.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    snapshots.restore_snapshot(snap)
    assert [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()] == people
    assert database.execute_sql("SELECT count(*) FROM interaction").fetchone()[0] == interactions
