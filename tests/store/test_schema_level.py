"""store.schema_level: the version a reading command compares a file's with.
(The STEPS/LATEST parity is checked in tests/cli/test_reading_commands.py, outside
mutmut's fast subset; this is its fast twin, and the read of a file's version.)"""

from __future__ import annotations

from relmanager.store import migrations, schema_level
from relmanager.store.models import database


def test_a_new_database_is_at_the_latest_level_and_the_steps_end_there(db):
    assert len(migrations.STEPS) + 1 == schema_level.LATEST
    assert schema_level.schema_version(database) == schema_level.LATEST
    database.execute_sql("PRAGMA user_version = 3")
    assert schema_level.schema_version(database) == 3
