"""Backups of the database: made with SQLite's online backup API (consistent while the app
writes), kept in ``backups/`` beside the database (0600), rotated, checked before a
restore, and a restore never destroys anything: the database it replaces is kept aside.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from relmanager.domain.clock import Clock
from relmanager.paths import backup_dir, ensure_private_dir
from relmanager.store import encryption, migrations
from relmanager.store.errors import NewerSchemaError, NotADatabaseError, StoreError
from relmanager.store.models import database

PREFIX = "relmanager-"
BEFORE_RESTORE = "before-restore-"
DEFAULT_KEEP = 7


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int


def backup_now(db_path: Path, clock: Clock, target: Path | None = None,
               keep: int = DEFAULT_KEEP) -> Path:
    """Copy the open database to ``target`` (default: a dated file in the backups folder,
    rotating to the newest ``keep``). Runs in any thread: it uses that thread's connection."""
    if target is None:
        target = backup_dir(db_path) / f"{PREFIX}{clock.now():%Y%m%d-%H%M%S}.sqlite3"
    ensure_private_dir(target.parent)
    migrations.backup_file(database.obj, target)
    if target.parent == backup_dir(db_path):
        rotate(db_path, keep)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Automatic and manual backups and pre-migration copies, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [BackupInfo(p, _made(p), p.stat().st_size)
             for p in folder.iterdir() if p.is_file() and p.suffix == ".sqlite3"]
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
    backups = list_backups(db_path)
    return backups[0] if backups else None


def rotate(db_path: Path, keep: int) -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; other files are left alone."""
    automatic = [b.path for b in list_backups(db_path) if b.path.name.startswith(PREFIX)]
    removed = automatic[max(keep, 1):]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@dataclass(frozen=True)
class BackupCheck:
    path: Path
    version: int
    contacts: int
    interactions: int


def _not_a_database(path: Path) -> bool:
    """True for a file that is neither SQLite nor SQLCipher: text (a vCard, a CSV), or
    bytes that are not whole database pages. SQLCipher's encrypted pages look random, so
    only those two signs tell a key-less encrypted backup from a file that is no backup;
    without them every such file was reported as "encrypted and no key was found"."""
    size = path.stat().st_size
    if size < 512 or size % 512:
        return True
    with path.open("rb") as handle:
        head = handle.read(4096)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True  # encrypted pages are never valid UTF-8 over 4 kB


def _open_read_only(path: Path, key: str | None):
    if encryption.is_encrypted(path):
        if _not_a_database(path):
            raise NotADatabaseError(
                f"{path.name} is not a Relmanager backup (not an SQLite database)")
        if not key:
            raise NotADatabaseError(f"{path.name} is encrypted and no key was found for it")
        encryption.check_key(path, key)
        return encryption.connect(path, key)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


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


def restore(db_path: Path, backup: Path, clock: Clock, key: str | None = None) -> Path:
    """Put ``backup`` in place of the (closed) database at ``db_path``. The current file,
    if any, is kept as ``backups/before-restore-*.sqlite3``; returns that path (or the
    backup's when there was nothing to keep). The caller closes and reopens the store."""
    check_backup(backup, key)
    # An encrypted database stays encrypted: a plain backup (from before encryption was
    # turned on) is encrypted with the database's key on its way in.
    encrypt_with = key if key and encryption.is_encrypted(db_path) \
        and not encryption.is_encrypted(backup) else None
    folder = backup_dir(db_path)
    ensure_private_dir(folder)
    stamp = f"{BEFORE_RESTORE}{clock.now():%Y%m%d-%H%M%S}"
    kept = folder / f"{stamp}.sqlite3"
    number = 1
    while kept.exists():  # two restores within a second must not overwrite each other
        number += 1
        kept = folder / f"{stamp}-{number}.sqlite3"
    if db_path.exists():
        try:
            if key and encryption.is_encrypted(db_path):  # kept encrypted, with its WAL
                conn, dest = encryption.connect(db_path, key), encryption.connect(kept, key)
            else:
                conn, dest = sqlite3.connect(str(db_path)), sqlite3.connect(str(kept))
            try:
                conn.backup(dest)
            finally:
                dest.close()
                conn.close()
        except encryption.database_errors():  # too damaged to read: keep its bytes as is
            shutil.copyfile(db_path, kept)
            for suffix in ("-wal", "-shm"):
                if Path(f"{db_path}{suffix}").exists():
                    shutil.copyfile(f"{db_path}{suffix}", f"{kept}{suffix}")
        kept.chmod(0o600)
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    temporary = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, temporary)
    temporary.chmod(0o600)
    if encrypt_with:
        encryption.convert(temporary, from_key=None, to_key=encrypt_with)
    temporary.replace(db_path)
    return kept if kept.exists() else backup
