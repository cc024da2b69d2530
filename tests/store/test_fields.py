"""The models' own AutoIncrementField declares the same column as playhouse's, which the
models used before (its import was a cost of the window's cold start)."""

from __future__ import annotations

import peewee as pw
from playhouse.sqlite_ext import AutoIncrementField as PlayhouseAutoIncrement

from relmanager.store.fields import AutoIncrementField


def _create_sql(field: pw.Field) -> str:
    db = pw.SqliteDatabase(":memory:")

    class Row(pw.Model):
        id = field
        name = pw.TextField()

        class Meta:
            database = db
            table_name = "row"

    return Row._schema._create_table(safe=False).query()[0]


def test_the_column_is_declared_as_playhouse_declared_it():
    ours = _create_sql(AutoIncrementField())
    assert ours == _create_sql(PlayhouseAutoIncrement())
    assert '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT' in ours


def test_an_id_once_used_is_never_given_again():
    db = pw.SqliteDatabase(":memory:")

    class Row(pw.Model):
        id = AutoIncrementField()
        name = pw.TextField()

        class Meta:
            database = db

    db.create_tables([Row])
    Row.create(name="a")
    last = Row.create(name="b")
    last.delete_instance()
    assert Row.create(name="c").id == last.id + 1
