"""Backups of the database: made with SQLite's online backup API (consistent while the app
writes), one set per database in ``backups/<name>/`` beside it (0600), rotated, checked
before they are listed as good, and a restore never destroys anything (see
:mod:`relmanager.store.restoring`).

A backup is written under a temporary name (``.<name>.partial-<pid>``, created 0600
before SQLite touches it), checked (header, size, ``quick_check``) and only then renamed
to its ``relmanager-*.sqlite3`` name: a failed or killed backup never has a backup's name,
so it never counts toward rotation and is never offered for a restore; what a killed one
left is removed by the next backup or listing once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from relmanager.domain.clock import Clock
from relmanager.paths import backup_dir, backups_root, ensure_private_dir
from relmanager.store import backup_schema, encryption, migrations
from relmanager.store.errors import (
    DB_EXCEPTIONS,
    NewerSchemaError,
    NotADatabaseError,
    StoreError,
)
from relmanager.store.models import database

PREFIX = "relmanager-"
BEFORE_RESTORE = "before-restore-"
PARTIAL = ".partial-"
DEFAULT_KEEP = 7


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    #: Why this file cannot be restored (None: checked and whole, or not checked).
    problem: str | None = None


class BackupExistsError(StoreError):
    """``backup OUT`` onto a file that exists: nothing is overwritten without --force."""


def backup_now(db_path: Path, clock: Clock, target: Path | None = None,
               keep: int = DEFAULT_KEEP, force: bool = False) -> Path:
    """Copy the open database to ``target`` (default: a dated file in this database's
    backups folder, rotating to the newest ``keep``). Runs in any thread: it uses that
    thread's connection. The copy is written under a temporary name and checked before
    it gets its own; an existing ``target`` is replaced only with ``force``."""
    automatic = target is None
    if target is None:
        adopt_legacy_backups(db_path)
        target = backup_dir(db_path) / f"{PREFIX}{clock.now():%Y%m%d-%H%M%S}.sqlite3"
    elif target.exists() and not force:
        raise BackupExistsError(f"{target} already exists; nothing was written. Choose "
                                "another name, or add --force to replace it")
    if target.is_dir():
        raise StoreError(f"{target} is a folder; name the backup file to write")
    ensure_private_dir(target.parent)
    remove_leftovers(target.parent)
    partial = target.with_name(f".{target.name}{PARTIAL}{os.getpid()}")
    _discard(partial)
    try:
        descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(descriptor)
        migrations.backup_file(database.obj, partial)
        problem = verify(partial, _passphrase())
        if problem:
            raise StoreError(f"the backup did not check out ({problem}); nothing was kept")
        with contextlib.suppress(OSError):  # on disk before it has a backup's name
            descriptor = os.open(partial, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        partial.replace(target)
    except BaseException:
        _discard(partial)
        raise
    if automatic:
        rotate(db_path, keep)
    return target


def _passphrase() -> str | None:
    bound = database.obj
    return getattr(bound, "connect_params", {}).get("passphrase") if bound else None


def _discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete what killed backups left in ``folder`` (their process is gone)."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        name, _, pid = path.name.partition(PARTIAL)
        if not name.startswith(".") or not pid:
            continue
        number = pid.split("-", 1)[0]
        if number.isdigit() and not encryption.process_alive(int(number)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def verify(path: Path, key: str | None = None) -> str | None:
    """Why ``path`` is not a usable backup (size, header, ``quick_check``), or None."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if size == 0:
        return "empty (0 bytes)"
    if size < 512 or size % 512:
        return f"cut short ({size:,} bytes)"
    try:
        plain = not encryption.is_encrypted(path)  # carried, if it is the open database
        if not plain and not encryption.looks_encrypted(path):
            return "not a database (no SQLite header, and not encrypted either)"
        if not plain and not key:
            return "no SQLite header: encrypted (no key was found to check it) or damaged"
        conn = _open_read_only(path, key if not plain else None)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except encryption.database_errors() as error:
        return f"not a readable database ({error})"
    except StoreError as error:
        return str(error)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    return None if result == "ok" else f"damaged ({result})"


def list_backups(db_path: Path, check: bool = False, key: str | None = None,
                 adopt: bool = True) -> list[BackupInfo]:
    """This database's backups and pre-migration copies, newest first; with ``check``,
    each is verified and a bad one carries its ``problem``. ``adopt``: first move this
    database's backups out of the old shared folder (reads them: not for the hourly
    "is one due" look on the UI thread)."""
    if adopt:
        adopt_legacy_backups(db_path)
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    remove_leftovers(folder)
    found = [BackupInfo(p, _made(p), p.stat().st_size,
                        verify(p, key) if check else None)
             for p in folder.iterdir()
             if p.is_file() and p.suffix == ".sqlite3" and not p.name.startswith(".")]
    return sorted(found, key=lambda b: b.created, reverse=True)


