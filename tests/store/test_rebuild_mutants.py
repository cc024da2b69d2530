"""SQLite's table rebuild for AUTOINCREMENT ids, one rule each (written against mutmut's
survivors in ``store.table_rebuild``; the upgrade of a real old database is
tests/store/test_autoincrement_ids.py): a rebuild keeps every row, index, trigger and
statistic, runs once, and refuses what it cannot do with the reason."""

from __future__ import annotations

from collections.abc import Iterator

import peewee as pw
import pytest

from relmanager.store import table_rebuild
from relmanager.store.errors import StoreError


@pytest.fixture
def mem() -> Iterator[pw.SqliteDatabase]:
    db = pw.SqliteDatabase(":memory:")
    db.connect()
    db.execute_sql('CREATE TABLE "parent" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT)')
    db.execute_sql('CREATE INDEX "parent_name" ON "parent" ("name")')
    db.execute_sql('CREATE TABLE "log" ("text" TEXT)')
    db.execute_sql('CREATE TRIGGER "parent_ai" AFTER INSERT ON "parent" BEGIN '
                   "INSERT INTO log VALUES (new.name); END")
    db.execute_sql('INSERT INTO "parent" VALUES (3, \'c\'), (7, \'g\')')
    yield db
    db.close()


def _sql(db: pw.SqliteDatabase, name: str) -> str:
    return db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]


def test_a_rebuild_gives_autoincrement_keeping_rows_indexes_and_triggers(mem):
    assert table_rebuild.has_autoincrement(mem, "parent") is False
    assert table_rebuild.has_autoincrement(mem, "nothing") is None
    assert table_rebuild.rebuild_with_autoincrement(mem, "parent") is True
    assert table_rebuild.has_autoincrement(mem, "parent") is True
    assert "AUTOINCREMENT" in _sql(mem, "parent") and "__rebuild" not in _sql(mem, "parent")
    assert mem.execute_sql("SELECT * FROM parent ORDER BY id").fetchall() == [(3, "c"),
                                                                            (7, "g")]
    assert _sql(mem, "parent_name") and _sql(mem, "parent_ai")
    mem.execute_sql("INSERT INTO parent (name) VALUES ('h')")
    assert mem.execute_sql("SELECT text FROM log").fetchall() == [("c",), ("g",), ("h",)]
    assert table_rebuild.rebuild_with_autoincrement(mem, "parent") is False  # once
    assert table_rebuild.rebuild_with_autoincrement(mem, "nothing") is False


def test_an_unquoted_lower_case_id_is_found_too(mem):
    mem.execute_sql('CREATE TABLE "t" (id integer not null primary key, v TEXT)')
    assert table_rebuild.rebuild_with_autoincrement(mem, "t") is True
    assert "AUTOINCREMENT" in _sql(mem, "t")


def test_a_table_without_an_integer_id_is_refused_unchanged(mem):
    mem.execute_sql('CREATE TABLE "k" ("key" TEXT PRIMARY KEY)')
    with pytest.raises(StoreError, match="table k has no INTEGER PRIMARY KEY id to rebuild"):
        table_rebuild.rebuild_with_autoincrement(mem, "k")
    mem.execute_sql("CREATE TABLE q (id INTEGER NOT NULL PRIMARY KEY)")
    with pytest.raises(StoreError, match="unexpected CREATE TABLE text for q"):
        table_rebuild.rebuild_with_autoincrement(mem, "q")


@pytest.mark.parametrize("legacy", [0, 1])
def test_the_legacy_rename_setting_is_put_back_as_it_was(mem, legacy: int):
    mem.execute_sql(f"PRAGMA legacy_alter_table = {legacy}")
    table_rebuild.rebuild_with_autoincrement(mem, "parent")
    assert mem.execute_sql("PRAGMA legacy_alter_table").fetchone()[0] == legacy


def test_the_planners_statistics_of_the_table_alone_come_back(mem):
    mem.execute_sql('CREATE TABLE "other" ("id" INTEGER NOT NULL PRIMARY KEY, "x" INT)')
    mem.execute_sql('CREATE INDEX "other_x" ON "other" ("x")')
    mem.execute_sql("INSERT INTO other VALUES (1, 1)")
    mem.execute_sql("ANALYZE")
    before = sorted(mem.execute_sql("SELECT * FROM sqlite_stat1").fetchall(), key=repr)
    table_rebuild.rebuild_with_autoincrement(mem, "parent")
    assert sorted(mem.execute_sql("SELECT * FROM sqlite_stat1").fetchall(), key=repr) == before


def test_the_next_free_id_is_past_every_id_ever_used(mem):
    table_rebuild.rebuild_with_autoincrement(mem, "parent")
    assert table_rebuild.next_free_id(mem, "parent") == 8
    mem.execute_sql("INSERT INTO parent (name) VALUES ('h')")  # 8
    mem.execute_sql("DELETE FROM parent WHERE id >= 7")
    assert table_rebuild.next_free_id(mem, "parent") == 9
    mem.execute_sql("CREATE TABLE e (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT)")
    assert table_rebuild.next_free_id(mem, "e") == 1


def test_a_broken_reference_is_named_and_old_damage_is_not(mem):
    mem.execute_sql('CREATE TABLE "child" ("id" INTEGER NOT NULL PRIMARY KEY, '
                    '"parent_id" INTEGER REFERENCES "parent" ("id"))')
    mem.execute_sql("INSERT INTO child VALUES (1, 99)")
    old = table_rebuild.broken_references(mem)
    assert old == {("child", 1, "parent", 0)}
    table_rebuild.check_foreign_keys(mem, old)  # not the rebuild's doing
    mem.execute_sql("INSERT INTO child VALUES (2, 98)")
    with pytest.raises(StoreError, match=r"^1 broken references after the rebuild, the "
                                         r"first in child row 2 \(to parent\); nothing"):
        table_rebuild.check_foreign_keys(mem, old)
