"""Errors the store raises, each with a message a person can act on.

SQLite reports trouble as a handful of generic exceptions; :func:`translate` turns them
into these, so the GUI and the command line can say what is wrong and what to do
instead of showing a traceback.
"""

from __future__ import annotations

import sqlite3
from typing import Any


class StoreError(Exception):
    """Base class: ``str(error)`` is the one-line message shown to the user."""


class NotADatabaseError(StoreError):
    """The file exists but is not a SQLite database, or is damaged."""


class NewerSchemaError(StoreError):
    """The database was written by a newer Relmanager."""


class DatabaseLockedError(StoreError):
    """Another process holds the write lock for longer than the busy timeout."""


class ReadOnlyError(StoreError):
    """The database file or its folder cannot be written."""


class DiskFullError(StoreError):
    """The disk (or quota) is full; the transaction was rolled back."""


class NotFoundError(StoreError):
    """A contact, channel or other record named by the user does not exist."""


class AmbiguousError(StoreError):
    """A name matches more than one contact."""


class ValidationError(StoreError):
    """A value the user typed is not acceptable (bad email, empty name...)."""


def translate(error: Exception, path: object = None) -> StoreError:
    """Map a peewee/sqlite3 exception to a :class:`StoreError` with a clear message."""
    text = str(error).lower()
    where = f" ({path})" if path else ""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, OverflowError):
        return ValidationError("a number is too large (ids and counts fit in 64 bits)")
    cause = error.__context__
    if "cannot rollback" in text and isinstance(cause, Exception):
        return translate(cause, path)  # the failed rollback hides what really went wrong
    unwritable = _unwritable(path)
    if unwritable == "the disk is full" and ("disk i/o" in text or "readonly" in text
                                             or "read-only" in text or "unable to open" in text):
        text = "full"  # SQLite says "disk I/O error" when it cannot grow its index
    elif unwritable == "the file system is read-only" and "readonly" in text:
        return ReadOnlyError(f"the file system is read-only{where}; the database can be read "
                             "and exported, not changed")
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"the database is in use by another program{where}; close it and try again"
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnlyError(
            f"the database cannot be written{where}; check the permissions of the file "
            "and its folder"
        )
    if "full" in text:
        return DiskFullError(
            f"the disk is full{where}; nothing was saved. Free some space and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return NotADatabaseError(
            f"the database file is damaged or not a Relmanager database{where}; "
            "restore the latest backup (File > Restore from backup, or `relmanager backups` "
            "then `relmanager restore FILE`)"
        )
    return StoreError(f"database error{where}: {error}")


def _unwritable(path: object) -> str | None:
    """Why the database cannot be written, from the file system: the reason recorded when
    it was opened for reading only, or what ``statvfs`` says about ``path``'s folder."""
    from relmanager.store import read_only

    if read_only.reason is not None:
        return read_only.reason
    if path is None:
        return None
    from pathlib import Path

    return read_only.why_unwritable(Path(str(path)).expanduser())


def __getattr__(name: str) -> Any:
    """``DB_EXCEPTIONS``, the exception types that :func:`translate` understands, made
    when first asked: they include peewee's, and a start that paints its window before
    opening the store (store/first_look.py) imports peewee only then (~95 M instructions
    with the standard library it brings). Until peewee is imported nothing can raise its
    exceptions, so a module asking for the tuple at its import loses nothing."""
    if name != "DB_EXCEPTIONS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import peewee

    value = (peewee.PeeweeException, sqlite3.Error, OSError, OverflowError)
    globals()["DB_EXCEPTIONS"] = value
    return value


class OperationCancelledError(StoreError):
    """The user cancelled a long operation; raised inside its transaction so it rolls back."""

    def __init__(self, message: str = "Cancelled; nothing was changed.") -> None:
        super().__init__(message)
