"""Every place on disk the app reads or writes, in one module.

Tests redirect all of them at once with ``RELMANAGER_HOME`` (data, config, logs and
backups then live below that folder), so no test can touch the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

APP_NAME = "relmanager"
APP_AUTHOR = "Relmanager"
DB_FILENAME = "relmanager.sqlite3"


def _home_override() -> Path | None:
    home = os.environ.get("RELMANAGER_HOME")
    return Path(home) if home else None


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def user_path(text: str | Path) -> Path:
    """A path the user typed, with ``~`` expanded; ``~name`` of a user that does not exist
    stays as typed (Path.expanduser raises instead), so the caller's "no such file" or
    "cannot write" message names it."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        return Path(text)


def default_db_path() -> Path:
    """``RELMANAGER_DB`` if set, else the database in the user data dir."""
    explicit = os.environ.get("RELMANAGER_DB")
    return user_path(explicit) if explicit else data_dir() / DB_FILENAME


def backup_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect, so a moved database keeps them."""
    return db_path.parent / "backups"


def settings_file() -> Path:
    return config_dir() / "relmanager.ini"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the user only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if (path.stat().st_mode & 0o777) != 0o700:
        path.chmod(0o700)
    return path
