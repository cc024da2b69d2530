"""Encryption at rest, edge cases found in review (each was a bug that lost data or
locked the user out of their backups); now regression tests."""

from __future__ import annotations

from relmanager.paths import backup_dir
from relmanager.store import encryption


def _backups(cli, pattern="relmanager-*.sqlite3"):
    return sorted(backup_dir(cli.db).glob(pattern))


def test_backups_made_while_encrypted_are_restorable_after_decrypt(cli, clock):
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


def test_restoring_a_plain_backup_keeps_the_encrypted_data_recoverable(cli, clock):
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
    if not encryption.is_encrypted(cli.db):
        assert cli("encrypt")[0] == 0      # what the Privacy page now offers
    kept = _backups(cli, "before-restore-*.sqlite3")[-1]
    code, _out, err = cli("restore", str(kept))
    assert code == 0, err
    assert "Bo" in cli("list")[1]


def test_encrypt_while_another_process_has_the_database_open_is_refused(cli, clock):
    """`relmanager encrypt` while the app (another process) has the database open: the
    swap would replace the file under it and its later writes would go nowhere; the
    conversion is refused and nothing changes."""
    import subprocess
    import sys

    cli("add", "Ada")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
         "c.execute('PRAGMA journal_mode=wal'); c.execute('SELECT count(*) FROM contact')"
         ".fetchone(); print('ready', flush=True); sys.stdin.readline()", str(cli.db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = cli.db.read_bytes()
        code, _out, err = cli("encrypt")
        assert code == 1 and "open in another program" in err
        assert not encryption.is_encrypted(cli.db) and cli.db.read_bytes() == before
    finally:
        holder.communicate("\n", timeout=10)
    assert cli("encrypt")[0] == 0 and encryption.is_encrypted(cli.db)
    assert "Ada" in cli("list")[1]


def test_check_reads_an_encrypted_database(cli, clock):
    cli("add", "Ada")
    assert cli("encrypt")[0] == 0
    code, out, err = cli("check")
    assert code == 0, err
    assert "ok" in out
