"""Opening the database: one ``init_db(path)`` for the GUI, the command line and tests.

The file is checked before SQLite touches it (a wrong file is refused, never
overwritten), created 0600 in a 0700 folder, opened with WAL, foreign keys and a busy
timeout, and brought to the current schema by numbered migrations.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import peewee as pw

from relmanager.domain.clock import Clock, SystemClock
from relmanager.paths import backup_dir, ensure_private_dir, user_path
from relmanager.store import encryption, read_only, schema_level
from relmanager.store.denorm import register_functions
from relmanager.store.errors import DB_EXCEPTIONS, NotADatabaseError, translate
from relmanager.store.models import database
from relmanager.store.page_cache import bound_heap

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 5000,
    # 32 MB page cache: the whole hot set at 100k contacts, for a connection alone (the
    # sum of all of them is bounded by page_cache.SOFT_HEAP_LIMIT)
    "cache_size": -32_000,
    "temp_store": "memory",
}


def _check_file(path: Path, key: str | None = None) -> bool:
    """Refuse anything that is not an SQLite file before SQLite can "repair" it; with a
    key, such a file is an encrypted database and is checked against it. Returns whether
    the file is encrypted. This is the one place the header is read, before any
    connection to the file exists in this process; the answer is carried from here (see
    :func:`relmanager.store.encryption.remember`)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    if path.is_dir():
        raise NotADatabaseError(f"{path} is a folder, not a database file")
    if not encryption.is_encrypted(path):
        return False
    if key is None:  # ciphertext and junk look alike: the message names both causes
        raise encryption.UnreadableFileError(
            f"{path.name} is not an SQLite file: either it is not a Relmanager database, or "
            "it is an encrypted one whose key is not in the system keyring (or the keyring "
            "is locked). Nothing was changed. Unlock the keyring and try again, or restore "
            "the latest backup (`relmanager backups`, then `relmanager restore FILE`).")
    encryption.check_key(path, key)
    return True


def _create_private_file(path: Path) -> None:
    if path.exists():
        return
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)


#: Every transaction takes the write lock when it begins. A deferred one that reads first
#: (an import's search-index settings, a contact fetched before its update) cannot wait
#: for the lock once it holds a read snapshot: while another connection (the sync or
#: reminder worker, a second window of the CLI) is writing, it failed at once with
#: "database is locked" instead of waiting out ``busy_timeout``. Transactions here are
#: writes by design (reads need none), so nothing waits that did not have to.
LOCK_TYPE = "IMMEDIATE"


class _ImmediateBegin:
    """Transactions begin with :data:`LOCK_TYPE` unless told otherwise. Peewee 4.5 takes
    ``SqliteDatabase(lock_type=...)``; this works on every version pyproject allows (the
    oldest, 3.17, has no such argument: scripts/test-oldest found it)."""

    def begin(self, lock_type: str | None = None) -> None:
        super().begin(lock_type or LOCK_TYPE)  # type: ignore[misc]


class ImmediateSqliteDatabase(_ImmediateBegin, pw.SqliteDatabase):
    pass


def _cipher_database(*args: object, **kwargs: object) -> pw.SqliteDatabase:
    from playhouse.sqlcipher_ext import SqlCipherDatabase  # only for encrypted files

    class ImmediateSqlCipherDatabase(_ImmediateBegin, SqlCipherDatabase):
        pass

    return ImmediateSqlCipherDatabase(*args, **kwargs)


#: A reading command's connection: the file's journal mode is left as it is (setting WAL
#: writes the header of a file that is not in it yet).
READING_PRAGMAS = {k: v for k, v in PRAGMAS.items() if k != "journal_mode"}


def _cannot_write(path: Path) -> bool:
    """The file or its folder cannot be written by this user (a file made read-only, a
    folder of someone else's): SQLite cannot make the WAL index beside it, so a reader
    must open the file as it is (:func:`relmanager.store.read_only.open_for_reading`)."""
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def open_database(path: Path, key: str | None = None, *,
                  reading: bool = False) -> pw.SqliteDatabase:
    """Open (creating if needed) without migrating; used by init_db and by tools that
    must look at a database as it is (backup restore checks, ``check``). ``key`` opens a
    database encrypted with SQLCipher (see relmanager.store.encryption). ``reading``: an
    existing file for a command that only reads it: nothing is created or changed, and
    a file this user cannot write is still read."""
    path = user_path(path)
    encrypted = _check_file(path, key)
    pragmas = READING_PRAGMAS if reading else PRAGMAS
    if reading and not encrypted and _cannot_write(path):
        # SQLite would make the WAL index and log beside it (read-only, left behind,
        # where they later stop the owner's own writes) or fail to: read it as it is.
        db, _note = read_only.open_for_reading(path)
        register_functions(db)
        return db
    try:
        if not reading:
            ensure_private_dir(path.parent)
            _create_private_file(path)
        if encrypted:
            db = _cipher_database(str(path), passphrase=encryption.pragma_key(key or ""),
                                  pragmas=pragmas, check_same_thread=False)
        else:
            db = ImmediateSqliteDatabase(str(path), pragmas=pragmas, check_same_thread=False)
        register_functions(db)
        encryption.remember(path)  # the last look at the header: carried from here
        db.connect()
        bound_heap(db)  # every connection's page cache, process-wide (see page_cache.py)
        # Any real read fails here if the file is damaged beyond its header.
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_EXCEPTIONS as error:
        failure = translate(error, path)
        unwritable = read_only.why_unwritable(path) is not None or (
            reading and _cannot_write(path))
        if encrypted or not path.is_file() or not unwritable:
            raise failure from error
        if "db" in locals():
            db.close()
        # A full disk or a read-only mount: the data can still be read (and exported).
        try:
            db, _note = read_only.open_for_reading(path)
        except DB_EXCEPTIONS:
            raise failure from error
        register_functions(db)
        return db
    read_only.reason = None
    return db


