"""A merge keeps the merged-away contact's seats at coming meetings (review 18, item 2):
they move to the survivor (one seat per person per meeting), an undo puts every row back
as it was, and a plain delete + undo brings the seats back too."""

from __future__ import annotations

import json

from relmanager.cli import main
from relmanager.interchange.calendar_upcoming import read_upcoming
from relmanager.store import capture, merge, snapshots, upcoming
from relmanager.store.contacts import create_contact
from relmanager.store.upcoming_models import UpcomingParticipant
from tests.store.merge_fixture import dump, plan_merge


def _seats() -> list[tuple[int, int, int, str]]:
    return sorted(UpcomingParticipant.select(
        UpcomingParticipant.id, UpcomingParticipant.event, UpcomingParticipant.contact,
        UpcomingParticipant.email).tuples())


def _read(calendar_file, clock) -> None:
    found = read_upcoming(calendar_file, capture.me_addresses(), clock.now())
    assert upcoming.replace_upcoming(str(calendar_file), found, clock.now()) == 2


def _people_at(clock) -> dict[str, set[str]]:
    return {m.summary: {name for _cid, name in m.people}
            for m in upcoming.upcoming(clock.now(), limit=100)}


def test_merge_moves_seats_to_the_survivor_and_undo_puts_them_back(people, calendar_file,
                                                                   clock):
    ann, _bob = people
    _read(calendar_file, clock)
    # A second record of Ann under her home address: the survivor, not at any meeting.
    home = create_contact(clock, "Ann Home", emails=["ann@home.example"])
    before, seats = dump(), _seats()
    record = merge.merge_contacts(clock, plan_merge([home.id, ann.id], keep=home.id))
    moved = {cid for _i, _e, cid, _m in _seats()}
    assert ann.id not in moved and home.id in moved
    assert len(_seats()) == len(seats)  # nobody dropped from a meeting
    assert _people_at(clock) == {"Lunch about the workshop": {"Ann Home", "Bob Roe"},
                                 "Late call": {"Ann Home"}}
    merge.undo_merge(record)
    assert _seats() == seats and dump() == before


def test_a_seat_the_survivor_already_has_is_not_doubled_and_comes_back(people,
                                                                       calendar_file, clock):
    ann, bob = people
    _read(calendar_file, clock)
    before, seats = dump(), _seats()
    record = merge.merge_contacts(clock, plan_merge([ann.id, bob.id], keep=ann.id))
    lunch = [s for s in _seats() if s[3] in ("ann@example.com", "bob@example.com")]
    assert {s[2] for s in _seats()} == {ann.id}
    assert len(_seats()) == len(seats) - 1  # Bob's seat at the lunch Ann is at goes
    assert len({(e, c) for _i, e, c, _m in lunch}) == len(lunch)
    merge.undo_merge(record)
    assert _seats() == seats and dump() == before


def test_delete_and_undo_brings_the_seats_back(people, calendar_file, clock):
    ann, _bob = people
    _read(calendar_file, clock)
    before, seats = dump(), _seats()
    snap = snapshots.delete_contacts([ann.id])
    assert all(cid != ann.id for _i, _e, cid, _m in _seats())
    snapshots.restore_snapshot(snap)
    assert _seats() == seats and dump() == before
    assert _people_at(clock)["Late call"] == {"Ann Lee"}


def test_cli_merge_keeps_the_meeting(people, calendar_file, clock, db_path, capsys):
    _read(calendar_file, clock)
    assert main(["add", "--db", str(db_path), "Ann Lee (home)", "--email",
                 "ann.home@example.org"], clock=clock) == 0
    assert main(["merge", "--db", str(db_path), "ann@example.com", "ann.home@example.org",
                 "--keep", "ann.home@example.org"], clock=clock) == 0
    capsys.readouterr()
    assert main(["meetings", "--db", str(db_path), "--json"], clock=clock) == 0
    found = {m["summary"]: {p["name"] for p in m["people"]}
             for m in json.loads(capsys.readouterr().out)}
    assert found == {"Lunch about the workshop": {"Ann Lee (home)", "Bob Roe"},
                     "Late call": {"Ann Lee (home)"}}
