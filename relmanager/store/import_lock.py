"""Whether the process writing an import in parts is still there, across pid namespaces.

A large import marks its batch unfinished (:mod:`relmanager.store.import_parts`), and the
next open of the database takes back the parts of an importer that is gone. "Gone" was
decided from a pid and its start time in ``/proc``; but a Flatpak or container app and
a host command line on the same database see each other's pids in other namespaces (the
importer's pid there names another process here, or none), so a live importer looked
dead and its committed parts were taken back while it was still writing.

So the importer holds an exclusive ``flock`` on a small file of its own beside the
database (never the database or its -wal/-shm: closing any descriptor of those drops
SQLite's locks), named in the mark. The kernel keeps that lock for as long as the
process lives and drops it when it dies however it dies (SIGKILL, a crash), whatever
namespace looks at it: "alive" is "that lock cannot be taken".

An importer killed after making its file and before committing its mark (or after its
last commit and before removing the file) leaves the file with no mark naming it. It
harms nothing (every importer makes a file of a new name, and only marks are read), but
nothing would ever remove it: :func:`sweep_leftovers` does, on the next open, for a file
no mark names, whose lock can be taken and that is older than :data:`SWEEP_AFTER_SECONDS`
(an importer takes its lock a moment after making the file: a young free file may be
one in that moment, and is left alone).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the pid check alone decides
    fcntl = None  # type: ignore[assignment]

#: ``.NAME.import-<32 hex>.lock`` beside the database NAME; anything else a mark names
#: (a damaged or hostile file's setting) is never opened, let alone removed.
_NAME = re.compile(r"\.[^/\\\x00]{1,255}\.import-[0-9a-f]{32}\.lock")
#: A lock file this old whose lock is free is a killed importer's: none is that slow
#: between making its file and locking it.
SWEEP_AFTER_SECONDS = 600


def _folder_and_name(db_file: str) -> tuple[Path, str] | None:
    if not db_file or db_file == ":memory:" or db_file.startswith("file:"):
        return None
    path = Path(db_file).resolve()  # beside the file itself, whatever link named it
    return path.parent, path.name


@contextmanager
def importer_lock(db_file: str) -> Iterator[str | None]:
    """Hold the importer's lock beside ``db_file`` while the block runs; yields its file
    name (for the mark) or None where no such file can be made (a read-only folder, a
    database in memory, no ``flock``): the mark then names none and the pid decides.
    On leaving, the file goes and the lock with it, after the caller's last commit."""
    place = _folder_and_name(db_file)
    handle, path = None, None
    if place is not None and fcntl is not None:
        folder, db_name = place
        path = folder / f".{db_name}.import-{uuid.uuid4().hex}.lock"
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            if handle is not None:
                os.close(handle)
                path.unlink(missing_ok=True)
            handle = None
    try:
        yield path.name if handle is not None and path is not None else None
    finally:
        if handle is not None and path is not None:
            path.unlink(missing_ok=True)  # before the lock goes: never found free
            os.close(handle)


def holder_alive(db_file: str, name: object) -> bool | None:
    """Whether the importer holding lock file ``name`` (beside ``db_file``) still runs:
    True while its lock is held, False once it can be taken (the importer is gone);
    None when that cannot be told here (no name, a name that is not ours, the file gone,
    no ``flock``): the caller falls back to the pid."""
    place = _folder_and_name(db_file)
    if place is None or fcntl is None or not isinstance(name, str) \
            or not _NAME.fullmatch(name):
        return None
    try:
        handle = os.open(place[0] / name, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    finally:
        os.close(handle)  # closing it lets go of a lock taken here
    return False


def remove_leftover(db_file: str, name: object) -> None:
    """Remove the lock file a killed importer left (once its batch is taken back)."""
    place = _folder_and_name(db_file)
    if place is not None and isinstance(name, str) and _NAME.fullmatch(name):
        (place[0] / name).unlink(missing_ok=True)


def sweep_leftovers(db_file: str, named: set[str]) -> list[str]:
    """Remove the lock files beside ``db_file`` that killed importers left and no mark
    names (``named``: those a mark still names, which :func:`remove_leftover` removes
    once their batch is taken back); the names removed. Each is removed holding its lock,
    so an importer cannot be holding it meanwhile; a held, young, linked or unreadable
    one is left alone, and a folder that cannot be listed or written sweeps nothing."""
    place = _folder_and_name(db_file)
    if place is None or fcntl is None:
        return []
    folder, db_name = place
    prefix = f".{db_name}.import-"
    try:
        names = [p.name for p in folder.iterdir() if p.name.startswith(prefix)
                 and _NAME.fullmatch(p.name) and p.name not in named]
    except OSError:
        return []
    removed = []
    for name in names:
        try:
            handle = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            if time.time() - os.fstat(handle).st_mtime < SWEEP_AFTER_SECONDS:
                continue
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            (folder / name).unlink()
            removed.append(name)
        except OSError:  # held (a live importer), or the folder is read only
            continue
        finally:
            os.close(handle)
    return removed
