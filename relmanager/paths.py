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


def backups_root(db_path: Path) -> Path:
    """The ``backups`` folder beside the database (before 0.x every database in a folder
    shared it, flat; see relmanager.store.backups for the move into per-database sets)."""
    return db_path.parent / "backups"


def backup_dir(db_path: Path) -> Path:
    """The backups of this database, and of no other: ``backups/<name>/`` beside it (the
    demo database and the real one in the same folder never mix, rotate or list each
    other's backups). Beside it, so a moved database keeps them."""
    name = db_path.name[: -len(".sqlite3")] if db_path.name.endswith(".sqlite3") \
        and len(db_path.name) > len(".sqlite3") else db_path.name
    return backups_root(db_path) / name


def settings_file() -> Path:
    return config_dir() / "relmanager.ini"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents readable by the user only (0700).

    Only folders created here are made private: a folder that already exists is the
    user's (``--db /tmp/x.sqlite3``, ``backup ~/Desktop/x``) and keeps its mode; as root,
    chmod'ing ``/tmp`` would strip its sticky bit."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made by someone else meanwhile: theirs, not ours
            continue
        folder.chmod(0o700)  # mkdir's mode is masked by the umask
    return path


#: The demo network's database, beside the real one (``relmanager --demo``).
DEMO_DB_NAME = "demo.sqlite3"


def app_title(db_path: Path) -> str:
    """The window's title and the tray's name: "Relmanager — demo" on the demo network's
    database (``relmanager --demo`` opens and fills a file of that name), so a person
    never takes the made-up people for their own; "Relmanager" on any other."""
    return "Relmanager — demo" if db_path.name == DEMO_DB_NAME else "Relmanager"


def chosen_db_path(db: str | None = None, demo: bool = False) -> Path:
    """The database the command line names (``--db``), the demo one (``--demo``), or the
    default (RELMANAGER_DB, else the user data dir): the same for the window and the CLI."""
    if db:
        return user_path(db)
    if demo:
        return data_dir() / DEMO_DB_NAME
    return default_db_path()
