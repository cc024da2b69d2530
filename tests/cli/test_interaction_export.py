"""Interactions out: one VEVENT per event with an ATTENDEE per participant, read back by
``relmanager capture calendar`` into the same group event; CSV a row per participant."""

from __future__ import annotations

import csv
import io

import icalendar
import pytest

from relmanager.cli import main
from relmanager.domain.clock import FakeClock
from relmanager.store import db as store_db
from relmanager.store.models import Contact, Interaction


@pytest.fixture
def run(clock: FakeClock, capsys: pytest.CaptureFixture[str]):
    def call(*argv: str) -> str:
        code = main(list(argv), clock=clock)
        out, err = capsys.readouterr()
        assert code == 0, err
        return out
    return call


def _people(run, db: list[str], with_cy: bool = True) -> None:
    run("add", *db, "Ann Lee", "--email", "ann@example.com", "--stage", "friendship")
    run("add", *db, "Bo Chen", "--email", "bo@example.com", "--email", "bo@work.example")
    if with_cy:
        run("add", *db, "Cy Diaz", "--stage", "friendship")


def test_one_vevent_per_event_read_back_by_capture(run, tmp_path, clock) -> None:
    db = ["--db", str(tmp_path / "a.sqlite3")]
    _people(run, db)
    run("log", *db, "Ann Lee", "Bo Chen", "Cy Diaz", "--channel", "meeting", "--minutes",
        "90", "--when", "2026-02-20 19:30", "--note", "dinner at Rosa's")
    run("log", *db, "Bo Chen", "--channel", "phone", "--minutes", "15",
        "--when", "2026-02-25 10:00")
    out = tmp_path / "out.ics"
    assert "2 events" in run("export-interactions", *db, "ics", str(out))
    assert out.stat().st_mode & 0o777 == 0o600
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2
    dinner = events[0]
    attendees = dinner.get("ATTENDEE")
    assert [str(a) for a in attendees][:2] == ["mailto:ann@example.com",
                                               "mailto:bo@example.com"]
    assert [a.params["CN"] for a in attendees] == ["Ann Lee", "Bo Chen", "Cy Diaz"]
    assert str(attendees[2]).startswith("urn:x-relmanager:person:")
    assert dinner["DURATION"].dt.total_seconds() == 90 * 60
    assert str(dinner["DESCRIPTION"]) == "dinner at Rosa's"
    assert isinstance(events[1].get("ATTENDEE"), icalendar.vCalAddress)

    # Another database with Ann and Bo (by e-mail) reads it back as the same event.
    other = ["--db", str(tmp_path / "b.sqlite3")]
    _people(run, other, with_cy=False)
    run("me", *other, "--email", "me@example.org")
    assert "3 interactions with 2 people captured" in run("capture", "calendar", *other,
                                                          str(out))
    store_db.init_db(tmp_path / "b.sqlite3", clock=clock)
    rows = list(Interaction.select(Interaction, Contact).join(Contact)
                .order_by(Interaction.occurred_at, Interaction.id))
    group = [r for r in rows if r.occurred_at.day == 20]
    assert [r.contact.display_name for r in group] == ["Ann Lee", "Bo Chen"]
    assert group[0].group_key and group[0].group_key == group[1].group_key
    assert {r.minutes for r in group} == {90}
    assert group[0].occurred_at.strftime("%Y-%m-%d %H:%M") == "2026-02-20 19:30"
    assert [(r.contact.display_name, r.minutes, r.group_key) for r in rows if r not in group] \
        == [("Bo Chen", 15, None)]


def test_csv_is_a_row_per_participant_with_the_group(run, tmp_path) -> None:
    db = ["--db", str(tmp_path / "a.sqlite3")]
    _people(run, db)
    run("log", *db, "Ann Lee", "Bo Chen", "Cy Diaz", "--channel", "meeting",
        "--when", "2026-02-20 19:30", "--note", "=HYPERLINK(1)")
    run("log", *db, "Bo Chen", "--channel", "phone", "--when", "2026-02-25 10:00")
    out = tmp_path / "out.csv"
    assert "4 rows" in run("export-interactions", *db, "csv", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [r["Contact"] for r in rows] == ["Ann Lee", "Bo Chen", "Cy Diaz", "Bo Chen"]
    assert len({r["Group"] for r in rows[:3]}) == 1 and rows[3]["Group"] != rows[0]["Group"]
    assert rows[1]["Emails"] == "bo@example.com; bo@work.example"
    assert rows[0]["Source"] == "typed" and rows[0]["Note"] == "'=HYPERLINK(1)"
    assert rows[0]["Date"] == "2026-02-20 19:30" and rows[3]["Channel"] == "phone"
