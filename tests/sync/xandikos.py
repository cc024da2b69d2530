"""A real Xandikos CardDAV/CalDAV server on 127.0.0.1, the stricter second server the
sync tests run against. scripts/foreign-tools installs it into its own venv
(``.foreign/xandikos``);
``RELMANAGER_TEST_XANDIKOS`` may name another ``xandikos`` executable. Xandikos has no
accounts of its own (a proxy in front of it checks passwords), so any user name and
password are let in."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def executable() -> str | None:
    """The xandikos program to run, or None when it is not installed."""
    named = os.environ.get("RELMANAGER_TEST_XANDIKOS")
    if named:
        return named if Path(named).exists() else None
    local = ROOT / ".foreign" / "xandikos" / "bin" / "xandikos"
    return str(local) if local.exists() else shutil.which("xandikos")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Xandikos:
    """One server process with the default address book and calendar of ``/user/``;
    ``stop()``/``start()`` simulate a server going away, as for Radicale."""

    kind = "xandikos"

    def __init__(self, root: Path, program: str) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(exist_ok=True)
        self.args = [program, "serve", "-d", str(root / "data"), "--defaults",
                     "--port", str(self.port), "--listen-address", "127.0.0.1",
                     "--state-dir", str(root / "state"), "--no-detect-systemd"]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "xandikos.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL,
                                            stderr=sink)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.05)
        raise RuntimeError("xandikos did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
