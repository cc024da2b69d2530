"""Field types of the models that peewee's core lacks.

``AutoIncrementField`` is the one the models need from ``playhouse.sqlite_ext``, whose
import (its full-text and JSON extensions, its query parser) cost the window's cold start
~1.5-9 ms before the first paint for three lines of DDL. Its definition is copied here,
so the tables' SQL is the same as it always was (``tests/store/test_fields.py`` compares
the two).
"""

from __future__ import annotations

from typing import Any

import peewee as pw


class AutoIncrementField(pw.AutoField):
    """An integer primary key declared ``AUTOINCREMENT``: SQLite never hands out an id
    again once used, even after the row with the highest id is deleted, which is what lets
    an undo put rows back by id without taking another row's."""

    def ddl(self, ctx: Any) -> pw.NodeList:
        return pw.NodeList((super().ddl(ctx), pw.SQL("AUTOINCREMENT")))
