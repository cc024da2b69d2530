"""Exports: the vCard round trip (export, import into an empty database, same contacts),
CSV cells neutralised against formulas, iCalendar that parses back, private atomic files."""

from __future__ import annotations

import csv
import stat
from datetime import date, timedelta

import icalendar
import pytest

from relmanager.domain.stages import Stage
from relmanager.interchange import parse_file
from relmanager.store import exporter, importer
from relmanager.store.contacts import create_contact, tags_of, update_contact
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import OperationCancelledError
from relmanager.store.models import Contact, FollowUp, TimeBoxPlan


def _network(clock) -> list[int]:
    ada = create_contact(clock, "Ada Lovelace", emails=[("ada@example.org", "work")],
                         phones=[("+44 20 1234", "mobile")], organisation="Engines",
                         title="Analyst", tags=["math", "PyData"], stage=Stage.FRIENDSHIP,
                         intent="co-author a paper", how_met="conference",
                         where_met="London", met_on=date(2024, 5, 1), sphere="both",
                         cadence_days=21, notes="Line one\nLine, two; three",
                         links=[("linkedin", "https://www.linkedin.com/in/ada")])
    bo = create_contact(clock, "Bo Berg", emails=["bo@example.org"], stage=Stage.RECOGNITION,
                        tags=["math"], birthday="--07-10")
    update_contact(clock, bo.id, introduced_by=ada.id)
    cy = create_contact(clock, "=cmd|' /C calc'!A0", organisation="+SUM(A1)",
                        notes="@import evil", stage=Stage.PARKED)
    return [ada.id, bo.id, cy.id]


def _fields(contact: Contact) -> tuple:
    return (contact.display_name, contact.stage, contact.intent, contact.sphere,
            contact.organisation, contact.title, contact.how_met, contact.where_met,
            str(contact.met_on), contact.cadence_days, contact.notes, contact.birthday,
            sorted(e.email for e in contact.emails), sorted(tags_of(contact.id)))


def test_vcard_round_trip_into_an_empty_database(db, clock, tmp_path):
    ids = _network(clock)
    before = [_fields(Contact.get_by_id(i)) for i in ids]
    introducer_of_bo = Contact.get_by_id(ids[1]).introduced_by.display_name
    target = tmp_path / "all.vcf"
    assert exporter.export_contacts("vcard", target, ids) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    close_db()
    init_db(tmp_path / "fresh.sqlite3", clock=clock)
    result = parse_file(target)
    assert result.problems == [] and len(result.contacts) == 3
    importer.apply_plan(importer.plan_import(result, target.name), clock)
    after = {c.display_name: _fields(c) for c in Contact.select()}
    assert [after[b[0]] for b in before] == before
    bo = Contact.get(Contact.display_name == "Bo Berg")
    assert bo.introduced_by.display_name == introducer_of_bo


def test_csv_neutralises_formulas_and_keeps_text(db, clock, tmp_path):
    ids = _network(clock)
    target = tmp_path / "contacts.csv"
    exporter.export_contacts("csv", target, ids)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "Name" and len(rows) == 4
    evil = rows[3]
    assert evil[0].startswith("'=") and evil[5] == "'+SUM(A1)"
    assert evil[rows[0].index("Notes")] == "'@import evil"
    ada = rows[1]
    assert ada[3] == "ada@example.org" and ada[9] == "math; PyData" and ada[7] == "friendship"


def test_icalendar_has_follow_ups_with_alarms_and_weekly_boxes(db, clock, tmp_path):
    ada = create_contact(clock, "Ada")
    FollowUp.create(contact=ada, title="Send the paper", due_at=clock.now() + timedelta(days=2))
    FollowUp.create(contact=ada, title="Done already", due_at=clock.now(),
                    done_at=clock.now())
    TimeBoxPlan.create(minutes=30, weekdays="0,2,4", start_time="08:30")
    target = tmp_path / "plan.ics"
    assert exporter.export_calendar(target, clock.now()) == (1, 1)
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    todos = list(cal.walk("VTODO"))
    events = list(cal.walk("VEVENT"))
    assert len(todos) == 1 and "Send the paper" in str(todos[0]["summary"])
    assert todos[0].walk("VALARM")
    rule = events[0]["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and sorted(rule["BYDAY"]) == ["FR", "MO", "WE"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_cancel_leaves_no_file_and_an_older_export_intact(db, clock, tmp_path, monkeypatch):
    monkeypatch.setattr(exporter, "CHUNK", 1)
    ids = _network(clock)
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "all.vcf"
    target.write_text("older export")
    calls: list[int] = []
    with pytest.raises(OperationCancelledError):
        exporter.export_contacts("vcard", target, ids, progress=lambda d, _t: calls.append(d),
                                 cancelled=lambda: len(calls) >= 2)
    assert target.read_text() == "older export"
    assert [p.name for p in out.iterdir()] == ["all.vcf"]  # no temporary file left
