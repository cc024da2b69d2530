"""Encryption at rest: on and off without loss, the key only in the keyring, a missing or
wrong key gives a clear message, backups stay encrypted."""

from __future__ import annotations

import os

import keyring
import pytest

from relmanager import secrets
from relmanager.paths import backup_dir
from relmanager.store import encryption


def test_encrypt_use_back_up_and_decrypt_without_loss(cli):
    for name in ("Ada Lovelace", "Bo Berg", "Cy Young"):
        assert cli("add", name)[0] == 0
    code, out, _ = cli("encrypt")
    assert code == 0 and "3 contacts" in out
    assert encryption.is_encrypted(cli.db)
    raw = cli.db.read_bytes()
    assert b"Lovelace" not in raw and b"SQLite format 3" not in raw[:16]
    key = secrets.database_key(cli.db)
    assert key and key.encode() not in raw
    code, out, _ = cli("list", "--search", "lovelace")  # opens with the keyring's key
    assert code == 0 and "Ada Lovelace" in out
    code, out, _ = cli("backup")
    backup = next(backup_dir(cli.db).glob("relmanager-*.sqlite3"))
    assert encryption.is_encrypted(backup) and b"Lovelace" not in backup.read_bytes()
    code, out, _ = cli("restore", str(backup))
    assert code == 0 and "3 contacts" in out
    code, out, _ = cli("decrypt")
    assert code == 0 and not encryption.is_encrypted(cli.db)
    # the key stays in the keyring: backups made while encrypted still open with it
    assert secrets.database_key(cli.db) is not None
    code, out, _ = cli("list")
    assert out.count("\n") == 3


def test_missing_or_wrong_key_is_a_clear_message_and_changes_nothing(cli):
    cli("add", "Ada")
    cli("encrypt")
    before = cli.db.read_bytes()
    secrets.delete_database_key(cli.db)
    code, _out, err = cli("list")
    assert code == 1 and "key is not in the system keyring" in err and "not an SQLite file" in err
    secrets.set_database_key(cli.db, "0" * 64)
    code, _out, err = cli("list")
    assert code == 1 and "does not open it" in err
    assert cli.db.read_bytes() == before


def test_without_a_keyring_encryption_is_refused_and_nothing_changes(cli):
    import keyring.backends.fail

    cli("add", "Ada")
    before = cli.db.read_bytes()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _out, err = cli("encrypt")
    assert code == 1 and "not stored anywhere" in err
    assert "encryption key" in err and "password" not in err  # the one word (issue 22)
    assert cli.db.read_bytes() == before and not encryption.is_encrypted(cli.db)


@pytest.mark.skipif(os.environ.get("RELMANAGER_TEST_SECRET_SERVICE") != "1",
                    reason="needs the private gnome-keyring that scripts/test starts")
def test_with_a_real_secret_service(cli):
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    cli("add", "Ada")
    try:
        assert cli("encrypt")[0] == 0
        code, out, _ = cli("list")
        assert code == 0 and "Ada" in out
    finally:
        cli("decrypt")


def test_privacy_page_asks_for_a_restart_to_convert(db, db_path, clock, qtbot):
    from relmanager.services.context import AppContext
    from relmanager.ui.settings.encryption_page import EncryptionPage

    ctx = AppContext.create(clock, db_path)
    page = EncryptionPage(ctx)
    qtbot.addWidget(page)
    assert page.state.text() == "The database is not encrypted."
    assert page.button.text() == "Encrypt the database and restart…"
    assert page.request(confirm=False)
    assert ctx.on_exit.encryption == "on"
