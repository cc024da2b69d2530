"""``relmanager log A B C`` (one group event) and ``relmanager history [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.domain.clock import FakeClock
from relmanager.store import db as store_db
from relmanager.store.models import Interaction

FIXTURES = Path(__file__).parents[1] / "capture" / "fixtures"


@pytest.fixture
def cli(db_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err
    return call


@pytest.fixture
def people(cli) -> None:
    for name, email in (("Ann Lee", "ann@example.com"), ("Bo Chen", "bo@example.com"),
                        ("Cy Diaz", "cy@example.com"), ("Ann Lemon", "lemon@example.com")):
        assert cli("add", name, "--email", email, "--stage", "friendship")[0] == 0


def _rows(db_path: Path, clock: FakeClock) -> list[tuple]:
    store_db.init_db(db_path, clock=clock)
    return list(Interaction.select(Interaction.contact, Interaction.group_key,
                                   Interaction.minutes).order_by(Interaction.id).tuples())


def test_several_people_make_one_group_event(cli, people, db_path, clock) -> None:
    code, out, err = cli("log", "Ann Lee", "bo@example.com", "3", "--channel", "meeting",
                         "--minutes", "90", "--note", "dinner", "--when", "yesterday")
    assert code == 0, err
    assert "with Ann Lee, Bo Chen, Cy Diaz" in out
    rows = _rows(db_path, clock)
    assert [r[0] for r in rows] == [1, 2, 3]
    assert len({r[1] for r in rows}) == 1 and rows[0][1] is not None
    assert {r[2] for r in rows} == {90}
    listed = {r["name"]: r for r in json.loads(cli("list", "--json")[1])}
    for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
        assert listed[name]["last_two_way_at"] == "2026-03-01T12:00:00"
    assert listed["Ann Lemon"]["last_interaction_at"] is None


def test_one_person_still_has_no_group(cli, people, db_path, clock) -> None:
    assert cli("log", "Bo Chen", "--channel", "phone")[0] == 0
    assert _rows(db_path, clock) == [(2, None, 0)]


@pytest.mark.parametrize(("names", "message"), [
    (("Bo Chen", "Ann"), "'Ann' matches several contacts"),
    (("Bo Chen", "Zed Nobody"), "no contact matches 'Zed Nobody'"),
    (("Bo Chen", "bo@example.com"),
     "the same contact is named twice: 'Bo Chen' and 'bo@example.com' are both Bo Chen (#2)"),
])
def test_an_unclear_name_writes_nothing(cli, people, db_path, clock, names,
                                        message) -> None:
    code, out, err = cli("log", *names, "--channel", "phone")
    assert code == 1 and out == ""
    assert "nothing logged" in err and message in err
    assert _rows(db_path, clock) == []


def test_history_names_the_others_and_their_emails(cli, people) -> None:
    cli("log", "Ann Lee", "Bo Chen", "--channel", "video", "--minutes", "30",
        "--when", "2026-02-20 10:00")
    cli("log", "Bo Chen", "--channel", "phone", "--when", "2026-02-25 18:00")
    code, out, _ = cli("history", "Bo Chen")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("2026-02-25 18:00  phone") and "with" not in lines[0]
    assert lines[1].startswith("2026-02-20 10:00  video") and "with Ann Lee" in lines[1]
    assert "[typed]" in lines[1]
    items = json.loads(cli("history", "bo@example.com", "--json")[1])
    assert [i["channel"] for i in items] == ["phone", "video"]
    assert items[1]["occurred_at"] == "2026-02-20T10:00:00" and items[1]["minutes"] == 30
    assert items[1]["source"] == "typed" and items[1]["two_way"] is True
    assert [(p["name"], p["emails"]) for p in items[1]["participants"]] == [
        ("Bo Chen", ["bo@example.com"]), ("Ann Lee", ["ann@example.com"])]
    assert [p["name"] for p in items[0]["participants"]] == ["Bo Chen"]
    assert json.loads(cli("history", "Cy Diaz", "--json")[1]) == []




def test_captured_mail_in_history_and_list(db_path, clock, capsys) -> None:
    def run(*argv: str) -> str:
        code = main(list(argv), clock=clock)
        out, err = capsys.readouterr()
        assert code == 0, err
        return out
    db = ["--db", str(db_path)]
    run("add", *db, "Ada Lovelace", "--email", "ada@example.com", "--stage", "friendship")
    run("add", *db, "Grace Hopper", "--email", "grace@example.com", "--stage", "friendship")
    run("me", *db, "--email", "me@example.org")
    run("capture", "mail", *db, str(FIXTURES / "thunderbird.mbox"))
    listed = {r["name"]: r for r in json.loads(run("list", *db, "--json"))}
    # Ada answered on Feb 3 and was written to on Feb 6: captured two-way contact.
    assert listed["Ada Lovelace"]["last_interaction_at"] == "2026-02-06T09:00:00"
    assert listed["Ada Lovelace"]["last_two_way_at"] == "2026-02-06T09:00:00"
    grace = json.loads(run("history", *db, "Grace Hopper", "--json"))
    assert [(g["occurred_at"][:10], g["source"], g["two_way"]) for g in grace] == [
        ("2026-02-06", "mail", True), ("2026-02-04", "mail", False)]
    assert "(received only)" in run("history", *db, "Grace Hopper").splitlines()[1]
