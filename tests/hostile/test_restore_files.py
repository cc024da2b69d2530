"""Hostile "backups" given to ``relmanager restore``, in a real process each.

Every one is refused with a message naming the file and the problem, and the database is
left byte for byte as it was. Before relmanager.store.backup_schema, a backup carrying a
trigger of its own (``AFTER INSERT ON contact BEGIN DELETE FROM interaction ...``) was
restored, and the next contact added wiped every interaction and renamed everyone.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.store.backup_schema import our_triggers
from relmanager.store.db import close_db

EVIL = ("CREATE TRIGGER {name} AFTER INSERT ON contact BEGIN DELETE FROM interaction; "
        "UPDATE contact SET display_name = '<b>pwned</b>'; END")


def _cli(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "relmanager.cli", argv[0], "--db", str(db),
                           *argv[1:]], capture_output=True, text=True, timeout=120,
                          check=False)


def _setup(db: Path, clock, *argv: str) -> None:
    """Fixtures are made in this process (faster); the attacks run in their own."""
    try:
        assert main([argv[0], "--db", str(db), *argv[1:]], clock=clock) == 0
    finally:
        close_db()


@pytest.fixture
def live(tmp_path: Path, clock) -> Path:
    db = tmp_path / "live.db"
    _setup(db, clock, "add", "Ann Live")
    _setup(db, clock, "log", "Ann Live", "--channel", "email", "--note", "hi")
    return db


@pytest.fixture
def good_backup(tmp_path: Path, clock) -> Path:
    db = tmp_path / "other.db"
    _setup(db, clock, "add", "Bob Backup")
    out = tmp_path / "good.sqlite3"
    _setup(db, clock, "backup", str(out))
    return out


def _edited(backup: Path, name: str, *statements: str) -> Path:
    copy = backup.with_name(name)
    copy.write_bytes(backup.read_bytes())
    conn = sqlite3.connect(copy)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


def _hostile(tmp_path: Path, good: Path, case: str) -> tuple[Path, str]:
    if case == "zero-length":
        (tmp_path / "zero.sqlite3").write_bytes(b"")
        return tmp_path / "zero.sqlite3", "zero.sqlite3"
    if case == "truncated":
        (tmp_path / "cut.sqlite3").write_bytes(good.read_bytes()[:3000])
        return tmp_path / "cut.sqlite3", "cut.sqlite3"
    if case == "not-sqlite":
        (tmp_path / "photo.sqlite3").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5000)
        return tmp_path / "photo.sqlite3", "photo.sqlite3"
    if case == "other-app":
        conn = sqlite3.connect(tmp_path / "places.sqlite")
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.commit()
        conn.close()
        return tmp_path / "places.sqlite", "not a Relmanager database"
    if case == "newer-schema":
        return _edited(good, "newer.sqlite3", "PRAGMA user_version = 999"), "newer Relmanager"
    if case == "own-trigger":
        return (_edited(good, "evil.sqlite3", EVIL.format(name="evil_wipe")),
                "trigger 'evil_wipe'")
    if case == "trigger-named-like-ours":
        return (_edited(good, "like.sqlite3", "DROP TRIGGER contact_fts_ai",
                        EVIL.format(name="contact_fts_ai")),
                "trigger 'contact_fts_ai' (not as Relmanager writes it)")
    if case == "view":
        return (_edited(good, "view.sqlite3", "CREATE VIEW contact_view AS SELECT 1"),
                "view 'contact_view'")
    if case == "control-characters-in-name":
        return (_edited(good, "ctl.sqlite3", EVIL.format(name='"x\u202e\nevil"')),
                "trigger 'x evil'")
    raise AssertionError(case)


CASES = ["zero-length", "truncated", "not-sqlite", "other-app", "newer-schema",
         "own-trigger", "trigger-named-like-ours", "view", "control-characters-in-name"]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_backup_is_refused_in_words_and_the_database_is_unchanged(
        tmp_path, live, good_backup, case):
    hostile, words = _hostile(tmp_path, good_backup, case)
    before = live.read_bytes()
    done = _cli(live, "restore", str(hostile))
    assert done.returncode == 1, done.stdout + done.stderr
    assert words in done.stderr, done.stderr
    assert hostile.name in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert live.read_bytes() == before
    assert _cli(live, "add", "Carl After").returncode == 0
    listed = _cli(live, "list").stdout
    assert "Ann Live" in listed and "Carl After" in listed and "pwned" not in listed


def test_our_own_triggers_with_sync_tracking_on_and_stale_are_restored(
        tmp_path, live, good_backup):
    """A backup made while sync was set up has the change-tracking triggers; one written
    before a field was added differs from today's, and the next open re-creates it."""
    tracking = [sql for name, sql in our_triggers().items() if name.startswith("sync_")]
    backup = _edited(good_backup, "synced.sqlite3", *tracking,
                     "DROP TRIGGER sync_contact_au",
                     "CREATE TRIGGER sync_contact_au AFTER UPDATE OF notes ON contact "
                     "BEGIN INSERT OR IGNORE INTO sync_change VALUES ('contact', new.id); END")
    done = _cli(live, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "Bob Backup" in _cli(live, "list").stdout
