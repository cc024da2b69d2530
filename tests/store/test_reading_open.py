"""The reading open's two questions (store.db._read_as_it_is, _cannot_write), in this
process: tests/cli/test_reading_commands.py asks them from outside (a command's own
process, root's capabilities dropped), where mutmut's fast subset cannot see which
function a test reached."""

from __future__ import annotations

from relmanager.store import read_only, schema_level
from relmanager.store.db import _cannot_write, _read_as_it_is
from relmanager.store.import_parts import UNFINISHED
from relmanager.store.models import Setting, database


def test_a_current_database_with_no_killed_import_is_read_as_it_is(db, monkeypatch):
    assert _read_as_it_is(database)
    # Keys around the killed-import marks' range are not marks.
    Setting.create(key=UNFINISHED[:-1], value="1")  # just below the range
    Setting.create(key=UNFINISHED[:-1] + "/", value="1")  # its end, not in it
    assert _read_as_it_is(database)
    Setting.create(key=UNFINISHED + "7", value="1")
    assert not _read_as_it_is(database)  # a killed import is taken back first
    monkeypatch.setattr(read_only, "reason", "a read-only file")
    assert _read_as_it_is(database)  # unless the file cannot be written anyway


def test_a_database_at_another_level_takes_the_full_opening(db, monkeypatch):
    monkeypatch.setattr(read_only, "reason", "a read-only file")
    for level in (schema_level.LATEST - 1, schema_level.LATEST + 1):
        database.execute_sql(f"PRAGMA user_version = {level}")
        assert not _read_as_it_is(database), level


def test_a_file_that_is_missing_or_in_a_missing_folder_cannot_be_written(tmp_path):
    present = tmp_path / "present.db"
    present.write_bytes(b"")
    assert not _cannot_write(present)
    assert _cannot_write(tmp_path / "absent.db")  # its folder can be written, not it
    assert _cannot_write(tmp_path / "nowhere" / "absent.db")
