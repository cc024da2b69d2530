"""The key of an encrypted database, for whoever opens it (the window and the CLI)."""

from __future__ import annotations

from pathlib import Path


def key_for(path: Path) -> str | None:
    """The keyring's key for ``path`` when it is encrypted, else None (keyring's import
    costs ~35 ms of start-up: only paid when needed)."""
    from relmanager.store.encryption import is_encrypted

    if not is_encrypted(path):
        return None
    from relmanager.secrets import database_key

    return database_key(path)
