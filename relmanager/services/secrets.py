"""Moved to :mod:`relmanager.secrets` (below the layers, so sync can use it); this name
stays for code written against it."""

from __future__ import annotations

from relmanager.secrets import (  # noqa: F401
    SecretsUnavailable,
    backend_name,
    database_key,
    delete_database_key,
    delete_secret,
    get_secret,
    keyring_available,
    no_core_dumps,
    set_database_key,
    set_secret,
)
