"""Putting a backup in place of the database, without losing anything on the way.

A restore takes the same sole-access lock that encrypt and decrypt take (out of WAL mode,
exclusive locking mode, an exclusive transaction, with no wait): while the window or a
command has the file open it refuses ("open in another program") instead of replacing a
file someone is writing. Holding that lock it keeps the current database as
``before-restore-*.sqlite3`` in this database's backups folder, then copies the backup
*into* the file with SQLite's backup API: the same file (inode) stays in place, so a
process that was waiting for the lock reads the restored data rather than an unlinked
file, and SQLite's journal makes the copy all-or-nothing. Only a file too damaged for
SQLite to open is replaced by a rename (under an ``fcntl`` lock on SQLite's lock bytes).

An encrypted database stays encrypted: a plain backup is encrypted with the database's
key on its way in. With no key at hand, a file without an SQLite header may be an
encrypted database, so nothing plain is put in its place unless the caller forces it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relmanager.domain.clock import Clock
from relmanager.paths import backup_dir, ensure_private_dir
from relmanager.store import encryption
from relmanager.store.backups import BEFORE_RESTORE, check_backup
from relmanager.store.errors import StoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: SQLite's lock bytes (os_unix.c): PENDING_BYTE, then RESERVED, then the SHARED range.
PENDING_BYTE = 0x40000000
SHARED_SIZE = 510


class EncryptedWithoutKeyError(encryption.EncryptionKeyError):
    """The database looks encrypted and its key is not available: restoring a plain
    backup would put an unencrypted copy where an encrypted database was."""


def _kept_path(db_path: Path, clock: Clock) -> Path:
    folder = ensure_private_dir(backup_dir(db_path))
    stamp = f"{BEFORE_RESTORE}{clock.now():%Y%m%d-%H%M%S}"
    kept = folder / f"{stamp}.sqlite3"
    number = 1
    while kept.exists():  # two restores within a second must not overwrite each other
        number += 1
        kept = folder / f"{stamp}-{number}.sqlite3"
    return kept


def _private_copy(source: Path, target: Path) -> None:
    descriptor = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(descriptor, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
        out.flush()
        os.fsync(out.fileno())


def restore(db_path: Path, backup: Path, clock: Clock, key: str | None = None,
            force: bool = False) -> Path:
    """Put ``backup`` in place of the database at ``db_path``, which no process may have
    open (this one included: the caller closes its store first). The current file, if
    any, is kept as ``backups/<name>/before-restore-*.sqlite3``; returns that path (or
    the backup's when there was nothing to keep). ``force``: the file is known to be
    damaged, not encrypted, so a plain backup may replace it without a key."""
    check_backup(backup, key)
    _refuse_if_open_here(db_path)
    exists = db_path.is_file() and db_path.stat().st_size > 0
    # This process has no connection to db_path here: reading its header is safe.
    db_encrypted = exists and encryption.read_header_is_encrypted(db_path)
    if db_encrypted and not key and not force:
        raise EncryptedWithoutKeyError(
            f"{db_path.name} has no SQLite header and its key is not in the system keyring "
            "(or the keyring is locked): it is probably encrypted, and restoring "
            f"{backup.name} would put an unencrypted copy in its place. Nothing was "
            "changed. Unlock the keyring and try again (if the file is damaged rather "
            "than encrypted, `relmanager restore --force` replaces it).")
    staged = db_path.with_name(f".{db_path.name}.restoring")
    staged.unlink(missing_ok=True)
    try:
        _private_copy(backup, staged)
        backup_encrypted = encryption.read_header_is_encrypted(staged)
        if db_encrypted and key and not backup_encrypted:
            encryption.convert(staged, from_key=None, to_key=key)
        elif exists and not db_encrypted and backup_encrypted:
            encryption.convert(staged, from_key=key, to_key=None)
        if not exists:
            staged.replace(db_path)
            encryption.forget(db_path)
            return backup
        kept = _kept_path(db_path, clock)
        try:
            _copy_into(db_path, staged, kept, key if db_encrypted else None)
        except encryption.database_errors():  # too damaged for SQLite: replace the file
            _replace_damaged(db_path, staged, kept)
        encryption.forget(db_path)
        return kept
    finally:
        for suffix in ("", "-journal"):
            Path(f"{staged}{suffix}").unlink(missing_ok=True)


def _connect(path: Path, key: str | None):
    """A plain file through the standard sqlite3 library, as the store opens it: SQLite
    sees its own connections in this process, while a second SQLite library (sqlcipher3)
    would neither see them nor keep their locks when it closes the file."""
    if key:
        return encryption.connect(path, key)
    return sqlite3.connect(str(path), isolation_level=None)


def _refuse_if_open_here(db_path: Path) -> None:
    """This process must have closed its own store first: its connection would not see
    the restore coming (and reading the file's header here would drop its locks)."""
    from relmanager.store.models import database

    bound = database.obj
    if bound is not None and not bound.is_closed() and db_path.exists() \
            and Path(bound.database).exists() and Path(bound.database).samefile(db_path):
        raise StoreError(f"{db_path.name} is still open in this program; close it before "
                         "restoring. Nothing was changed")


def _copy_into(db_path: Path, staged: Path, kept: Path, key: str | None) -> None:
    """Keep the current database, then copy ``staged`` into it, holding sole access."""
    live = _connect(db_path, key)
    try:
        encryption.lock_out_others(live, db_path)  # raises when someone else has it
    except BaseException:
        live.close()  # a damaged file raises here too: no connection may outlive this
        raise
    try:
        keep = _connect(kept, key)
        try:
            live.backup(keep)
        finally:
            keep.close()
        kept.chmod(0o600)
        source = _connect(staged, key)
        try:
            source.backup(live)
        finally:
            source.close()
    finally:
        live.close()


def _replace_damaged(db_path: Path, staged: Path, kept: Path) -> None:
    """The file is not a database SQLite can open: keep its bytes (and its WAL) as they
    are and rename the restored copy over it, while holding SQLite's lock bytes so no
    process that has it open is overwritten."""
    kept.unlink(missing_ok=True)
    with _sqlite_lock(db_path):
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                _private_copy(source, Path(f"{kept}{suffix}"))
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        staged.replace(db_path)


@contextmanager
def _sqlite_lock(db_path: Path) -> Iterator[None]:
    """An exclusive POSIX lock on SQLite's lock bytes of ``db_path`` (what SQLite itself
    takes to write), refused at once when another process holds any of them. Only for
    a process with no SQLite connection to the file (closing this descriptor drops the
    process's locks on it)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(db_path, os.O_RDWR)
    try:
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, SHARED_SIZE + 2,
                        PENDING_BYTE, os.SEEK_SET)
        except OSError:
            raise StoreError(f"{db_path.name} is open in another program (Relmanager's "
                             "window, or a command still running); close it and try "
                             "again. Nothing was changed") from None
        yield
    finally:
        os.close(descriptor)
