"""``relmanager merge`` and ``relmanager duplicates`` through cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.domain.clock import FakeClock
from relmanager.store import db as store_db
from relmanager.store.models import Contact, Interaction
from tests.store.merge_fixture import two_annas


@pytest.fixture
def people(db, clock: FakeClock):
    found = two_annas(clock)
    store_db.close_db()  # the command opens the database itself, as from a terminal
    return found


def run(capsys, db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main([argv[0], "--db", str(db_path), *argv[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def test_duplicates_lists_the_pair_and_json(people, db_path, capsys):
    code, out, _ = run(capsys, db_path, "duplicates")
    assert code == 0
    assert "Anna Berg (#1), Anna Berg-Olsen (#2): " in out
    assert "same e-mail anna@acme.example" in out and "same phone" in out
    assert "relmanager merge 1 2" in out
    code, out, _ = run(capsys, db_path, "duplicates", "--json")
    assert json.loads(out)[0]["ids"] == [people.anna, people.anna2]


def test_dry_run_changes_nothing_then_merge_keeps_the_one_asked(people, db_path, capsys):
    code, out, _ = run(capsys, db_path, "merge", "Anna Berg", "2", "--dry-run")
    assert code == 0 and "keep Anna Berg (#1); merge into it: Anna Berg-Olsen (#2)" in out
    assert "Notes: Met at the meetup. Has two kids." in out and "dry run" in out
    assert "Title: Engineer" in out  # filled in from the other record, and said
    store_db.init_db(db_path)
    assert Contact.select().count() == 3
    store_db.close_db()
    code, out, _ = run(capsys, db_path, "merge", "1", "anna@home.example", "--keep", "2")
    assert code == 0 and "merged 2 contacts into Anna Berg-Olsen (#2)" in out
    store_db.init_db(db_path)
    assert [c.id for c in Contact.select().order_by(Contact.id)] == [people.anna2, people.carl]
    dinner_once = 4
    assert Interaction.select().where(Interaction.contact == people.anna2).count() == dinner_once
    code, out, _ = run(capsys, db_path, "duplicates")
    assert out.strip() == "no likely duplicates"


def test_bad_merges_say_why(people, db_path, capsys):
    code, _out, err = run(capsys, db_path, "merge", "1", "1")
    assert code == 1 and "at least two different contacts" in err
    code, _out, err = run(capsys, db_path, "merge", "1", "2", "--keep", "3")
    assert code == 1 and "--keep must be one of" in err
    code, _out, err = run(capsys, db_path, "merge", "1", "99")
    assert code == 1 and "no contact with id 99" in err
