"""The schema version this Relmanager writes, and how to read a file's.

Apart from :mod:`relmanager.store.migrations` (which walks older files up to it) so that a
command that only reads can tell a current database from one that needs migrating
without importing every migration step (11 M instructions at each ``relmanager list``).
``migrations.STEPS`` must end at this version: tests/cli/test_reading_commands.py checks it.

Without peewee: the window's first look at its file (store/first_look.py) asks the same
two questions as a reading command's open (store/db.py) through ``sqlite3`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import peewee as pw

#: ``PRAGMA user_version`` of a database at the current schema.
LATEST = 14

#: The settings key prefix of an import's "unfinished" mark (store/import_parts.py).
UNFINISHED = "import_unfinished."

#: Runs one statement with its parameters and returns a cursor (``execute_sql`` of a
#: peewee database, or a ``sqlite3`` connection's ``execute``).
Execute = Callable[..., Any]


def version_with(execute: Execute) -> int:
    return int(execute("PRAGMA user_version").fetchone()[0])


def schema_version(db: pw.Database) -> int:
    return version_with(db.execute_sql)


def import_killed_with(execute: Execute) -> bool:
    """Whether an import was killed half-way in the file (its mark is still there): the
    opening that may write takes its parts back before anything is listed."""
    return execute("SELECT 1 FROM setting WHERE key >= ? AND key < ? LIMIT 1",
                   (UNFINISHED, UNFINISHED[:-1] + "/")).fetchone() is not None