def _read_as_it_is(db: pw.SqliteDatabase) -> bool:
    """Whether a reader may use ``db`` without :func:`init_db`'s upkeep: it is at the
    current schema and no import was killed half-way in it (its mark is a setting; the
    killed import's contacts would be listed as if imported), or it cannot be written
    anyway. An older or newer schema always takes the full opening (which migrates, or
    says why it cannot)."""
    if schema_level.schema_version(db) != schema_level.LATEST:
        return False
    if read_only.reason is not None:
        return True
    return not schema_level.import_killed_with(db.execute_sql)


def init_db(
    path: Path | str,
    *,
    clock: Clock | None = None,
    backups: Path | None = None,
    key: str | None = None,
    reading: bool = False,
) -> pw.SqliteDatabase:
    """Open ``path``, migrate it to the current schema and bind the models to it.

    ``reading``: for a command that only reads (``list``, ``history``, ...). A current
    database with no killed import is opened without the every-open upkeep (credential
    scrub, built-in channels, sync triggers, taking back killed imports): nothing is
    written, so a file this user cannot write, or one another process is writing, still
    answers, and the start-up skips importing the migrations. The upkeep then happens at
    the next open that may write (the window's, or a writing command's); what a reader
    leaves in place (an old address's password, a channel added in a release, changed
    triggers) only matters to writing. An older schema or a killed import is brought
    up to date first as for any open, when the file can be written; when it cannot, a
    current one is read as it is.

    Raises a :class:`~relmanager.store.errors.StoreError` with a message for the user when
    the file is not a database, comes from a newer version, or cannot be written.
    """
    path = user_path(path)
    # The store this one replaces is closed first: an open connection nobody can reach
    # would hold the file against a restore, and its file must be forgotten (see
    # relmanager.store.encryption) before this one is remembered.
    close_db()
    if reading and path.is_file() and path.stat().st_size > 0:
        db = open_database(path, key, reading=True)
        try:
            if _read_as_it_is(db):
                database.initialize(db)  # read only, or nothing to do: nothing is written
                return db
        except Exception:
            db.close()
            raise
        close_db_file(db)
    from relmanager.store import migrations  # not for a reader of a current file

    db = open_database(path, key)
    try:
        if read_only.reason is not None and migrations.schema_version(db) == migrations.LATEST:
            database.initialize(db)  # for reading only: nothing to migrate, nothing to write
            return db
        migrations.upgrade(db, path, backups or backup_dir(path), clock or SystemClock())
    except Exception:
        db.close()
        raise
    database.initialize(db)
    from relmanager.store.import_parts import recover_unfinished

    recover_unfinished()  # an import killed between its parts leaves nothing behind
    return db


def close_db_file(db: pw.SqliteDatabase) -> None:
    """Close ``db`` (not bound to the models) and forget its file's encryption note."""
    db.close()
    encryption.forget(Path(db.database))


def close_db() -> None:
    """Close the bound database (checkpointing the WAL) if one is open."""
    current = database.obj
    if current is not None and not current.is_closed():
        current.close()
        encryption.forget(Path(current.database))


def close_thread_connection() -> None:
    """Close this thread's connection (peewee keeps one per thread): a worker thread's
    last act, so no connection outlives its task."""
    if database.obj is not None and not database.is_closed():
        try:
            database.close()
        except Exception:  # the work's answer matters more than this
            log.warning("closing a worker's connection failed", exc_info=True)


#: A worker's connection between two of its jobs: (the database it belongs to, the
#: sqlite3 connection). See services.background.BackgroundReader._resume.
KeptConnection = tuple[Any, Any]


def detach_thread_connection() -> KeptConnection | None:
    """After a job on a worker: take this thread's open connection out of peewee's
    thread state, to hand to the worker's next job (whose thread state is new, so the
    page cache stays warm). One left inside a transaction is closed instead."""
    db = database.obj
    if db is None or db.is_closed():
        return None
    conn = db._state.conn
    db._state.reset()
    if db.in_transaction() or conn.in_transaction:
        conn.close()  # nothing of a job that left a transaction open is reused
        return None
    return db, conn


def resume_thread_connection(kept: KeptConnection | None) -> None:
    """Before a job on a worker: give this thread the connection the last job left, if
    the store is still the one it was opened on; otherwise close it."""
    if kept is None:
        return
    db, conn = kept
    if database.obj is db and db.is_closed():
        db._state.set_connection(conn)
    else:
        conn.close()


def current_passphrase() -> str | None:
    """The key the open database was opened with (None: not encrypted, or none open)."""
    return getattr(database.obj, "connect_params", {}).get("passphrase")


def data_version(*, wait: bool = True) -> int:
    """SQLite's ``PRAGMA data_version`` on this thread's connection: it changes when any
    other connection (another process, or a worker of this one) commits, and never for
    this connection's own writes. A read of shared memory, not of the file. ``wait=False``
    (the UI thread): raise at once rather than wait ``busy_timeout`` for a read lock."""
    usual = None
    if not wait:
        (usual,) = database.execute_sql("PRAGMA busy_timeout").fetchone()
        database.execute_sql("PRAGMA busy_timeout = 0")
    try:
        cursor = database.execute_sql("PRAGMA data_version")
        try:
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()  # an unfinished statement would hold a read snapshot open
    finally:
        if usual is not None:
            database.execute_sql(f"PRAGMA busy_timeout = {int(usual)}")
