"""Atomic, private file writes for every export.

An export holds a whole address book, so it is created readable by the user only (0600),
and written to a temporary file in the same folder, flushed to disk, then renamed over the
target: a crash or a full disk leaves either the old file or the new one, never half of
one, and never a window in which other users could read it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["open_private_atomic", "write_private_atomic"]


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_private_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (str is encoded as UTF-8) to ``path`` atomically with mode 0600.

    Raises OSError (with the temporary file removed) if the folder is missing, read-only
    or full; the previous content of ``path``, if any, is then untouched.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # mkstemp already uses 0600; say it where it matters
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(directory)
    return target


@contextlib.contextmanager
def open_private_atomic(path: str | os.PathLike[str]) -> Iterator[IO[str]]:
    """A text file (UTF-8) that appears at ``path`` only when the block ends without an
    exception: for exports too large to build in memory first. Same guarantees as
    :func:`write_private_atomic`; an exception (a cancel) leaves ``path`` untouched."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(directory)
