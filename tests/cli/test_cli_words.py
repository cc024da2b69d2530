"""The command line in the window's words (issue 22, items 5 and 8): ``list`` shows the
last two-way contact as "yesterday", says so when nothing matches or nobody is going
cold, and counts say "1 contact"; run as a real process where the output is the point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.domain.clock import FakeClock


@pytest.fixture
def cli(db_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_list_says_yesterday_and_counts_two_way_contact(cli, clock):
    cli("add", "Ada Lovelace", "--stage", "friendship")
    cli("log", "Ada", "--channel", "phone", "--when", "yesterday")
    code, out, _ = cli("list")
    assert code == 0
    assert "last two-way yesterday" in out and "0d ago" not in out
    clock.advance(days=40)
    cli("log", "Ada", "--channel", "blog", "--note", "a post everyone can read")
    _code, out, _ = cli("list")
    assert "last two-way 5 weeks ago" in out  # the blog post today does not count
    cli("add", "Bo Berg")
    _code, out, _ = cli("list")
    assert "last two-way never" in out


def test_list_cold_says_when_nobody_is_cold(cli, clock):
    cli("add", "Ada Lovelace", "--stage", "friendship")
    code, out, err = cli("list", "--cold")
    assert code == 0 and out == ""
    assert "nobody is going cold" in err
    clock.advance(days=200)
    code, out, err = cli("list", "--cold")
    assert "Ada Lovelace" in out and err == ""
    code, out, err = cli("list", "--cold", "--tag", "nobody-has-this")
    assert out == "" and "nobody matching is going cold" in err


def test_an_empty_list_says_so_and_json_stays_json(cli):
    code, out, err = cli("list")
    assert code == 0 and out == "" and "no contacts yet" in err
    code, out, err = cli("list", "--json")
    assert out.strip() == "[]" and err == ""
    cli("add", "Ada Lovelace")
    code, out, err = cli("list", "--search", "zzz")
    assert out == "" and "no contacts match" in err


def test_check_says_one_contact_in_a_real_process(db_path, clock):
    assert main(["add", "--db", str(db_path), "Ada Lovelace"]) == 0
    from relmanager.store.db import close_db

    close_db()
    env = {**os.environ, "RELMANAGER_FAKE_NOW": "2026-03-02T09:00:00"}
    done = subprocess.run([sys.executable, "-m", "relmanager", "check", "--db", str(db_path)],
                          capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "1 contact," in done.stdout and "1 contacts" not in done.stdout
    assert "0 interactions" in done.stdout
    assert "1 stage change," in done.stdout


def test_imports_says_when_there_are_none(cli):
    code, out, _ = cli("imports")
    assert code == 0 and out.strip() == "no imports yet"


def test_several_matches_say_how_many_were_left_out(cli):
    """Review 18, item 13: "'Maya' matches several contacts" listed five of eight and
    stopped, as if there were only five."""
    for n in range(8):
        cli("add", f"Maya Tester{n}")
    code, out, err = cli("log", "Maya", "--channel", "phone")
    assert code == 1 and out == ""
    assert "'Maya' matches several contacts: " in err
    assert err.count("Maya Tester") == 5 and "and 3 more; use an id or email" in err
    cli("add", "Bo Berg")
    cli("add", "Bo Berg")
    _code, _out, err = cli("log", "Bo Berg", "--channel", "phone")
    assert "Bo Berg (#9), Bo Berg (#10); use" in err and "more" not in err
