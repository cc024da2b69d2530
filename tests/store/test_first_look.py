"""The window's first look (store/first_look.py): the default list's first page read
through ``sqlite3`` alone is the store's own read, and any file the full opening has
something to do with, or to say about, is left to it (the look returns None)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from relmanager.store import demo, first_look, queries, schema_level, tag_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contact_rows import DEFAULT_FIRST_IDS_SQL, ContactFilter, SortKey
from relmanager.store.contacts import add_tags, create_contact, set_archived
from relmanager.store.db import close_db, init_db
from relmanager.store.models import Contact, Setting, database


def _store_page(now, limit: int) -> tuple[list[int], dict]:
    ids = queries.contact_ids(ContactFilter(), now, SortKey.NAME, False, limit=limit)
    return ids, queries.rows_for(ids)


def _look(path, limit):
    """The look as a start takes it: no connection of this process to the file."""
    close_db()
    try:
        return first_look.take(path, limit)
    finally:
        database.initialize(None)


def test_the_sql_is_the_text_the_store_runs_for_the_default_list(db, clock):
    # The same text: SQLite plans it alike, so ties of sort_name come in the same order.
    query = (Contact.select(Contact.id).where(queries.where_clause(ContactFilter(), clock.now()))
             .order_by(*queries._order(SortKey.NAME, False)).limit(80))
    sql, params = query.sql()
    assert (sql, params) == (DEFAULT_FIRST_IDS_SQL, [False, 80])


def _edge_cases(clock) -> None:
    """Ties of sort_name (same names, and names that fold alike), archived people among
    them, tags, e-mails, give/take, channels, people with nothing."""
    made = []
    for index in range(30):
        name = ("Sam Lee", "sam lee", "Åsa Berg", "Zoë Ng", "")[index % 5] or f"P{index}"
        contact = create_contact(clock, name, emails=[f"p{index}@x.org"] if index % 3 else [])
        made.append(contact.id)
    set_archived(clock, made[::4], True)
    add_tags(made[1::3], ["close", "Work"])
    add_tags(made[2::5], ["alpha"])
    for offset, contact_id in enumerate(made[:12]):
        log_interaction(clock, [contact_id], "email" if offset % 2 else "phone",
                        occurred_at=clock.now() - timedelta(days=offset),
                        exchange=("give", "ask", "receive", "neutral")[offset % 4])


@pytest.mark.parametrize("limit", [1, 7, 19, 80])
def test_the_first_page_is_the_stores_ids_rows_and_tags(db, db_path, clock, limit):
    _edge_cases(clock)
    expected_ids, expected_rows = _store_page(clock.now(), limit)
    expected_tags = tag_reads.known_tags()
    look = _look(db_path, limit)
    assert look is not None
    assert look.ids == expected_ids  # same ids, same order, ties included
    assert look.rows == expected_rows
    assert look.tags == expected_tags == ["alpha", "close", "Work"]
    assert look.any_contact


def test_a_relative_path_and_a_name_a_uri_would_misread(clock, tmp_path, monkeypatch):
    odd = tmp_path / "we?ird #1 %20.sqlite3"
    init_db(odd, clock=clock)
    ada = create_contact(clock, "Ada")
    close_db()
    database.initialize(None)
    monkeypatch.chdir(tmp_path)
    look = first_look.take(odd.name, 80)
    assert look is not None and look.ids == [ada.id]


def test_the_demo_network_reads_alike(db, db_path, clock):
    demo.generate(300, 900, clock.now(), seed=3)
    expected_ids, expected_rows = _store_page(clock.now(), 80)
    expected_tags = tag_reads.known_tags()
    look = _look(db_path, 80)
    assert look is not None and len(look.ids) == 80
    assert (look.ids, look.rows, look.tags) == (expected_ids, expected_rows, expected_tags)


def test_an_address_book_of_archived_people_has_contacts_and_no_first_row(db, db_path, clock):
    contact = create_contact(clock, "Gone Away")
    set_archived(clock, [contact.id], True)
    look = _look(db_path, 80)
    assert look is not None and look.ids == [] and look.any_contact
    init_db(db_path, clock=clock)
    Contact.delete().execute()
    look = _look(db_path, 80)
    assert look is not None and not look.any_contact


def test_files_the_full_opening_has_work_on_are_left_to_it(db, db_path, clock, tmp_path):
    create_contact(clock, "Ada")
    Setting.create(key=schema_level.UNFINISHED + "7", value="{}")
    assert _look(db_path, 80) is None  # a killed import is taken back first
    init_db(db_path, clock=clock)
    Setting.delete().where(Setting.key == schema_level.UNFINISHED + "7").execute()
    for level in (schema_level.LATEST - 1, schema_level.LATEST + 1):
        init_db(db_path, clock=clock)
        database.execute_sql(f"PRAGMA user_version = {level}")
        assert _look(db_path, 80) is None, level  # migrated after a backup, or refused
    assert _look(tmp_path / "new.sqlite3", 80) is None  # created by the full opening
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert _look(empty, 80) is None
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"BEGIN:VCARD\r\n" * 400)
    assert _look(junk, 80) is None  # not ours: the full opening says so
    folder = tmp_path / "folder.sqlite3"
    folder.mkdir()
    assert _look(folder, 80) is None
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE t (x)")
    assert _look(foreign, 80) is None


def test_a_file_it_cannot_read_now_is_left_to_the_full_opening(db, db_path, clock):
    create_contact(clock, "Ada")
    close_db()
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:  # another program holds the file: the look does not wait, the opening will
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        assert first_look.take(db_path, 80) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert first_look.take(db_path, 80) is not None


def test_a_file_this_user_cannot_write_is_read_by_the_full_opening(db, db_path, monkeypatch):
    import os

    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK
                        and str(path) == str(db_path) else real(path, mode))
    assert _look(db_path, 80) is None


def test_the_deferred_opening_runs_once_when_first_asked():
    opened: list[int] = []
    first_look.defer_opening(lambda: opened.append(1))
    assert first_look.opening_deferred()
    first_look.open_store()
    first_look.open_store()
    assert opened == [1] and not first_look.opening_deferred()
    first_look.defer_opening(lambda: opened.append(2))
    assert first_look.drop_opening() and not first_look.drop_opening()
    first_look.open_store()
    assert opened == [1]
