"""Backups found on disk that are not what their name says (store/backups.py): damaged
pages, text, foreign and missing files are named for what they are when listed and
checked; the old shared backups folder gives each database its own copies only, and
leaves alone what it cannot read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.paths import backup_dir, backups_root
from relmanager.store import backups
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import NotADatabaseError, StoreError


def _damaged_copy(good: Path, target: Path) -> Path:
    """``good`` with the pages after the first overwritten: the header still says SQLite,
    the tables are gone to noise."""
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > 2 * page, "the backup is too small to damage a page of it"
    data[page:] = bytes((i * 37 + 11) % 256 for i in range(len(data) - page))
    target.write_bytes(bytes(data))
    return target


@pytest.fixture
def good_backup(db, db_path, clock) -> Path:
    for n in range(300):  # more than one page of contacts
        create_contact(clock, f"Person {n}", notes="x" * 200)
    return backups.backup_now(db_path, clock)


def test_listing_with_checks_names_each_bad_file(good_backup, db_path, clock, tmp_path):
    folder = backup_dir(db_path)
    damaged = _damaged_copy(good_backup, folder / "relmanager-20990101-000000.sqlite3")
    text = folder / "relmanager-20990102-000000.sqlite3"
    text.write_bytes((b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n" * 200)[:4096])
    foreign = folder / "relmanager-20990103-000000.sqlite3"
    shutil.copyfile(good_backup, foreign)
    with foreign.open("r+b") as out:  # a SQLite header, but a page size no SQLite has
        out.seek(16)
        out.write(b"\x00\x03")
    found = {info.path: info.problem for info in backups.list_backups(db_path, check=True)}
    assert found[good_backup] is None
    assert found[damaged].startswith(("damaged", "not a readable database")), found[damaged]
    assert found[text] == "not a database (no SQLite header, and not encrypted either)"
    assert found[foreign].startswith("not a readable database"), found[foreign]
    newest, bad = backups.newest_valid(db_path)
    assert newest is not None and newest.path == good_backup
    assert [b.path for b in bad] == [foreign, text, damaged]  # newest first
    assert backups.verify(folder / "missing.sqlite3") == \
        "cannot be read (No such file or directory)"


def test_checking_a_damaged_backup_refuses_it(good_backup, tmp_path):
    damaged = _damaged_copy(good_backup, tmp_path / "damaged.sqlite3")
    with pytest.raises(NotADatabaseError, match=r"damaged\.sqlite3 is (damaged|not a readable)"):
        backups.check_backup(damaged)


def test_a_backup_not_named_by_the_app_is_dated_by_its_file(good_backup, db_path):
    renamed = backup_dir(db_path) / "my-copy.sqlite3"
    shutil.copyfile(good_backup, renamed)
    listed = {info.path: info.created for info in backups.list_backups(db_path)}
    assert listed[renamed].timestamp() == pytest.approx(renamed.stat().st_mtime, abs=1)


def _database_with(path: Path, uids: list[str]) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, uid TEXT)")
        conn.executemany("INSERT INTO contact (uid) VALUES (?)", [(u,) for u in uids])
    conn.close()
    return path


def test_the_old_shared_folder_gives_each_database_its_copies_only(db_path, clock):
    init_db(db_path, clock=clock)
    mine = [create_contact(clock, name).uid for name in ("Ada", "Bo")]
    close_db()  # not open here: its uids are read through a read-only connection
    root = backups_root(db_path)
    root.mkdir(parents=True)
    copy = _database_with(root / "relmanager-20240101-000000.sqlite3", mine[:1])
    other = _database_with(root / "relmanager-20240102-000000.sqlite3", ["someone-else"])
    junk = root / "relmanager-20240103-000000.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    hidden = _database_with(root / ".relmanager-20240104-000000.sqlite3", mine)
    taken = _database_with(root / "relmanager-20240105-000000.sqlite3", mine)
    own = backup_dir(db_path)
    own.mkdir(mode=0o700)
    (own / taken.name).write_bytes(b"already there")

    moved = backups.adopt_legacy_backups(db_path)

    assert moved == [own / copy.name]
    assert (own / copy.name).exists() and not copy.exists()
    assert other.exists() and junk.exists() and hidden.exists() and taken.exists()
    assert (own / taken.name).read_bytes() == b"already there"
    assert backups.adopt_legacy_backups(db_path) == []  # nothing more of its own


def test_nothing_is_adopted_for_a_database_that_cannot_be_read(db_path, tmp_path):
    root = backups_root(db_path)
    root.mkdir(parents=True)
    copy = _database_with(root / "relmanager-20240101-000000.sqlite3", ["a"])
    assert backups.adopt_legacy_backups(db_path) == []  # no database yet
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)  # a header, then junk
    assert backups.adopt_legacy_backups(db_path) == []
    assert copy.exists()
    empty_root = tmp_path / "elsewhere" / "db.sqlite3"
    assert backups.adopt_legacy_backups(empty_root) == []  # no backups folder at all


def test_leftovers_of_killed_backups_go_and_those_of_live_ones_stay(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    folder = tmp_path / "set"
    assert backups.remove_leftovers(folder) == []  # no folder yet
    folder.mkdir()
    dead = folder / f".relmanager-1.sqlite3{backups.PARTIAL}{int(gone.stdout)}"
    dead_wal = folder / f".relmanager-1.sqlite3{backups.PARTIAL}{int(gone.stdout)}-wal"
    live = folder / f".relmanager-2.sqlite3{backups.PARTIAL}{os.getpid()}"
    kept = [live, folder / "relmanager-3.sqlite3", folder / f"x{backups.PARTIAL}1",
            folder / ".hidden-note"]
    for path in (dead, dead_wal, *kept):
        path.write_bytes(b"x")
    assert sorted(backups.remove_leftovers(folder)) == [dead, dead_wal]
    assert sorted(folder.iterdir()) == sorted(kept)


def test_a_backup_never_overwrites_a_file_or_writes_into_a_folder(db, db_path, clock,
                                                                 tmp_path):
    existing = tmp_path / "mine.sqlite3"
    existing.write_bytes(b"precious")
    with pytest.raises(backups.BackupExistsError, match="already exists; nothing was"):
        backups.backup_now(db_path, clock, target=existing)
    assert existing.read_bytes() == b"precious"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder; name the backup file"):
        backups.backup_now(db_path, clock, target=folder, force=True)
    assert list(folder.iterdir()) == []


def test_an_index_that_disagrees_with_its_table_is_damage(good_backup, tmp_path):
    """A restore checks with integrity_check: an index whose entries are not its table's
    (its definition rewritten) makes the backup "damaged". (The listing's quick_check
    does not compare indexes with their tables.)"""
    damaged = tmp_path / "index.sqlite3"
    shutil.copyfile(good_backup, damaged)
    conn = sqlite3.connect(damaged)
    name = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                        "tbl_name = 'contact' AND sql IS NOT NULL").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?",
                 (f"CREATE INDEX {name} ON contact (notes)", name))
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabaseError, match=r"index\.sqlite3 is damaged \(.+\); choose"):
        backups.check_backup(damaged)


def test_an_encrypted_backup_checked_with_the_wrong_key_says_so(tmp_path):
    from relmanager.store import encryption

    secret = tmp_path / "secret.sqlite3"
    conn = encryption.connect(secret, encryption.new_key())
    conn.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert "key in the system keyring does not open it" in backups.verify(
        secret, encryption.new_key())


def test_a_copy_named_with_dashes_but_no_date_is_dated_by_its_file(good_backup, db_path):
    renamed = backup_dir(db_path) / "copy-before-move.sqlite3"
    shutil.copyfile(good_backup, renamed)
    listed = {info.path: info.created for info in backups.list_backups(db_path)}
    assert listed[renamed].timestamp() == pytest.approx(renamed.stat().st_mtime, abs=1)
