"""Reading a database that cannot be written: a full disk, a read-only file system.

SQLite in WAL mode must create or grow the ``-shm`` index next to the database even to
read. On a full disk that fails as "disk I/O error" (which reads like failing hardware)
and on a read-only mount as "unable to open", so ``list``, ``check`` and ``export``, the
very commands that let a user look at and save their data, were refused.

:func:`why_unwritable` names the real cause from the file system (``statvfs``), and
:func:`open_for_reading` opens the database so that it can still be read:

* with no WAL content (the usual case: every clean close checkpoints it), the file is
  opened ``immutable``: SQLite reads it without any ``-shm`` or lock;
* with WAL content (the app was killed), a private copy of the database and its WAL is
  made in a temporary folder on another file system and opened there, so nothing written
  last is missing; if there is no room for a copy either, the file is opened immutable and
  the caller is told that the latest changes may not be shown.

No connection to the database exists in this process while the copy is made (the failed
one is closed first), so reading its files here cannot drop another connection's locks.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import peewee as pw

from relmanager.store.page_cache import bound_heap

__all__ = ["DISK_FULL", "READ_ONLY_FS", "open_for_reading", "why_unwritable"]

log = logging.getLogger(__name__)

DISK_FULL = "the disk is full"
READ_ONLY_FS = "the file system is read-only"
#: Below this much free space SQLite cannot grow its index or journal: "full".
_NEARLY_FULL = 256 * 1024
READ_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000, "cache_size": -32_000,
                "temp_store": "memory", "query_only": 1}
#: Why the database this process opened is read-only, or None (see relmanager.store.db).
reason: str | None = None


def why_unwritable(path: Path) -> str | None:
    """DISK_FULL or READ_ONLY_FS when the folder of ``path`` is so, else None."""
    try:
        stats = os.statvfs(path.parent if not path.is_dir() else path)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return READ_ONLY_FS
    if stats.f_bavail * stats.f_frsize < _NEARLY_FULL:
        return DISK_FULL
    return None


def _wal_has_content(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _copy_aside(path: Path) -> Path | None:
    """The database and its WAL copied to a private temporary folder, or None if there is
    no room for them (the temporary folder may be on the same full disk)."""
    import tempfile  # with random and its hashes: only a database that cannot be written

    folder = Path(tempfile.mkdtemp(prefix="relmanager-readonly-"))
    try:
        for suffix in ("", "-wal"):
            source = path.with_name(path.name + suffix)
            if source.exists():
                shutil.copyfile(source, folder / (path.name + suffix))
    except OSError as error:
        log.warning("no room for a private copy of %s: %s", path, error)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder / path.name


def open_for_reading(path: Path) -> tuple[pw.SqliteDatabase, str]:
    """Open ``path`` for reading only; returns the database and a note for the user."""
    global reason  # noqa: PLW0603 - one database per process; errors.translate reads it
    cause = why_unwritable(path) or "the database cannot be written"
    note = f"{cause}: the database is open for reading only; nothing can be saved"
    target = _copy_aside(path) if _wal_has_content(path) else None
    if target is not None:
        db = pw.SqliteDatabase(str(target), pragmas=READ_PRAGMAS, check_same_thread=False)
    else:
        if _wal_has_content(path):
            note += " (and the latest changes may not be shown: no room to read them)"
        db = pw.SqliteDatabase(f"file:{path}?immutable=1", uri=True, pragmas=READ_PRAGMAS,
                               check_same_thread=False)
    db.connect()
    bound_heap(db)
    db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    reason = cause
    log.warning("%s (%s)", note, path)
    return db, note
