"""A real Radicale CardDAV/CalDAV server on 127.0.0.1, and two "devices" (two databases)
that take turns being the open one, as two laptops syncing through one server would."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.store import db as store_db
from relmanager.sync import account
from tests.sync.dav_process import ServerProcess

USER, PASSWORD = "alice", "correct horse"


class Radicale(ServerProcess):
    """One Radicale with a user and password (htpasswd)."""

    kind = "radicale"

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        users = root / "users"
        users.write_text(f"{USER}:{PASSWORD}\n")
        self.args = [sys.executable, "-m", "radicale", "--config", "",
                     "--server-hosts", f"127.0.0.1:{self.port}",
                     "--storage-filesystem-folder", str(root / "collections"),
                     "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
                     "--auth-htpasswd-encryption", "plain", "--logging-level", "error"]


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


@pytest.fixture
def cli(clock, capsys, monkeypatch):
    """``relmanager COMMAND --db DB ARGS`` in this process (``stdin`` typed in), as the
    sync tests set accounts up and sync: (exit code, stdout, stderr). The database is
    closed after each command, as a terminal's process would leave it."""
    def call(db: Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([argv[0], "--db", str(db), *argv[1:]], clock=clock)
        store_db.close_db()
        out, err = capsys.readouterr()
        return code, out, err
    return call
