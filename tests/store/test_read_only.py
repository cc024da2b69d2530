"""Reading a database that cannot be written (store/read_only.py), through its real
failure paths: a writer killed with its last change only in the WAL, read from a private
copy; the same when there is no room for the copy (a file size limit: the copy's writes
fail with EFBIG, as on a full disk), read immutable and said so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import peewee as pw
import pytest

from relmanager.store import read_only
from tests.store.file_limit import file_size_limit

_WRITE_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
with conn:
    conn.execute("UPDATE person SET name = 'Ada Countess of Lovelace' WHERE id = 1")
os._exit(0)  # killed: the change is only in the WAL
"""


@pytest.fixture
def killed_writer(tmp_path: Path, monkeypatch) -> Path:
    """A WAL database (some 300 kB) whose last change was left in the WAL by a killed
    writer; temporary files go to a folder of the test's own."""
    monkeypatch.setattr(read_only, "reason", None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    path = tmp_path / "relmanager.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT, notes TEXT)")
        conn.execute("INSERT INTO person (name) VALUES ('Ada Lovelace')")
        conn.executemany("INSERT INTO person (name, notes) VALUES (?, ?)",
                         [(f"P{n}", "x" * 300) for n in range(1000)])
    conn.close()  # a clean close: everything checkpointed into the file
    subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(path)], check=True)
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    return path


def _name(db: pw.SqliteDatabase) -> str:
    try:
        return db.execute_sql("SELECT name FROM person WHERE id = 1").fetchone()[0]
    finally:
        db.close()


def test_changes_only_in_the_wal_are_read_from_a_private_copy(killed_writer, tmp_path):
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    db, note = read_only.open_for_reading(killed_writer)
    copy = Path(db.database)
    assert _name(db) == "Ada Countess of Lovelace"
    assert note == ("the database cannot be written: the database is open for reading "
                    "only; nothing can be saved")
    assert read_only.reason == "the database cannot be written"
    assert copy.parent.parent == tmp_path / "tmp" and copy.name == killed_writer.name
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_no_room_for_the_copy_reads_the_file_as_it_is_and_says_so(killed_writer, tmp_path):
    with file_size_limit(64 * 1024):
        db, note = read_only.open_for_reading(killed_writer)
    assert _name(db) == "Ada Lovelace"  # the WAL's change could not be read
    assert note.endswith("(and the latest changes may not be shown: no room to read them)")
    assert db.database == f"file:{killed_writer}?immutable=1"
    assert list((tmp_path / "tmp").iterdir()) == []  # the half-made copy is removed


def test_a_closed_database_is_read_immutable_without_a_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(read_only, "reason", None)
    path = tmp_path / "clean.sqlite3"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO person (name) VALUES ('Bo')")
    conn.close()
    db, note = read_only.open_for_reading(path)
    try:
        assert db.database == f"file:{path}?immutable=1"
        with pytest.raises(pw.OperationalError, match=r"readonly|read-only|attempt to write"):
            db.execute_sql("INSERT INTO person (name) VALUES ('Cy')")
    finally:
        db.close()
    assert _name(db) == "Bo"
    assert "nothing can be saved" in note and "latest changes" not in note


def test_why_unwritable_names_nothing_for_a_folder_that_cannot_be_asked(tmp_path):
    assert read_only.why_unwritable(tmp_path / "missing" / "db.sqlite3") is None
    assert read_only.why_unwritable(tmp_path) is None  # a folder with room, writable
