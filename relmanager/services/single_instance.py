"""One window per database: a second launch on the same database asks the first to come
to the front and exits, so two GUIs never write the same file.

The first instance listens on a QLocalServer whose name is derived from the database path;
a second one connects, sends "raise" and quits. A server name left behind by a crashed
instance (nobody answers) is removed and taken over.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500


def server_name(db_path: Path) -> str:
    """A per-user, per-database name (short enough for a Unix socket path)."""
    digest = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
    return f"relmanager-{user}-{digest}"


class SingleInstance(QObject):
    """Held by the running app; ``on_raise`` runs when another launch asks for the window."""

    def __init__(self, name: str, on_raise: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._on_raise = on_raise
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
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
        """Already listening since :func:`claim_single_instance`."""

    def shutdown(self) -> None:
        self.server.close()


def ask_running_instance(name: str) -> bool:
    """True when another instance answered (and was asked to raise its window)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


def claim_single_instance(db_path: Path, on_raise: Callable[[], None]
                          ) -> SingleInstance | None:
    """The instance guard for ``db_path``, or None when another instance runs (it has
    been asked to show itself; the caller should exit)."""
    name = server_name(db_path)
    if ask_running_instance(name):
        return None
    guard = SingleInstance(name, on_raise)
    guard.listen()
    return guard