def _made(path: Path) -> datetime:
    """When a backup was made: from its name when it is one of ours (the clock the app
    runs on), else the file's modification time."""
    stamp = path.stem.rsplit("-", 2)
    if len(stamp) == 3:
        try:
            return datetime.strptime(f"{stamp[1]}-{stamp[2]}", "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime)


def newest(db_path: Path) -> BackupInfo | None:
    """The newest backup by name (cheap: for deciding whether one is due)."""
    backups = list_backups(db_path, adopt=False)
    return backups[0] if backups else None


def newest_valid(db_path: Path, key: str | None = None
                 ) -> tuple[BackupInfo | None, list[BackupInfo]]:
    """The newest backup that checks out, and the newer ones that did not (to say why
    they are not offered)."""
    bad: list[BackupInfo] = []
    for info in list_backups(db_path):
        problem = verify(info.path, key)
        if problem is None:
            return info, bad
        bad.append(BackupInfo(info.path, info.created, info.size, problem))
    return None, bad


def rotate(db_path: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups of this database beyond ``keep``; other files
    (pre-migration and before-restore copies, other databases' backups) are left alone."""
    automatic = [b.path for b in list_backups(db_path) if b.path.name.startswith(PREFIX)]
    removed = automatic[max(keep, 1):]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _contact_uids(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT uid FROM contact")}


def adopt_legacy_backups(db_path: Path) -> list[Path]:
    """Move backups from the old flat ``backups/`` folder (shared by every database in
    the folder) into this database's own set when they are copies of it: they hold some
    of its contacts (by vCard UID). Others stay where they are, for their own database
    to adopt; an unreadable one is left alone too."""
    root = backups_root(db_path)
    if not root.is_dir():
        return []
    legacy = [p for p in root.iterdir() if p.is_file() and p.suffix == ".sqlite3"
              and not p.name.startswith(".")]
    if not legacy:
        return []
    mine = _live_uids(db_path)
    if not mine:
        return []
    moved = []
    for path in legacy:
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                theirs = _contact_uids(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            continue
        if theirs & mine:
            folder = ensure_private_dir(backup_dir(db_path))
            target = folder / path.name
            if not target.exists():
                path.replace(target)
                moved.append(target)
    return moved


def _live_uids(db_path: Path) -> set[str]:
    """The contact UIDs of the database: through this process's connection when it is
    open here (never a second open of the file), else a read-only connection."""
    bound = database.obj
    try:
        if bound is not None and Path(bound.database).exists() \
                and Path(bound.database).samefile(db_path):
            return {row[0] for row in bound.execute_sql("SELECT uid FROM contact")}
        if not db_path.is_file() or encryption.is_encrypted(db_path):
            return set()
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return _contact_uids(conn)
        finally:
            conn.close()
    except (*DB_EXCEPTIONS, *encryption.database_errors(), OSError):
        return set()  # adoption waits for a readable database


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    version: int
    contacts: int
    interactions: int


def _not_a_database(path: Path) -> bool:
    """True for a file that is neither SQLite nor SQLCipher: text (a vCard, a CSV), or
    bytes that are not whole database pages (see :func:`encryption.looks_encrypted`);
    without this every such file was reported as "encrypted and no key was found"."""
    return not encryption.looks_encrypted(path)


def _open_read_only(path: Path, key: str | None):
    # is_encrypted, not the header: someone may choose the open database itself.
    if encryption.is_encrypted(path):
        if _not_a_database(path):
            raise NotADatabaseError(
                f"{path.name} is not a Relmanager backup (not an SQLite database)")
        if not key:
            raise NotADatabaseError(f"{path.name} is encrypted and no key was found for it")
        encryption.check_key(path, key)
        return encryption.connect(path, key)
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_backup(path: Path, key: str | None = None) -> BackupCheck:
    """Open ``path`` read-only and make sure it is a whole Relmanager database this version
    can use (``key``: the database's, for encrypted backups); raises a StoreError saying
    what is wrong otherwise."""
    if not path.is_file():
        raise StoreError(f"{path} is a folder, not a backup file" if path.is_dir() else
                         f"{path} is not a regular file (a pipe or a device?)"
                         if path.exists() else f"{path} does not exist")
    try:
        conn = _open_read_only(path, key)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if result != "ok":
                raise NotADatabaseError(f"{path.name} is damaged ({result}); choose another "
                                        "backup")
            if not {"contact", "interaction"} <= tables:
                raise NotADatabaseError(f"{path.name} is not a Relmanager database")
            foreign = backup_schema.foreign_objects(conn, version == migrations.LATEST)
            if foreign:
                shown = ", ".join(foreign[:3])
                more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
                raise NotADatabaseError(
                    f"{path.name} holds {shown}{more} that Relmanager never writes: a "
                    "trigger runs inside every change the program makes, so this file "
                    "is not restored. Choose another backup")
            contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            interactions = conn.execute("SELECT count(*) FROM interaction").fetchone()[0]
        finally:
            conn.close()
    except encryption.database_errors() as error:
        raise NotADatabaseError(f"{path.name} is not a readable database ({error})") from None
    if version > migrations.LATEST:
        raise NewerSchemaError(f"{path.name} comes from a newer Relmanager (schema {version}); "
                               "update Relmanager to restore it")
    return BackupCheck(path, version, contacts, interactions)


def restore(db_path: Path, backup: Path, clock: Clock, key: str | None = None,
            force: bool = False) -> Path:
    """See :func:`relmanager.store.restoring.restore`."""
    from relmanager.store.restoring import restore as run

    return run(db_path, backup, clock, key, force=force)
