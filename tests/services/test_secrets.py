"""The secrets wrapper: the keyring or nothing, never a fallback file."""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from relmanager import secrets


def test_store_read_and_delete_in_the_keyring():
    secrets.set_secret("carddav", "ada@example.org", "s3cret-pass")
    assert secrets.get_secret("carddav", "ada@example.org") == "s3cret-pass"
    assert keyring.get_password("relmanager:carddav", "ada@example.org") == "s3cret-pass"
    secrets.delete_secret("carddav", "ada@example.org")
    assert secrets.get_secret("carddav", "ada@example.org") is None
    secrets.delete_secret("carddav", "ada@example.org")  # twice is fine


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring,
                                     keyring.backends.null.Keyring])
def test_without_a_safe_keyring_nothing_is_stored(backend, monkeypatch):
    keyring.set_keyring(backend())
    assert not secrets.keyring_available()
    with pytest.raises(secrets.SecretsUnavailable, match="not stored anywhere"):
        secrets.set_secret("carddav", "ada", "s3cret-pass")
    assert secrets.get_secret("carddav", "ada") is None


@pytest.mark.skipif(os.environ.get("RELMANAGER_TEST_SECRET_SERVICE") != "1",
                    reason="needs the private gnome-keyring that scripts/test starts")
def test_real_secret_service_round_trip():
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    assert secrets.keyring_available()
    secrets.set_secret("sqlcipher", "test-db", "k" * 32)
    try:
        assert secrets.get_secret("sqlcipher", "test-db") == "k" * 32
    finally:
        secrets.delete_secret("sqlcipher", "test-db")
