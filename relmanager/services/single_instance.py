"""One window per database: a second launch on the same database asks the first to come
to the front and exits, so two GUIs never write the same file.

The first instance takes ``flock`` locks (released by the system even when the process
dies): one beside the database by its path (the same for every launch whatever its
environment), and one by the file's device and inode, beside it and in the session's
runtime folder, so a hard link or another path to the same file counts as the same
database. Once its window is up it listens on a QLocalServer whose name is derived from
the file's device and inode; a second launch finds a lock taken, connects, sends "raise"
and quits. The locks are a few microseconds where QtNetwork costs ~15 ms of start-up, so
the server waits for the first paint. Where there is no ``flock`` (Windows) the server
alone decides, as before. A server name left behind by a crashed instance is taken over.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from relmanager.paths import ensure_private_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

CONNECT_TIMEOUT_MS = 500


def _identity(db_path: Path) -> tuple[int, int] | None:
    """The file itself (device, inode), whatever path or hard link names it."""
    try:
        info = Path(db_path).stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def server_name(db_path: Path) -> str:
    """A per-user, per-database name (short enough for a Unix socket path): from the
    file's device and inode when it exists, so a hard link or another path to the same
    file finds the same window."""
    identity = _identity(db_path)
    key = f"{identity[0]}:{identity[1]}" if identity else str(Path(db_path).resolve())
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
    return f"relmanager-{user}-{digest}"


class SingleInstance(QObject):
    """Held by the running app; ``on_raise`` runs when another launch asks for the window."""

    def __init__(self, name: str, on_raise: Callable[[], None],
                 parent: QObject | None = None, lock: Any = None) -> None:
        super().__init__(parent)
        self.name = name
        self._on_raise = on_raise
        self._lock = lock  # the open lock file; closing it releases the lock
        self.server: Any = None

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self.server is None:
            self.server = QLocalServer(self)
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self.server.newConnection.connect(self._connection)
        if self.server.isListening() or self.server.listen(self.name):
            return True
        if _answers(self.name):  # a live server (an older version without the lock): keep it
            return False
        QLocalServer.removeServer(self.name)  # left by a crash: nobody answered
        return self.server.listen(self.name)

    def _connection(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is None:
            return
        socket.waitForReadyRead(CONNECT_TIMEOUT_MS)
        if bytes(socket.readAll().data()).startswith(b"raise"):
            self._on_raise()
        socket.disconnectFromServer()

    def start(self) -> None:
        """Listen for later launches (the app calls this once its window is up)."""
        self.listen()

    def shutdown(self) -> None:
        if self.server is not None:
            self.server.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _lock_path(db_path: Path) -> Path:
    db_path = Path(db_path).resolve()
    return db_path.with_name(f".{db_path.name}.lock")


def _lock_paths(db_path: Path) -> list[Path]:
    """Every lock one instance takes: beside the database by its path (the same for
    every environment), and by the file's identity (device, inode) beside it and in the
    session's runtime folder, so a hard link (in the same folder or another) or a
    renamed path to a file that has a window does not open a second one."""
    paths = [_lock_path(db_path)]
    identity = _identity(db_path)
    if identity is not None:
        name = f".relmanager-{identity[0]}-{identity[1]}.lock"
        paths.append(Path(db_path).resolve().with_name(name))
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            paths.append(Path(runtime) / name.lstrip("."))
    return paths


class _Locks:
    """The lock files held for the app's lifetime; closing releases them."""

    def __init__(self, handles: list[Any]) -> None:
        self.handles = handles

    def close(self) -> None:
        for handle in self.handles:
            handle.close()
        self.handles = []


def _take_lock(db_path: Path) -> Any:
    """The held locks; None when another process holds any of them; False when there is
    no lock to be had at all (no flock, read-only folders, files that are not ours): the
    local server alone decides then.

    The database's folder is made first (private, as the store would make it): on a
    user's very first launch it does not exist yet, and without it this launch would hold
    no lock while the next one, finding the folder, took them all and never asked."""
    with contextlib.suppress(OSError):  # a folder we may not make: the server decides
        ensure_private_dir(Path(db_path).resolve().parent)
    taken: list[Any] = []
    for path in _lock_paths(db_path):
        handle = _take_one(path)
        if handle is None:
            for held in taken:
                held.close()
            return None
        if handle is not False:
            taken.append(handle)
    return _Locks(taken) if taken else False


def _take_one(path: Path) -> Any:
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return False
    handle = os.fdopen(descriptor, "r+")  # held open for the app's lifetime
    if os.fstat(descriptor).st_uid != os.getuid():
        handle.close()
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def _answers(name: str) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    alive = socket.waitForConnected(CONNECT_TIMEOUT_MS)
    socket.abort()
    return alive


def ask_running_instance(name: str) -> bool:
    """True when another instance answered (and was asked to raise its window)."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def claim_single_instance(db_path: Path, on_raise: Callable[[], None],
                          listen: bool = True) -> SingleInstance | None:
    """The instance guard for ``db_path``, or None when another instance runs (it has
    been asked to show itself if it listens yet; the caller should exit). With ``listen``
    False the caller starts the guard later (:meth:`SingleInstance.start`)."""
    name = server_name(db_path)
    lock = _take_lock(db_path)
    if lock is None:
        ask_running_instance(name)  # still starting if nobody answers: it shows anyway
        return None
    if lock is False and ask_running_instance(name):  # Windows, or no lock file
        return None
    guard = SingleInstance(name, on_raise, lock=lock or None)
    if listen or lock is False:
        guard.listen()
    return guard
