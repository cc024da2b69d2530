"""A real Radicale CardDAV/CalDAV server on 127.0.0.1, and two "devices" (two databases)
that take turns being the open one, as two laptops syncing through one server would."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from relmanager.store import db as store_db
from relmanager.sync import account

USER, PASSWORD = "alice", "correct horse"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Radicale:
    """One server process; ``stop()``/``start()`` simulate a server going away."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(exist_ok=True)
        users = root / "users"
        users.write_text(f"{USER}:{PASSWORD}\n")
        self.args = [sys.executable, "-m", "radicale", "--config", "",
                     "--server-hosts", f"127.0.0.1:{self.port}",
                     "--storage-filesystem-folder", str(root / "collections"),
                     "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
                     "--auth-htpasswd-encryption", "plain", "--logging-level", "error"]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "radicale.log"
        with log.open("ab") as sink:
            self.process = subprocess.Popen(self.args, stdout=subprocess.DEVNULL,
                                            stderr=sink)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.05)
        raise RuntimeError("radicale did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[Radicale]:
    server = Radicale(tmp_path / "radicale")
    server.start()
    yield server
    server.stop()


class Devices:
    """Two databases; ``with devices.a:`` opens device A (and closes it after)."""

    def __init__(self, home: Path, clock) -> None:
        self.paths = {"a": home / "device-a.sqlite3", "b": home / "device-b.sqlite3"}
        self.clock = clock

    @contextmanager
    def open(self, name: str) -> Iterator[None]:
        store_db.close_db()
        store_db.init_db(self.paths[name], clock=self.clock)
        try:
            yield
        finally:
            store_db.close_db()

    @property
    def a(self):
        return self.open("a")

    @property
    def b(self):
        return self.open("b")


@pytest.fixture
def devices(isolated_home: Path, clock, dav_server) -> Devices:
    """Both devices set up against the same account, on Radicale and on Xandikos."""
    pair = Devices(isolated_home, clock)
    for name in ("a", "b"):
        with pair.open(name):
            account.set_up(dav_server.url, USER, PASSWORD)
    return pair


def phone_rewrites(contact, extra_lines: str = "") -> None:
    """The card of a synced ``contact`` rewritten on the server as a phone's address book
    would: vCard 3.0, renamed Ada King, none of our X-RELMANAGER properties, plus
    ``extra_lines`` (CRLF-terminated vCard lines)."""
    from relmanager.store import sync_state

    item = sync_state.item_for("contact", contact.id)
    client = account.load().client()
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:" + contact.uid + "\r\nFN:Ada King\r\n"
            "N:King;Ada;;;\r\n" + extra_lines + "END:VCARD\r\n")
    try:
        client.put(item.href, card, "text/vcard", item.etag)
    finally:
        client.close()


# -- the foreign programs (scripts/foreign-tools installs them under .foreign/) -----------
FOREIGN = Path(__file__).resolve().parents[2] / ".foreign"


def foreign_tool(tool: str) -> Path:
    """The program of a foreign tool installed by scripts/foreign-tools, or a skip."""
    path = FOREIGN / tool / "bin" / ("todo" if tool == "todoman" else tool)
    if not path.exists():
        pytest.skip(f"{tool} is not installed in {FOREIGN / tool} (scripts/foreign-tools "
                    "installs it from PyPI; it could not be reached)")
    return path


# -- Xandikos, and every server-agnostic test against both servers -----------------------
Radicale.kind = "radicale"


@pytest.fixture
def xandikos(tmp_path: Path):
    from tests.sync.xandikos import Xandikos, executable

    program = executable()
    if program is None:
        pytest.skip("Xandikos is not installed: scripts/foreign-tools installs it "
                    "into .foreign/xandikos (pip install xandikos), which failed or was not run")
    server = Xandikos(tmp_path / "xandikos", program)
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def dav_server(request: pytest.FixtureRequest):
    """The same test against Radicale and against Xandikos."""
    return request.getfixturevalue(request.param)
