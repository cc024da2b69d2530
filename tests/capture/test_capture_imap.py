"""IMAP capture against a real Dovecot on a loopback port: read-only, headers only."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.services import secrets
from relmanager.sync.imap_mail import ImapError, parse_address, read_imap
from tests.capture.dovecot import DOVECOT, Dovecot, dovecot_server

pytestmark = pytest.mark.skipif(not shutil.which(DOVECOT) and not Path(DOVECOT).exists(),
                                reason="dovecot-imapd is not installed (scripts/test installs "
                                "it as root)")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    with dovecot_server() as running:
        for path in sorted((FIXTURES / "maildir").glob("*/*")):
            if path.name != ".keep":
                running.deliver(path.name.split(":")[0], path.read_bytes())
        running.deliver("1770800000.M9P1.host", b"Message-ID: <sent1@example.org>\n"
                        b"Date: Wed, 11 Feb 2026 10:00:00 +0000\nFrom: me@example.org\n"
                        b"To: Stranger <stranger@elsewhere.org>\nSubject: private\n\n"
                        b"A body that must never be fetched.\n", folder="Sent")
        running.deliver("1770800001.M9P2.host", b"Message-ID: <huge@example.org>\n"
                        b"Date: Wed, 11 Feb 2026 10:00:00 +0000\nFrom: me@example.org\n"
                        b"To: " + b"a" * (10 * 2**20) + b"@example.org\n\nbody\n",
                        folder="Hostile")
        running.deliver("1770800002.M9P3.host", b"Message-ID: <fine@example.org>\n"
                        b"Date: Wed, 11 Feb 2026 11:00:00 +0000\nFrom: me@example.org\n"
                        b"To: ada@example.com\n\nbody\n", folder="Hostile")
        yield running


def _mail_digest(server: Dovecot) -> str:
    digest = hashlib.sha256()
    for path in sorted(server.maildir.rglob("*")):
        if path.is_file() and path.parent.name in ("cur", "new"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_read_imap_headers_read_only(server: Dovecot) -> None:
    before = _mail_digest(server)
    address = parse_address(f"imap://alice@127.0.0.1:{server.port}/INBOX,Sent,Nope")
    scan = read_imap(address, server.password)
    ids = sorted(m.message_id for m in scan.messages)
    assert ids == ["<l2@example.net>", "<m3@example.org>", "<s1@elsewhere.org>",
                   "<sent1@example.org>"]
    assert scan.problems == ["folder 'Nope': not found on the server; left out"]
    assert "body" not in repr(scan.messages) and "private" not in repr(scan.messages)
    assert _mail_digest(server) == before  # flags (file names) and contents unchanged


def test_ten_megabyte_header_is_one_problem_in_bounded_memory(server: Dovecot) -> None:
    import resource

    address = parse_address(f"imap://alice@127.0.0.1:{server.port}/Hostile")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scan = read_imap(address, server.password)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [m.message_id for m in scan.messages] == ["<fine@example.org>"]
    assert len(scan.problems) == 1 and "larger than 256 KB" in scan.problems[0]
    assert grown_kb < 8 * 1024


def test_wrong_password_is_a_clear_error(server: Dovecot) -> None:
    address = parse_address(f"imap://alice@127.0.0.1:{server.port}/")
    with pytest.raises(ImapError, match="refused the user name or password"):
        read_imap(address, "wrong")


def test_addresses() -> None:
    with pytest.raises(ImapError, match="password in the address"):
        parse_address("imaps://a:pw@mail.example.org/")
    with pytest.raises(ImapError, match="not an IMAP address"):
        parse_address("https://mail.example.org/")
    address = parse_address("imaps://a%40b.org@mail.example.org/INBOX,Sent%20Items")
    assert (address.user, address.port, address.tls, address.folders) == (
        "a@b.org", 993, True, ("INBOX", "Sent Items"))


def test_cli_imap_password_goes_to_the_keyring(server: Dovecot, db_path: Path, clock,
                                               capsys, monkeypatch) -> None:
    import io

    def cli(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]])
        out, err = capsys.readouterr()
        return code, out, err

    assert cli("add", "Linus Torvalds", "--email", "linus@example.net")[0] == 0
    assert cli("me", "--email", "me@example.org")[0] == 0
    url = f"imap://alice@127.0.0.1:{server.port}/INBOX,Sent"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = cli("capture", "mail", "--imap", url)
    assert code == 1 and "--password-stdin" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(server.password + "\n"))
    code, out, err = cli("capture", "mail", "--imap", url, "--password-stdin")
    assert code == 0, err
    assert "2 interactions with 1 person captured" in out
    assert secrets.get_secret("imap", f"alice@127.0.0.1:{server.port}") == server.password
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _ = cli("capture", "mail", "--imap", url)  # the keyring's password
    assert code == 0 and "2 already captured before" in out
