"""The window's first look at its database, through ``sqlite3`` alone, and the store's
opening deferred until that first page is painted.

Opening the store (:func:`relmanager.store.db.init_db`) imports peewee, the models and
the standard library they bring (socket, platform, hashlib with OpenSSL, decimal): ~95 M
instructions, 8% of a cold start on the 100k data set (bench/README.md, the twenty-second
and twenty-third rounds). A start whose file needs nothing of that opening to be shown
as it is (an existing, writable, unencrypted file at the current schema, with no import
killed half-way in it) reads the default list's first page here and paints it; the
store is opened as before, migrations' every-open upkeep included, before the first read
or write anything asks of it (:func:`open_store`: the background reader and the writer
ask first). Any other file, and any failure here, takes the full opening before the
window is built, which says what is wrong as it always did: this look never decides
that a file is bad, only that it is plainly good.

Nothing here writes: the connection is read-only and closed before the window is built,
so the header read of the later opening is of a file this process has no connection to.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from relmanager.paths import user_path
from relmanager.store import encryption, schema_level
from relmanager.store.contact_rows import DEFAULT_FIRST_IDS_SQL, rows_with, tag_names_with


class FirstLook(NamedTuple):
    """What the window shows before the store is open."""

    ids: list[int]  # the default list's first ids (active contacts by name)
    rows: dict[int, dict[str, Any]]  # their rows, as ``queries.rows_for`` reads them
    tags: list[str]  # every tag's name (the tag filter's choices)
    any_contact: bool  # archived ones counted: false for an empty address book


def take(path: Path | str, limit: int) -> FirstLook | None:
    """The default list's first ``limit`` rows of ``path`` when the file can be shown
    before the store is opened; None when the full opening must come first (a new or
    empty file, a read-only one, one that is encrypted or not SQLite, another schema, a
    killed import, or any error reading it: that opening then says what is wrong)."""
    path = user_path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None  # created by the full opening
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return None  # read as it is, and said so (store/read_only.py)
        if encryption.is_encrypted(path):
            return None  # a key, or a file that is not ours: the opening tells which
    except OSError:
        return None
    try:
        # Read only, and no waiting: a lock held elsewhere is the full opening's to wait
        # out and to explain.
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        return _read(conn, limit)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, limit: int) -> FirstLook | None:
    execute = conn.execute
    execute("SELECT count(*) FROM sqlite_master").fetchone()  # damage past the header
    if schema_level.version_with(execute) != schema_level.LATEST:
        return None  # migrated (after a backup) by the full opening, or refused by it
    if schema_level.import_killed_with(execute):
        return None  # taken back by the full opening before anything is listed
    ids = [cid for (cid,) in execute(DEFAULT_FIRST_IDS_SQL, (False, limit))]
    any_contact = bool(ids) or bool(execute("SELECT EXISTS(SELECT 1 FROM contact)")
                                    .fetchone()[0])
    return FirstLook(ids, rows_with(execute, ids), tag_names_with(execute), any_contact)


#: The store's opening, when a start painted its first page before it (see open_store):
#: one callable at most.
_deferred: list[Callable[[], object]] = []


def defer_opening(opener: Callable[[], object]) -> None:
    """``opener`` opens the store (:func:`~relmanager.store.db.init_db`, with the
    window's recovery): run by :func:`open_store`, once."""
    _deferred[:] = [opener]


def open_store() -> None:
    """Open the store now if its opening was deferred (on the UI thread, before any read
    or write of it is started); nothing once it is open, or when it was never deferred."""
    if _deferred:
        _deferred.pop()()


def opening_deferred() -> bool:
    """Whether the store's opening still waits (the window shows its first look)."""
    return bool(_deferred)


def drop_opening() -> bool:
    """Forget an opening that never ran (the window closed before anything was read or
    written); True when one was waiting: no store was opened, none is to be closed."""
    waiting = bool(_deferred)
    _deferred.clear()
    return waiting
