"""The schema version this Relmanager writes, and how to read a file's.

Apart from :mod:`relmanager.store.migrations` (which walks older files up to it) so that a
command that only reads can tell a current database from one that needs migrating
without importing every migration step (11 M instructions at each ``relmanager list``).
``migrations.STEPS`` must end at this version: tests/cli/test_reading_commands.py checks it.
"""

from __future__ import annotations

import peewee as pw

#: ``PRAGMA user_version`` of a database at the current schema.
LATEST = 14


def schema_version(db: pw.Database) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])
