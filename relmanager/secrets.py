"""The only place secrets go: the operating system's keyring, through ``keyring``.

CardDAV/CalDAV passwords and the database encryption key are stored here and nowhere
else: not in the database, the settings file, the logs or an export. When the machine has
no usable keyring (a bare session, or the ``fail`` backend), :class:`SecretsUnavailable`
says so plainly and nothing is stored anywhere else. Values are never logged.

An adapter to the OS, like :mod:`relmanager.paths`, outside the layers (no Qt, no store):
sync reads its password here without importing the services above it (issue 21).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from pathlib import Path

import keyring
import keyring.errors

from relmanager.paths import user_path

log = logging.getLogger(__name__)

SERVICE_PREFIX = "relmanager"
DATABASE_KEY = "sqlcipher"
#: Backends that store nothing, or store in plain text: refused.
UNSAFE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null",
                   "keyrings.alt.file.PlaintextKeyring")

def unavailable(secret: str = "password") -> str:
    """Why nothing was stored, naming the secret as the rest of its page does: a sync
    "password", the database's encryption "key" (the Privacy page, the README and
    ``relmanager encrypt`` say key; this message said password there)."""
    return (f"No system keyring is available, so the {secret} cannot be stored safely; "
            "it was not stored anywhere. Unlock or install a keyring (GNOME Keyring, "
            "KWallet, macOS Keychain, Windows Credential Manager) and try again.")


UNAVAILABLE = unavailable("password")
#: The same, for the database's encryption key.
KEY_UNAVAILABLE = unavailable("encryption key")


class SecretsUnavailable(Exception):  # noqa: N818 - reads as the state the user is in
    """No safe keyring: the message says what to do; nothing was stored."""

    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)


def _service(name: str) -> str:
    return f"{SERVICE_PREFIX}:{name}"


def backend_name() -> str:
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def keyring_available() -> bool:
    name = backend_name()
    if any(name.startswith(unsafe) for unsafe in UNSAFE_BACKENDS):
        return False
    try:
        return keyring.get_keyring().priority > 0
    except Exception:  # a broken backend is an absent one
        return False


def set_secret(name: str, account: str, value: str) -> None:
    if not keyring_available():
        raise SecretsUnavailable()
    try:
        keyring.set_password(_service(name), account, value)
    except keyring.errors.KeyringError as error:
        log.warning("keyring refused to store a %s secret: %s", name, type(error).__name__)
        raise SecretsUnavailable() from None


def get_secret(name: str, account: str) -> str | None:
    """The stored value, or None when there is none (or no keyring to ask)."""
    if not keyring_available():
        return None
    try:
        return keyring.get_password(_service(name), account)
    except keyring.errors.KeyringError as error:
        log.warning("keyring could not read a %s secret: %s", name, type(error).__name__)
        return None


def delete_secret(name: str, account: str) -> None:
    if not keyring_available():
        return
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        keyring.delete_password(_service(name), account)


def _path_account(db_path: Path) -> str:
    """Where keys were kept before they had a stable id (and still are, as a second
    place): the database's absolute path."""
    return str(user_path(db_path).resolve())


def database_key(db_path: Path) -> str | None:
    """The SQLCipher key of the database at ``db_path`` (None: not encrypted, or no
    keyring to ask). Found by the file's key id (its SQLCipher salt, which travels with
    the file when it is moved or renamed), else by its path as keys were kept before;
    a key found by path is also stored under the id from then on. Core dumps are turned
    off for the rest of the process once a key is in memory."""
    from relmanager.store import encryption

    ident = encryption.key_id(user_path(db_path))
    key = get_secret(DATABASE_KEY, ident) if ident else None
    if key is None:
        key = get_secret(DATABASE_KEY, _path_account(db_path))
        if key is not None and ident:
            with contextlib.suppress(SecretsUnavailable):
                set_secret(DATABASE_KEY, ident, key)
    if key is not None:
        no_core_dumps()
    return key


def set_database_key(db_path: Path, key: str) -> None:
    """Keep ``key`` by the database's path and, once the file is encrypted, by its key id
    (call again after converting: the new file has a new salt)."""
    no_core_dumps()
    from relmanager.store import encryption

    set_secret(DATABASE_KEY, _path_account(db_path), key)
    ident = encryption.key_id(user_path(db_path))
    if ident:
        set_secret(DATABASE_KEY, ident, key)


def delete_database_key(db_path: Path) -> None:
    from relmanager.store import encryption

    ident = encryption.key_id(user_path(db_path))
    if ident:
        delete_secret(DATABASE_KEY, ident)
    delete_secret(DATABASE_KEY, _path_account(db_path))


def no_core_dumps() -> None:
    """A core file would hold the key in plain text: none may be written by a process
    that has one in memory (the hard limit too, so nothing raises it again), and on
    Linux the process is made non-dumpable (no core through a pipe handler either)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # pragma: no cover - Windows
        pass
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


PR_SET_DUMPABLE = 4
