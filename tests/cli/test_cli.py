from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager import __version__
from relmanager.cli import main
from relmanager.domain.clock import FakeClock
from relmanager.store import migrations


def run(capsys: pytest.CaptureFixture[str], *argv: str,
        clock: FakeClock | None = None) -> tuple[int, str, str]:
    code = main(list(argv), clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli(db_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        return run(capsys, *argv[:1], "--db", str(db_path), *argv[1:], clock=clock)
    return call


def test_add_log_move_list_json(cli, clock: FakeClock) -> None:
    code, out, _ = cli("add", "Joanna Kowalski", "--email", "jo@example.org", "--stage",
                       "Encounter", "--tag", "PyData", "--intent", "hiring advice")
    assert code == 0 and "added #1 Joanna Kowalski (encounter)" in out
    clock.advance(days=2)
    code, out, _ = cli("log", "jo@example.org", "--channel", "one_on_one", "--minutes", "40",
                       "--exchange", "give", "--when", "yesterday", "--note", "coffee")
    assert code == 0 and "logged one_on_one with Joanna Kowalski" in out
    code, out, _ = cli("move", "joanna", "RECOGNITION")
    assert code == 0 and "encounter -> recognition" in out
    code, out, _ = cli("list", "--json")
    items = json.loads(out)
    assert items == [{
        "id": 1, "name": "Joanna Kowalski", "emails": ["jo@example.org"],
        "organisation": "", "stage": "recognition", "sphere": "business", "tags": ["PyData"],
        "warmth": "warm", "last_interaction_at": "2026-03-03T12:00:00",
        "last_two_way_at": "2026-03-03T12:00:00",
    }]
    assert json.loads(cli("list", "--json", "--stage", "parked")[1]) == []


def test_list_cold_and_tag_filters(cli, clock: FakeClock) -> None:
    cli("add", "Ann Lee", "--stage", "recognition", "--tag", "Runners")
    cli("add", "Bo Berg", "--stage", "friendship")
    clock.advance(days=40)
    code, out, _ = cli("list", "--cold")
    assert code == 0 and "Ann Lee" in out and "Bo Berg" not in out and "cooling" in out
    assert [i["name"] for i in json.loads(cli("list", "--tag", "runners", "--json")[1])] == [
        "Ann Lee"]
    assert "Bo Berg" in cli("list", "--search", "berg")[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [(("log", "nobody", "--channel", "email"), "no contact matches 'nobody'"),
     (("log", "1", "--channel", "pigeon"), "unknown channel 'pigeon'"),
     (("move", "1", "bestie"), "unknown stage 'bestie'"),
     (("add", "X", "--email", "broken"), "not an email address"),
     (("add", "X", "--sphere", "galactic"), "sphere must be one of"),
     (("log", "1", "--channel", "email", "--when", "next tuesday"), "is not a date"),
     (("log", "1", "--channel", "email", "--minutes", "-3"), "must not be negative"),
     (("list", "--stage", "x"), "unknown stage")],
)
def test_errors_are_one_line_without_traceback(cli, argv: tuple, message: str) -> None:
    cli("add", "Ann Lee")
    code, _, err = cli(*argv)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("relmanager")


def test_duplicate_email_is_refused(cli) -> None:
    cli("add", "Ann Lee", "--email", "ann@example.org")
    code, _, err = cli("add", "Ann Other", "--email", "ANN@example.org")
    assert code == 1 and "already has that email" in err


def test_demo_then_check(cli) -> None:
    code, out, _ = cli("demo", "--contacts", "300", "--interactions", "3000", "--quiet")
    assert code == 0 and "300 contacts, 3,000 interactions" in out
    code, out, _ = cli("check")
    assert code == 0 and ": ok" in out and "300 contacts" in out
    assert f"schema version {migrations.LATEST}" in out
    items = json.loads(cli("list", "--json")[1])
    assert len(items) >= 280 and all(i["stage"] for i in items)


def test_check_reports_a_damaged_file(db_path: Path, capsys, clock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("hello")
    code, _, err = run(capsys, "check", "--db", str(db_path), clock=clock)
    assert code == 1 and "not a Relmanager database" in err
    assert db_path.read_text() == "hello"
    code, _, err = run(capsys, "check", "--db", str(db_path.parent / "missing.sqlite3"),
                       clock=clock)
    assert code == 1 and "no database" in err


def test_newer_schema_message(db_path: Path, capsys, clock) -> None:
    run(capsys, "add", "A", "--db", str(db_path), clock=clock)
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 99")
    code, _, err = run(capsys, "list", "--db", str(db_path), clock=clock)
    assert code == 1 and "newer Relmanager" in err


def test_db_from_environment(monkeypatch, tmp_path: Path, capsys, clock) -> None:
    target = tmp_path / "env.sqlite3"
    monkeypatch.setenv("RELMANAGER_DB", str(target))
    assert run(capsys, "add", "Env Person", clock=clock)[0] == 0
    assert target.exists()


def test_default_db_lives_in_the_user_data_dir(isolated_home: Path, capsys, clock) -> None:
    assert run(capsys, "add", "Home Person", clock=clock)[0] == 0
    assert (isolated_home / "data" / "relmanager.sqlite3").exists()


def test_usage_errors_are_one_line(capsys) -> None:
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "invalid choice" in err


def test_version_and_module_entry_point(isolated_home: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "relmanager", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"relmanager {__version__}"
