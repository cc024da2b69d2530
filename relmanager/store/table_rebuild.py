"""Giving existing tables ``AUTOINCREMENT`` ids, by SQLite's table rebuild.

Without ``AUTOINCREMENT`` SQLite gives a new row ``max(rowid) + 1``, so the id of the
last deleted contact (or interaction...) goes to the next one added; undoing the delete
or a merge then puts the old row back under an id that is taken ("UNIQUE constraint
failed: contact.id"). ``AUTOINCREMENT`` never hands out an id twice (sqlite_sequence
remembers the highest ever used). SQLite cannot add it to a table in place, so each
table is rebuilt with the procedure of https://sqlite.org/lang_altertable.html
("Making Other Kinds Of Table Schema Changes"): create the new table from the stored
``CREATE TABLE`` text plus the keyword, copy the rows with their ids, drop the old
table, rename the new one, and re-create the table's indexes and triggers from their
stored text (the search-index triggers, the timeline's rollup triggers and the sync
change-tracking triggers, whichever exist). The caller runs it in one transaction with
foreign keys off (dropping a parent table with them on would cascade its deletes into
the children) and checks them before committing.
"""

from __future__ import annotations

import re
from typing import Any

import peewee as pw

from relmanager.store.errors import StoreError

#: Tables whose rows undo puts back with their own ids (snapshots, merges), so an id
#: must never go to another row in between.
TABLES = ("contact", "contact_email", "contact_phone", "contact_link", "contact_tag",
          "interaction", "stage_change", "introduction", "follow_up", "import_merge",
          "contact_relation", "capture_item")

_ID = re.compile(r'("id"|\bid\b)\s+INTEGER\s+NOT\s+NULL\s+PRIMARY\s+KEY', re.IGNORECASE)


def has_autoincrement(db: pw.Database, table: str) -> bool | None:
    """True/False for an existing table, None when there is no such table."""
    row = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                         (table,)).fetchone()
    if row is None:
        return None
    return "AUTOINCREMENT" in row[0].upper()


def rebuild_with_autoincrement(db: pw.Database, table: str) -> bool:
    """Rebuild ``table`` with an ``AUTOINCREMENT`` id; False when there was nothing to
    do (no such table, or it has one already), so it can run any number of times."""
    if has_autoincrement(db, table) is not False:
        return False
    create = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (table,)).fetchone()[0]
    new_sql, found = _ID.subn(r"\1 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", create, 1)
    if not found:
        raise StoreError(f"table {table} has no INTEGER PRIMARY KEY id to rebuild")
    temp = f"{table}__rebuild"
    new_sql = new_sql.replace(f'CREATE TABLE "{table}"', f'CREATE TABLE "{temp}"', 1)
    if temp not in new_sql:
        raise StoreError(f"unexpected CREATE TABLE text for {table}")
    # Step 6: the table's own indexes and triggers, by their stored text.
    dependants = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL", (table,)).fetchall()
    columns = ", ".join(f'"{row[1]}"' for row in
                        db.execute_sql(f'PRAGMA table_info("{table}")').fetchall())
    stats = _statistics(db, table)
    db.execute_sql(new_sql)
    db.execute_sql(f'INSERT INTO "{temp}" ({columns}) SELECT {columns} FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')
    # Legacy renaming leaves other tables' triggers and foreign keys alone: they name
    # the table by its name, which the new table is about to take.
    legacy = db.execute_sql("PRAGMA legacy_alter_table").fetchone()[0]
    db.execute_sql("PRAGMA legacy_alter_table = ON")
    try:
        db.execute_sql(f'ALTER TABLE "{temp}" RENAME TO "{table}"')
    finally:
        db.execute_sql(f"PRAGMA legacy_alter_table = {int(legacy)}")
    for (sql,) in dependants:
        db.execute_sql(sql)
    _restore_statistics(db, stats)
    return True


#: ANALYZE's tables: dropping a table drops its rows there.
_STAT_TABLES = ("sqlite_stat1", "sqlite_stat4")


def _statistics(db: pw.Database, table: str) -> dict[str, list[tuple[Any, ...]]]:
    """The planner's statistics of ``table`` and its indexes (same rows, same names
    after the rebuild). Without them the planner falls back to guesses until the next
    ANALYZE: at 100,000 contacts the board's read went from ~60 ms to over a second
    after the upgrade."""
    present = {row[0] for row in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE name IN (?, ?)", _STAT_TABLES).fetchall()}
    return {stat: db.execute_sql(f'SELECT * FROM "{stat}" WHERE tbl = ?', (table,)).fetchall()
            for stat in _STAT_TABLES if stat in present}


def _restore_statistics(db: pw.Database, stats: dict[str, list[tuple[Any, ...]]]) -> None:
    """Put the rows back: DROP TABLE has already deleted the table's own (and its
    indexes') rows from the statistics tables, so there is nothing to clear first."""
    for stat, rows in stats.items():
        for row in rows:
            marks = ", ".join("?" * len(row))
            db.execute_sql(f'INSERT INTO "{stat}" VALUES ({marks})', row)


def next_free_id(db: pw.Database, table: str) -> int:
    """The id ``AUTOINCREMENT`` would give the next row of ``table``: past every id ever
    used, not only the ones left. For bulk writers that hand out ids themselves."""
    used = db.execute_sql(
        f'SELECT max(coalesce((SELECT max(id) FROM "{table}"), 0), coalesce((SELECT seq '
        "FROM sqlite_sequence WHERE name = ?), 0))", (table,)).fetchone()[0]
    return int(used) + 1


def broken_references(db: pw.Database) -> set[tuple[Any, ...]]:
    """``PRAGMA foreign_key_check``: (table, rowid, parent, constraint) of each row whose
    reference points nowhere."""
    return {tuple(row) for row in db.execute_sql("PRAGMA foreign_key_check").fetchall()}


def check_foreign_keys(db: pw.Database, before: set[tuple[Any, ...]]) -> None:
    """Step 10 of the procedure: a rebuild must break no reference. Ones broken before it
    (an old database's own damage) are not its doing and do not stop the upgrade."""
    broken = sorted(broken_references(db) - before, key=repr)
    if broken:
        table, rowid, parent, _fk = broken[0]
        raise StoreError(f"{len(broken)} broken references after the rebuild, the first "
                           f"in {table} row {rowid} (to {parent}); nothing was changed")
