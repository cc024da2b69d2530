"""Reading a database that cannot be written (store/read_only.py), through its real
failure paths: a writer killed with its last change only in the WAL, read from a private
copy; the same when there is no room for the copy (a file size limit in a child process:
the copy's writes fail with EFBIG, as on a full disk), read immutable and said so."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee as pw
import pytest

from relmanager.store import read_only

_WRITE_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
with conn:
    conn.execute("UPDATE person SET name = 'Ada Countess of Lovelace'")
os._exit(0)  # killed: the change is only in the WAL
"""

#: Opens the database for reading in a process that may write at most ``limit`` bytes
#: to any file, and prints what it read (SIGXFSZ ignored: a write past the limit fails
#: with EFBIG instead of killing the process, like ENOSPC on a full disk).
_READ_LIMITED = """
import json, resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from relmanager.store import read_only
db, note = read_only.open_for_reading(Path(sys.argv[1]))
name = db.execute_sql("SELECT name FROM person").fetchone()[0]
print(json.dumps({"note": note, "name": name, "file": db.database,
                  "reason": read_only.reason}))
"""


@pytest.fixture
def killed_writer(tmp_path: Path) -> Path:
    """A WAL database whose last change was left in the WAL by a killed writer."""
    path = tmp_path / "relmanager.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    with conn:
        conn.execute("CREATE TABLE person (name TEXT)")
        conn.execute("INSERT INTO person VALUES ('Ada Lovelace')")
    conn.close()  # a clean close: everything checkpointed into the file
    subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(path)], check=True)
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    return path


def _read_in_child(path: Path, limit: int, tmp: Path) -> dict:
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    done = subprocess.run([sys.executable, "-c", _READ_LIMITED, str(path), str(limit)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_changes_only_in_the_wal_are_read_from_a_private_copy(killed_writer, tmp_path):
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    seen = _read_in_child(killed_writer, 2**40, tmp_path / "tmp")
    assert seen["name"] == "Ada Countess of Lovelace"
    assert seen["note"] == ("the database cannot be written: the database is open for "
                            "reading only; nothing can be saved")
    assert seen["reason"] == "the database cannot be written"
    copy = Path(seen["file"])
    assert copy.parent.parent == tmp_path / "tmp" and copy.name == killed_writer.name
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_no_room_for_the_copy_reads_the_file_as_it_is_and_says_so(killed_writer, tmp_path):
    seen = _read_in_child(killed_writer, 1024, tmp_path / "tmp")
    assert seen["name"] == "Ada Lovelace"  # the WAL's change could not be read
    assert seen["note"].endswith("(and the latest changes may not be shown: no room to "
                                 "read them)")
    assert seen["file"].startswith("file:") and seen["file"].endswith("?immutable=1")
    assert list((tmp_path / "tmp").iterdir()) == []  # the half-made copy is removed


def test_a_closed_database_is_read_immutable_without_a_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(read_only, "reason", None)
    path = tmp_path / "clean.sqlite3"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE person (name TEXT)")
        conn.execute("INSERT INTO person VALUES ('Bo')")
    conn.close()
    db, note = read_only.open_for_reading(path)
    try:
        assert db.execute_sql("SELECT name FROM person").fetchone() == ("Bo",)
        assert db.database == f"file:{path}?immutable=1"
        with pytest.raises(pw.OperationalError, match=r"readonly|read-only|attempt to write"):
            db.execute_sql("INSERT INTO person VALUES ('Cy')")
    finally:
        db.close()
    assert "nothing can be saved" in note and "latest changes" not in note


def test_why_unwritable_names_nothing_for_a_folder_that_cannot_be_asked(tmp_path):
    assert read_only.why_unwritable(tmp_path / "missing" / "db.sqlite3") is None
    assert read_only.why_unwritable(tmp_path) is None  # a folder with room, writable
