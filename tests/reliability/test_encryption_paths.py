"""Encryption keeps its promise in every path (issue 17, point 12): with the keyring
unavailable nothing plain replaces an encrypted database (start-up dialog, `restore`); a
killed decrypt leaves no plaintext copy anyone else can read; an encrypted database still
opens after it is moved or renamed; no core dump while a key is in memory."""

from __future__ import annotations

import hashlib
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager import secrets
from relmanager.domain.clock import SystemClock
from relmanager.paths import backup_dir
from relmanager.store import encryption
from relmanager.store.db import close_db, init_db
from tests.reliability.live_app import ROOT, run_cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _encrypted_with_a_plain_backup(cli) -> Path:
    cli("add", "Ada")
    assert cli("backup")[0] == 0
    plain = next(backup_dir(cli.db).glob("relmanager-*.sqlite3"))
    assert cli("encrypt")[0] == 0
    cli("add", "Bo")  # only in the encrypted database
    return plain


def _no_keyring(monkeypatch) -> None:
    backend = keyring.backends.fail.Keyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend, raising=False)
    assert not secrets.keyring_available()


def test_start_up_without_keyring_offers_no_plain_backup(cli, clock, monkeypatch, qtbot):
    from relmanager import app as app_module

    _encrypted_with_a_plain_backup(cli)
    before = _digest(cli.db)
    _no_keyring(monkeypatch)
    seen: list[tuple[str, list[str], str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.windowTitle(), [b.text() for b in box.buttons()],
                     box.informativeText()))
        box.button(QMessageBox.StandardButton.Close).click()

    QTimer.singleShot(20, answer)
    assert app_module._open_or_recover(cli.db, SystemClock()) is False
    title, buttons, text = seen[0]
    assert "damaged" not in title.lower() and "encrypted" in title.lower()
    assert not any("Restore" in b for b in buttons), buttons
    assert "unencrypted" in text
    assert _digest(cli.db) == before


def test_restore_without_keyring_keeps_the_encrypted_database(cli, clock, monkeypatch):
    plain = _encrypted_with_a_plain_backup(cli)
    before = _digest(cli.db)
    _no_keyring(monkeypatch)
    code, _, err = cli("restore", str(plain))
    assert code != 0 and "unencrypted" in err
    assert _digest(cli.db) == before and encryption.read_header_is_encrypted(cli.db)
    code, out, err = cli("restore", "--force", str(plain))  # "it is damaged, I know"
    assert code == 0, err
    kept = Path(out.split("kept as ")[1].strip().rstrip(")"))
    assert _digest(kept) == before  # the encrypted file is kept, byte for byte


def test_an_encrypted_database_opens_after_it_is_moved(cli, clock, tmp_path):
    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    moved = tmp_path / "elsewhere" / "renamed.sqlite3"
    moved.parent.mkdir()
    cli.db.rename(moved)
    init_db(moved, clock=clock, key=secrets.database_key(moved))
    from relmanager.store.models import Contact

    assert [c.display_name for c in Contact.select()] == ["Ada"]
    close_db()


def test_a_key_kept_by_path_moves_to_the_file_id(cli, clock, tmp_path):
    """Keys stored before the id existed (by absolute path) are found once more by path
    and kept by id from then on, so the database can be moved afterwards."""
    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    ident = encryption.key_id(cli.db)
    assert ident and ident.startswith("salt:")
    key = secrets.database_key(cli.db)
    secrets.delete_secret(secrets.DATABASE_KEY, ident)  # as an older version left it
    assert secrets.get_secret(secrets.DATABASE_KEY, ident) is None
    assert secrets.database_key(cli.db) == key  # by path, and now by id too
    moved = tmp_path / "moved.sqlite3"
    cli.db.rename(moved)
    assert secrets.database_key(moved) == key


def _plaintext_readable_by_others(folder: Path, db: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if not path.is_file() or path == db:
            continue
        private = not stat.S_IMODE(path.stat().st_mode) & 0o077
        hidden = all(not stat.S_IMODE(p.stat().st_mode) & 0o077
                     for p in path.parents if folder in p.parents)
        with path.open("rb") as handle:
            plain = handle.read(16) == encryption.SQLITE_MAGIC
        if plain and not (private and hidden):
            found.append(path)
    return found


@pytest.mark.slow
def test_a_killed_decrypt_leaves_no_readable_plaintext(db_path, tmp_path, monkeypatch):
    """`relmanager decrypt` in a real process, killed at random moments (the processes
    share a keyring kept in a file for the test)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.file_keyring.FileKeyring")
    monkeypatch.setenv("RELMANAGER_TEST_KEYRING", str(tmp_path / "keyring.json"))
    db_path.parent.mkdir(parents=True, exist_ok=True)
    made = run_cli(db_path, "demo", "--contacts", "6000", "--quiet", timeout=300)
    assert made.returncode == 0, made.stderr
    done = run_cli(db_path, "encrypt")
    assert done.returncode == 0, done.stderr
    folder = db_path.parent
    rng = random.Random(12)
    landed = 0
    for trial in range(8):
        process = subprocess.Popen(
            [sys.executable, "-m", "relmanager", "decrypt", "--db", str(db_path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if trial % 2:  # any moment
            time.sleep(rng.uniform(0.3, 1.0))
        else:  # once the plaintext copy is being written, whatever the machine's load
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and process.poll() is None and not list(
                    folder.glob(f"{encryption.CONVERTING_PREFIX}*/*")):
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        if "decrypted" in out:
            break  # finished before the kill: nothing left to interrupt
        landed += 1
        leaks = _plaintext_readable_by_others(folder, db_path)
        assert not leaks, f"trial {trial}: plaintext readable by others: {leaks}"
        assert not list(folder.glob(f".{db_path.name}.converting*"))
        assert encryption.read_header_is_encrypted(db_path)  # still the encrypted one
    assert landed, "no kill landed during a decrypt: the test proved nothing"
    done = run_cli(db_path, "decrypt")  # the next run works, and tidies up
    assert done.returncode == 0, done.stderr
    assert not list(folder.glob(f"{encryption.CONVERTING_PREFIX}*"))
    assert run_cli(db_path, "check").returncode == 0


CORE = """
import resource, ctypes
from relmanager import secrets
from pathlib import Path
secrets.set_database_key(Path("x.sqlite3"), "0" * 64)
assert secrets.database_key(Path("x.sqlite3")) == "0" * 64
libc = ctypes.CDLL(None)
print(resource.getrlimit(resource.RLIMIT_CORE), libc.prctl(3, 0, 0, 0, 0))
"""


def test_no_core_dump_while_a_key_is_in_memory(tmp_path):
    done = subprocess.run([sys.executable, "-c", CORE], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["(0,", "0)", "0"]


def test_recovery_offers_encrypted_backups_of_an_encrypted_database(cli, clock):
    from relmanager.store.errors import NotADatabaseError
    from relmanager.ui.shell.recovery_dialogs import recovery_offer

    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    assert cli("backup")[0] == 0
    made = next(backup_dir(cli.db).glob("relmanager-*.sqlite3"))
    assert encryption.read_header_is_encrypted(made)
    offered, advice = recovery_offer(cli.db, NotADatabaseError("damaged"))
    assert offered is not None and offered.path == made, advice
