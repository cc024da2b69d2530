"""A DAV server as a child process on 127.0.0.1, shared by the Radicale and Xandikos
fixtures: started and waited for by its port, stopped and started again to simulate a
server going away."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """``args`` (set by the subclass) run with stderr into ``ROOT/<kind>.log``."""

    kind = "server"
    start_timeout_s = 15.0
    stop_grace_s = 10.0

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(exist_ok=True)
        self.args: list[str] = []
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / f"{self.kind}.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL,
                                            stderr=sink)
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not start")

    def stop(self) -> None:
        """Terminate the server, and kill it when it has not gone within ``stop_grace_s``:
        aiohttp (Xandikos) waits out a client's open keep-alive connection before it exits
        on SIGTERM, which on a loaded CI machine outlasted the grace and left the process
        unreaped (a ResourceWarning failing the next test)."""
        if self.process is None:
            return
        process, self.process = self.process, None
        process.terminate()
        try:
            process.wait(self.stop_grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
