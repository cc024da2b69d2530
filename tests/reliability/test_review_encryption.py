"""Review of encryption at rest: regressions that lose data or lock the user out."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from relmanager.cli import main
from relmanager.paths import data_dir
from relmanager.services import secrets
from relmanager.store import encryption
from relmanager.store.db import close_db


@pytest.fixture
def cli(clock, capsys):
    db = data_dir() / "relmanager.sqlite3"

    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db), *argv[1:]])
        close_db()
        out, err = capsys.readouterr()
        return code, out, err
    call.db = db
    return call


def _backups(cli, pattern="relmanager-*.sqlite3"):
    return sorted((cli.db.parent / "backups").glob(pattern))


def test_review_backups_made_while_encrypted_are_restorable_after_decrypt(cli, clock):
    """decrypt deletes the only copy of the key: every backup made while encrypted is
    then unreadable, for good."""
    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    cli("add", "Bo")
    assert cli("backup")[0] == 0
    backup = _backups(cli)[-1]
    assert encryption.is_encrypted(backup)
    assert cli("decrypt")[0] == 0
    code, out, err = cli("restore", str(backup))
    assert code == 0, err
    code, out, _ = cli("list")
    assert "Bo" in out


def test_review_restoring_a_plain_backup_keeps_the_encrypted_data_recoverable(cli, clock):
    """With encryption on, restoring a pre-encryption backup silently leaves the database
    unencrypted (the Privacy page then offers "Encrypt"); encrypting again replaces the key
    in the keyring, so the encrypted before-restore copy can never be opened again."""
    cli("add", "Ada")
    assert cli("backup")[0] == 0
    plain_backup = _backups(cli)[-1]
    assert not encryption.is_encrypted(plain_backup)
    assert cli("encrypt")[0] == 0
    cli("add", "Bo")                       # only in the encrypted database
    assert cli("restore", str(plain_backup))[0] == 0
    # The user asked for encryption and still has a key in the keyring, but:
    still_encrypted = encryption.is_encrypted(cli.db)
    assert cli("encrypt")[0] == 0 if not still_encrypted else True
    kept = _backups(cli, "before-restore-*.sqlite3")[-1]
    code, out, err = cli("restore", str(kept))
    assert code == 0, err
    assert "Bo" in cli("list")[1]


def test_review_restore_over_an_encrypted_database_keeps_its_wal(cli, clock, tmp_path):
    """restore() copies an encrypted database's bytes without its -wal and then deletes
    the -wal: whatever was committed since the last checkpoint (e.g. before a crash) is
    missing from the kept before-restore copy. A plain database is read through the WAL."""
    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    assert cli("backup")[0] == 0
    backup = _backups(cli)[-1]
    key = secrets.database_key(cli.db)
    # A run that commits "Bo" and then crashes (no checkpoint, the -wal stays).
    script = textwrap.dedent(f"""
        import os, sys
        import keyring
        sys.path.insert(0, {os.getcwd()!r})
        from tests.memory_keyring import MemoryKeyring
        ring = MemoryKeyring()
        keyring.set_keyring(ring)
        from relmanager.services import secrets
        secrets.set_database_key({str(cli.db)!r}, os.environ["TEST_DB_KEY"])
        from relmanager.cli import main
        main(["add", "Bo", "--db", {str(cli.db)!r}])
        os._exit(0)
    """)
    env = {**os.environ, "TEST_DB_KEY": key}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    wal = cli.db.with_name(cli.db.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    from relmanager.store import backups
    print("FILES BEFORE", sorted(p.name for p in cli.db.parent.iterdir()))
    kept = backups.restore(cli.db, backup, clock, key)
    print("FILES AFTER", sorted(p.name for p in cli.db.parent.iterdir()), kept)
    conn = encryption.connect(kept, key)
    try:
        names = [r[0] for r in conn.execute("SELECT display_name FROM contact")]
    finally:
        conn.close()
    assert "Bo" in names


def test_review_encrypt_while_the_database_is_open_does_not_lose_writes(cli, clock):
    """`relmanager encrypt` while the app has the database open: the swap unlinks the -wal
    the app is using and replaces the file under it; the app's later writes succeed and
    go nowhere."""
    from relmanager.commands.common import key_for
    from relmanager.services.encryption import encrypt_database
    from relmanager.store.db import init_db
    from relmanager.store.models import Contact

    cli("add", "Ada")
    init_db(cli.db, clock=clock)           # the running app
    Contact.select().count()
    try:
        encrypt_database(cli.db)
    except Exception:
        return  # refusing while the database is in use is the fix
    try:
        app_sees = Contact.select().count()
        Contact.create(display_name="Bo", sort_name="bo", uid="review-bo")  # no error
    finally:
        close_db()
    init_db(cli.db, clock=clock, key=key_for(cli.db))
    try:
        assert Contact.select().count() == app_sees + 1
    finally:
        close_db()
