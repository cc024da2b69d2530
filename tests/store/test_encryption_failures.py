"""Converting a database to and from encryption when things go wrong (store/encryption.py):
no room for the converted copy (a file size limit makes its writes fail, as a full disk
does), another process holding the file, and the leftovers of
conversions whose process died. The data is never lost and nothing half-made stays."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.store import encryption
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import StoreError
from tests.store.file_limit import file_size_limit


@pytest.fixture
def plain_db(db_path, clock) -> Path:
    init_db(db_path, clock=clock)
    for n in range(400):
        create_contact(clock, f"Person {n}", notes="n" * 300)
    close_db()
    return db_path


def _rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT id, display_name, notes FROM contact ORDER BY id").fetchall()
    finally:
        conn.close()


def _workspaces(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{encryption.CONVERTING_PREFIX}*"))


def test_no_room_for_the_encrypted_copy_refuses_and_keeps_every_row(plain_db):
    before = _rows(plain_db)
    with file_size_limit(plain_db.stat().st_size // 3), \
            pytest.raises(StoreError, match="the database could not be converted") as refused:
        encryption.convert(plain_db, from_key=None, to_key=encryption.new_key())
    assert "nothing was changed" in str(refused.value)
    assert not encryption.read_header_is_encrypted(plain_db)
    assert _rows(plain_db) == before
    assert _workspaces(plain_db.parent) == []  # the partial copy is gone with its folder
    # The control: with room, the same conversion goes through.
    encryption.convert(plain_db, from_key=None, to_key=encryption.new_key())
    assert encryption.read_header_is_encrypted(plain_db)
    assert encryption.looks_encrypted(plain_db)


def test_a_process_holding_the_database_makes_the_conversion_wait_for_it(plain_db):
    before = _rows(plain_db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "conn = sqlite3.connect(sys.argv[1])\n"
         "conn.execute('PRAGMA journal_mode = WAL')\n"
         "conn.execute('BEGIN'); conn.execute('SELECT count(*) FROM contact').fetchone()\n"
         "print('holding', flush=True); sys.stdin.read()", str(plain_db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError, match="is open in another program"):
            encryption.convert(plain_db, from_key=None, to_key=encryption.new_key())
    finally:
        holder.communicate("")
    assert not encryption.read_header_is_encrypted(plain_db)
    assert _rows(plain_db) == before
    assert _workspaces(plain_db.parent) == []


def test_leftovers_of_dead_conversions_are_removed_and_live_ones_kept(plain_db):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(gone.stdout)
    dead = plain_db.parent / f"{encryption.CONVERTING_PREFIX}{dead_pid}-x1"
    live = plain_db.parent / f"{encryption.CONVERTING_PREFIX}{os.getpid()}-x2"
    for folder in (dead, live):
        folder.mkdir(mode=0o700)
        (folder / "relmanager.sqlite3.converting").write_bytes(b"plaintext left behind")
    key = encryption.new_key()
    encryption.convert(plain_db, from_key=None, to_key=key)
    assert not dead.exists()
    assert live.exists()
    assert _workspaces(plain_db.parent) == [live]
    encryption.check_key(plain_db, key)
    with pytest.raises(encryption.EncryptionKeyError, match="does not open it"):
        encryption.check_key(plain_db, encryption.new_key())


def test_what_cannot_be_ciphertext_is_told_without_reading_an_open_file(tmp_path,
                                                                        monkeypatch):
    assert not encryption.looks_encrypted(tmp_path / "missing.sqlite3")
    short = tmp_path / "short.bin"
    short.write_bytes(os.urandom(700))  # not whole pages
    assert not encryption.looks_encrypted(short)
    assert not encryption.random_looking(os.urandom(500))  # too little to judge
    noise = tmp_path / "noise.sqlite3"
    noise.write_bytes(os.urandom(8192))
    assert encryption.looks_encrypted(noise)
    # A file this process has open is never read again: what was carried is the answer.
    info = noise.stat()
    monkeypatch.setitem(encryption._known, (info.st_dev, info.st_ino), (False, None))
    assert not encryption.looks_encrypted(noise)
