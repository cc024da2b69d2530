"""`relate`, `strength`, `paths` and `ideas` through the real command line."""

from __future__ import annotations

import json

import pytest

from relmanager.cli import main


@pytest.fixture
def cli(db_path, clock, capsys):
    def call(*argv: str) -> tuple[int, str, str]:
        code = main([argv[0], "--db", str(db_path), *argv[1:]], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err

    for name, org in (("Ann Lee", "Acme"), ("Bob Ray", ""), ("Cleo Park", ""),
                      ("Dan Roe", "")):
        assert call("add", name, "--org", org, "--stage", "development", "--tag",
                    "climbing")[0] == 0
    return call


def test_relate_then_paths_names_the_introducer(cli):
    code, out, _ = cli("relate", "Cleo Park", "Dan Roe", "--as", "friend")
    assert code == 0 and out.strip() == "Cleo Park and Dan Roe: friend"
    code, out, _ = cli("relate", "Dan Roe", "Cleo Park", "--as", "friend")
    assert "(already recorded)" in out
    code, out, _ = cli("paths", "Dan Roe")
    assert code == 0 and "1. you → Cleo Park → Dan Roe" in out and "friend" in out
    code, out, _ = cli("paths", "Dan Roe", "--json")
    [path] = json.loads(out)
    assert path["via"] == [{"id": 3, "name": "Cleo Park"}]
    assert path["steps"][1]["kinds"] == ["friend"]
    cli("strength", "Dan Roe", "--set", "80")
    _code, out, _ = cli("paths", "Dan Roe")
    assert out.startswith("You know Dan Roe yourself (tie 80/100); other ways in:")
    code, out, _ = cli("relate", "Cleo Park", "Dan Roe", "--as", "friend", "--remove")
    assert "friend forgotten" in out
    code, out, _ = cli("paths", "Dan Roe")
    assert "No warm path to Dan Roe yet" in out


def test_introduced_by_reads_in_its_direction(cli):
    _code, out, _ = cli("relate", "Bob Ray", "Ann Lee", "--as", "introduced-by")
    assert out.strip() == "Bob Ray was introduced by Ann Lee"


def test_strength_shows_its_reasons_and_keeps_a_score_set_by_hand(cli):
    code, out, _ = cli("strength", "Ann Lee")
    assert code == 0 and out.startswith("Ann Lee: ")
    assert "stage" in out and "of 30" in out and "no two-way contact yet" in out
    code, out, _ = cli("strength", "Ann Lee", "--set", "70")
    assert out.startswith("Ann Lee: 70/100 (set by you; the factors say ")
    data = json.loads(cli("strength", "Ann Lee", "--json")[1])
    assert data["score"] == 70 and data["overridden"] and len(data["factors"]) == 6
    code, out, _ = cli("strength", "Ann Lee", "--clear")
    assert "set by you" not in out
    code, out, err = cli("strength", "Ann Lee", "--set", "150")
    assert code != 0 and "0 to 100" in err


def test_ideas_suggest_people_with_common_ground_who_do_not_know_each_other(cli):
    for name in ("Ann Lee", "Bob Ray"):
        cli("strength", name, "--set", "80")
    code, out, _ = cli("ideas")
    assert code == 0 and "Ann Lee and Bob Ray: #climbing" in out
    cli("relate", "Ann Lee", "Bob Ray", "--as", "knows")
    ideas = json.loads(cli("ideas", "--json")[1])
    assert all({i["a"]["name"], i["b"]["name"]} != {"Ann Lee", "Bob Ray"} for i in ideas)
