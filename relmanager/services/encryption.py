"""Turning encryption at rest on and off: the store converts the file, the keyring keeps
the key. Used by the ``encrypt``/``decrypt`` commands and, on restart, by the app."""

from __future__ import annotations

from pathlib import Path

from relmanager import secrets
from relmanager.store import encryption
from relmanager.store.errors import StoreError


def encrypt_database(path: Path) -> dict[str, int]:
    """The key goes into the keyring first (so a crash mid-way can still open the result),
    then the file is converted; if that fails a key made for it is removed again.

    A database encrypted before keeps its key (decrypting leaves it in the keyring): the
    backups made while it was encrypted open with that key, and a new one would strand
    them."""
    if encryption.is_encrypted(path):
        raise StoreError(f"{path} is already encrypted")
    if not path.exists():
        raise StoreError(f"no database at {path}")
    if not secrets.keyring_available():
        raise StoreError(secrets.KEY_UNAVAILABLE)
    key = secrets.database_key(path)
    made = key is None
    if made:
        key = encryption.new_key()
        try:
            secrets.set_database_key(path, key)
        except secrets.SecretsUnavailable:
            raise StoreError(secrets.KEY_UNAVAILABLE) from None
    try:
        counts = encryption.convert(path, from_key=None, to_key=key)
    except Exception:
        if made:
            secrets.delete_database_key(path)
        raise
    secrets.set_database_key(path, key)  # now also by the new file's key id (its salt)
    return counts


def decrypt_database(path: Path) -> dict[str, int]:
    if not encryption.is_encrypted(path):
        raise StoreError(f"{path} is not encrypted")
    key = secrets.database_key(path)
    if key is None:
        raise encryption.EncryptionKeyError(
            f"the key of {path} is not in the system keyring (or it is locked); nothing "
            "was changed")
    # The key stays in the keyring: backups made while encrypted still need it.
    return encryption.convert(path, from_key=key, to_key=None)
