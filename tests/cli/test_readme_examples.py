"""Every `relmanager …` example in the README runs on the demo network (issue 22, the
first hour): `move joanna` was ambiguous there (the demo has a Joanna of its own) and
`relate "Ann Lee" "Bob Ray"` named people the demo does not have. The README's ``sh``
blocks are read, and each example runs in order against a database filled as `--demo`
fills it, so an example that stops working fails here.

Files an example names (a LinkedIn export, a vCard file, a mail folder, a calendar) are
the user's own: the test puts small ones in place. Examples that need something no test
may reach (a server, a mail account) or minutes of work are listed in ``OUTSIDE`` with
the reason; the list itself is checked against the README so it cannot go stale.
"""

from __future__ import annotations

import re
import shlex
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.store import demo

README = Path(__file__).resolve().parents[2] / "README.md"

#: Examples that cannot run in a test, by their start, and why.
OUTSIDE = {
    "relmanager sync --setup": "needs a CardDAV server (tests/sync runs sync against one)",
    "relmanager capture mail --imap": "needs a mail account (tests/capture uses Dovecot)",
    "relmanager demo --contacts 100000": "takes minutes; the demo here is the same command",
    "relmanager encrypt": "converts the database for good (tests/reliability/"
                          "test_encryption.py runs it)",
    "relmanager capture calendar --account": "needs a CalDAV server (tests/sync/"
                                             "test_capture_account.py runs it)",
    "relmanager log-meeting": "needs a meeting that is over, kept by a calendar read "
                              "(tests/brief runs it)",
}

CONNECTIONS_CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Wen,Okafor,https://www.linkedin.com/in/wen,wen@example.org,Acme,Engineer,03 Jan 2026\n")
CONTACTS_VCF = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ilse Moreau\r\nN:Moreau;Ilse;;;\r\n"
                "EMAIL:ilse@example.org\r\nEND:VCARD\r\n")
WORK_ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            "UID:readme-1\r\nDTSTART:{day}T100000\r\nDTEND:{day}T110000\r\n"
            "SUMMARY:Coffee\r\nORGANIZER:mailto:me@example.org\r\n"
            "ATTENDEE:mailto:jo@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
SENT_MBOX = ("From me@example.org Thu Jan  1 10:00:00 2026\n"
             "From: Me <me@example.org>\nTo: Joanna <jo@example.org>\n"
             "Date: {date}\nMessage-ID: <readme-1@example.org>\nSubject: hello\n\nhi\n\n")


def readme_examples() -> list[str]:
    """Each `relmanager …` command of the README's sh blocks, in order (`a && b` is two)."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks:
        for line in block.splitlines():
            commands += [part.strip() for part in line.split(" && ")
                         if part.strip().startswith("relmanager ")]
    return commands


def test_the_outside_list_names_only_readme_examples() -> None:
    examples = readme_examples()
    for start in OUTSIDE:
        assert any(e.startswith(start) for e in examples), f"stale: {start}"


@pytest.fixture
def demo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock) -> Path:
    """A home and working folder with the files the examples name."""
    home = tmp_path / "home"
    sent_at = clock.now() - timedelta(days=2)
    sent = home / ".thunderbird" / "x" / "Mail" / "Local Folders" / "Sent"
    sent.parent.mkdir(parents=True)
    sent.write_text(SENT_MBOX.format(date=format_datetime(sent_at.astimezone())),
                    encoding="utf-8")
    for sub in ("cur", "new", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True)
    # Joanna (jo@example.org) is the README's own first example
    (home / "Maildir" / "cur" / "1.readme:2,S").write_text(
        SENT_MBOX.format(date=format_datetime(sent_at.astimezone())).split("\n", 1)[1],
        encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    (work / "Connections.csv").write_text(CONNECTIONS_CSV, encoding="utf-8")
    (work / "contacts.vcf").write_text(CONTACTS_VCF, encoding="utf-8")
    day = (clock.now() - timedelta(days=3)).strftime("%Y%m%d")
    (work / "work.ics").write_text(WORK_ICS.format(day=day), encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return home


def test_every_readme_example_runs_on_the_demo(db_path, clock, demo_home, capsys):
    assert main(["demo", "--db", str(db_path), "--contacts", str(demo.DEMO_CONTACTS),
                 "--interactions", str(demo.DEMO_INTERACTIONS), "--quiet"], clock=clock) == 0
    ran, failed = [], []
    for example in readme_examples():
        if any(example.startswith(start) for start in OUTSIDE):
            continue
        argv = [str(Path(a).expanduser()) if a.startswith("~") else a
                for a in shlex.split(example, comments=True)[1:]]
        capsys.readouterr()
        code = main([*argv, "--db", str(db_path)], clock=clock)
        _out, err = capsys.readouterr()
        ran.append(example)
        if code != 0:
            failed.append(f"{example}\n    -> exit {code}: {err.strip()}")
    assert not failed, "README examples that fail on the demo:\n" + "\n".join(failed)
    assert len(ran) >= 20, ran
