"""``relmanager capture``, ``captures``, ``undo-capture`` and ``me`` through the command line."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cli(db_path: Path, clock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([*argv[:-1], "--db", str(db_path), argv[-1]] if argv[0] == "capture"
                    else [argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err
    return call


@pytest.fixture
def contacts(cli) -> None:
    for name, email in (("Ada Lovelace", "ada@example.com"),
                        ("Grace Hopper", "grace@example.com")):
        assert cli("add", name, "--email", email, "--stage", "friendship")[0] == 0


def test_me_is_required_then_capture_preview_apply_undo(cli, contacts) -> None:
    mbox = str(FIXTURES / "thunderbird.mbox")
    code, _, err = cli("capture", "mail", mbox)
    assert code == 1 and "relmanager me --email ADDR" in err
    code, out, _ = cli("me", "--email", "ME@example.org")
    assert code == 0 and out.split() == ["me@example.org"]
    code, out, _ = cli("capture", "mail", "--dry-run", mbox)
    assert code == 0
    assert "7 read; 5 interactions with 2 people would be captured" in out
    assert "left out: 1 message from a mailing list (List-Id)" in out
    assert "stranger@elsewhere.org" in out and "not contacts" in out
    code, out, _ = cli("captures")
    assert out == ""
    code, out, _ = cli("capture", "mail", mbox)
    assert "5 interactions with 2 people captured" in out and "capture 1 " in out
    code, out, _ = cli("list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows["Ada Lovelace"]) >= {"id", "emails", "stage", "warmth",
                                         "last_interaction_at"}
    assert rows["Ada Lovelace"]["last_interaction_at"].startswith("2026-02-0")
    assert rows["Grace Hopper"]["last_interaction_at"].startswith("2026-02-0")
    code, out, _ = cli("capture", "mail", mbox)
    assert "0 interactions with 0 people captured; 5 already captured" in out
    code, out, _ = cli("capture", "calendar", str(FIXTURES / "meetings.ics"))
    assert "4 interactions with 1 person captured" in out and "capture 2 " in out
    code, out, _ = cli("captures")
    lines = out.splitlines()
    assert len(lines) == 2 and "mail" in lines[0] and "calendar" in lines[1]
    assert "active" in lines[0]
    code, out, _ = cli("undo-capture", "1")
    assert code == 0 and "capture 1 (mail" in out and "5 interactions removed" in out
    code, out, _ = cli("undo-capture", "1")
    assert code == 1
    code, out, _ = cli("captures")
    assert "undone" in out.splitlines()[0]


def test_bad_paths_are_one_line_errors(cli, contacts, tmp_path) -> None:
    cli("me", "--email", "me@example.org")
    code, _, err = cli("capture", "mail", str(tmp_path / "none"))
    assert code == 1 and "no such file" in err
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nthis is not\n")
    code, _, err = cli("capture", "calendar", str(bad))
    assert code == 1 and "is not a calendar file (line 2 cannot be read)" in err
    assert "Traceback" not in err


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def _run(db: Path, home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELMANAGER_HOME": str(home),
           "RELMANAGER_FAKE_NOW": "2026-03-02T09:00:00"}
    return subprocess.run([sys.executable, "-c", "import sys; from relmanager.cli import main; "
                           "sys.exit(main(sys.argv[1:]))", "--db", str(db), *argv],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_dry_run_leaves_the_database_byte_identical(tmp_path: Path, isolated_home) -> None:
    db = tmp_path / "own.sqlite3"
    for argv in (("add", "Ada Lovelace", "--email", "ada@example.com"),
                 ("me", "--email", "me@example.org")):
        assert _run(db, isolated_home, *argv).returncode == 0
    before = _digest(db)
    for argv in (("capture", "mail", str(FIXTURES / "thunderbird.mbox"), "--dry-run"),
                 ("capture", "mail", str(FIXTURES / "maildir"), "--dry-run"),
                 ("capture", "calendar", str(FIXTURES / "meetings.ics"), "--dry-run")):
        done = _run(db, isolated_home, *argv)
        assert done.returncode == 0, done.stderr
        assert "would be captured" in done.stdout
    assert _digest(db) == before
    done = _run(db, isolated_home, "capture", "mail", str(FIXTURES / "thunderbird.mbox"))
    assert "captured" in done.stdout and _digest(db) != before
