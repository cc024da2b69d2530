"""A broken environment gets a clear message and nothing is overwritten: a damaged file, a
database from a newer version, a read-only filesystem, a full disk, a locked database.
Read-only and full disks are real (tiny tmpfs mounts) when the suite runs as root, as CI
does; elsewhere those two skip."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.cli import main
from relmanager.store import backups
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import NotADatabaseError
from relmanager.ui.shell.recovery_dialogs import choose_recovery

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(capsys, db: Path, *argv: str, clock=None) -> tuple[int, str]:
    code = main([argv[0], "--db", str(db), *argv[1:]], clock=clock)
    return code, capsys.readouterr().err


def test_damaged_file_is_explained_never_replaced(tmp_path, capsys):
    db = tmp_path / "damaged.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    before = _digest(db)
    code, err = _cli(capsys, db, "list")
    assert code == 1 and "damaged" in err and "relmanager restore" in err
    assert _digest(db) == before


def test_newer_schema_is_refused_untouched(db_path, clock, capsys):
    init_db(db_path, clock=clock)
    close_db()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    code, err = _cli(capsys, db_path, "list", clock=clock)
    assert code == 1 and "newer" in err.lower()
    assert _digest(db_path) == before


def test_damaged_database_offers_the_newest_backup(db_path, clock, qtbot):
    init_db(db_path, clock=clock)
    from relmanager.store.contacts import create_contact

    create_contact(clock, "Saved Before")
    made = backups.backup_now(db_path, clock)
    close_db()
    db_path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8192)  # damaged since
    damaged = _digest(db_path)

    def choose() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            assert "newest backup" in box.informativeText()
            next(b for b in box.buttons() if b.text() == "Restore the newest backup").click()
        else:
            QTimer.singleShot(20, choose)

    QTimer.singleShot(20, choose)
    chosen = choose_recovery(db_path, NotADatabaseError("the database file is damaged"))
    assert chosen == made
    kept = backups.restore(db_path, chosen, clock)
    assert _digest(kept) == damaged  # the damaged file is kept, byte for byte
    init_db(db_path, clock=clock)
    from relmanager.store.models import Contact

    assert [c.display_name for c in Contact.select()] == ["Saved Before"]


def test_locked_database_says_it_is_in_use(db_path, clock, capsys):
    init_db(db_path, clock=clock)
    close_db()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, err = _cli(capsys, db_path, "add", "Blocked Person", clock=clock)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "in use by another program" in err


def _mount(folder: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          check=False, capture_output=True)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def test_read_only_filesystem(tmp_path, capsys):
    mount = tmp_path / "ro"
    if not _mount(mount, "size=2m,mode=0700"):
        pytest.skip("needs root to mount a read-only filesystem")
    try:
        db = mount / "relmanager.sqlite3"
        code, _err = _cli(capsys, db, "add", "First")
        assert code == 0
        close_db()
        before = _digest(db)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        code, err = _cli(capsys, db, "add", "Second")
        assert code == 1 and ("cannot be written" in err or "read-only" in err.lower()), err
        assert _digest(db) == before
    finally:
        close_db()
        _umount(mount)


def test_full_disk_keeps_what_was_saved(tmp_path, capsys):
    mount = tmp_path / "full"
    if not _mount(mount, "size=3m,mode=0700"):
        pytest.skip("needs root to mount a tiny filesystem")
    try:
        db = mount / "relmanager.sqlite3"
        assert _cli(capsys, db, "add", "Kept Person")[0] == 0
        close_db()
        failed = None
        for n in range(200):
            code, err = _cli(capsys, db, "add", f"Filler {n}", "--intent", "x" * 60_000)
            close_db()
            if code != 0:
                failed = err
                break
        assert failed is not None and "disk is full" in failed, failed
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT 1 FROM contact WHERE display_name = 'Kept Person'"
                            ).fetchone()
        conn.close()
    finally:
        close_db()
        _umount(mount)


def test_cli_never_shows_a_traceback_for_a_missing_folder(tmp_path):
    out = subprocess.run([sys.executable, "-m", "relmanager", "--db",
                          "/proc/definitely/not/here.sqlite3", "list"],
                         check=False, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert out.stderr.startswith("relmanager: error: ")
