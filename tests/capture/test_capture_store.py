"""Capture batches in the store: warmth, idempotence, undo, the schema step."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import peewee as pw
import pytest

from relmanager.domain.capture import CALENDAR, MAIL, Skipped, mail_candidates
from relmanager.domain.stages import Stage
from relmanager.interchange.calendar_in import read_calendar
from relmanager.interchange.mail_in import read_mail
from relmanager.store import activity, capture, migrations, rollup
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Contact, Interaction, database

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    clock.advance(timedelta(days=-60))  # known since early January
    ids = {name.split()[0].lower(): create_contact(clock, name, emails=[email],
                                                   stage=Stage.FRIENDSHIP).id
           for name, email in (("Ada Lovelace", "ada@example.com"),
                               ("Grace Hopper", "grace@example.com"),
                               ("Linus Torvalds", "linus@example.net"))}
    clock.advance(timedelta(days=60))
    capture.add_me(["Me@Example.org"])
    return ids


def _mail_plan(path: Path) -> capture.CapturePlan:
    scan = read_mail(path)
    skipped = Skipped()
    found = mail_candidates(scan.messages, capture.me_addresses(), skipped=skipped)
    return capture.plan_capture(MAIL, str(path), found, read=scan.seen, skipped=skipped,
                                problems=scan.problems)


def _contact(cid: int) -> Contact:
    return Contact.get_by_id(cid)


def test_received_only_is_recorded_but_does_not_reset_going_cold(people, clock) -> None:
    grace_before = _contact(people["grace"])
    plan = _mail_plan(FIXTURES / "thunderbird.mbox")
    capture.apply_capture(plan, clock)
    grace = _contact(people["grace"])
    ada = _contact(people["ada"])
    # Grace: <g1> only received (Feb 4), then the user wrote to her (<m2>, Feb 6).
    assert grace.last_interaction_at.date().isoformat() == "2026-02-06"
    assert grace.last_two_way_at.date().isoformat() == "2026-02-06"
    # Ada answered in the user's thread: two-way; her List-Id digest was left out.
    assert ada.last_two_way_at.date().isoformat() == "2026-02-06"
    assert grace.cooling_at > grace_before.cooling_at
    rows = {i.initiated_by for i in Interaction.select().where(
        Interaction.contact == people["ada"])}
    assert rows == {"me", "them"}


def test_only_received_mail_leaves_warmth_alone(people, clock, tmp_path) -> None:
    path = tmp_path / "in.mbox"
    path.write_bytes(b"From x Thu Jan  1 00:00:00 2026\nMessage-ID: <r@l.net>\n"
                     b"Date: Sun, 01 Mar 2026 08:00:00 +0000\nFrom: linus@example.net\n"
                     b"To: me@example.org\n\nhi\n")
    before = _contact(people["linus"])
    capture.apply_capture(_mail_plan(path), clock)
    linus = _contact(people["linus"])
    assert linus.last_interaction_at is not None
    assert linus.last_interaction_at.date().isoformat() == "2026-03-01"
    assert linus.last_two_way_at == before.last_two_way_at is None
    assert linus.cooling_at == before.cooling_at and linus.cold_at == before.cold_at


def test_rerun_captures_nothing_twice(people, clock) -> None:
    first = capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    count = Interaction.select().count()
    assert count == 6  # m1, a1 (Ada); g1 (Grace); m2 (Ada + Grace, one group); l1 (Linus)
    again = _mail_plan(FIXTURES / "thunderbird.mbox")
    assert again.rows == [] and again.already == 6
    assert capture.apply_capture(again, clock) != first
    assert Interaction.select().count() == count
    # The database itself refuses a second row for the same message and contact.
    item = CaptureItem.select().first()
    with pytest.raises(pw.IntegrityError):
        CaptureItem.create(batch=item.batch_id, contact=item.contact_id,
                           source_key=item.source_key)


def test_group_mail_is_one_group(people, clock) -> None:
    capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    key = CaptureItem.source_key == "<m2@example.org>"
    rows = list(Interaction.select().join(CaptureItem, on=(
        CaptureItem.interaction == Interaction.id)).where(key))
    assert {r.contact_id for r in rows} == {people["ada"], people["grace"]}
    assert rows[0].group_key and rows[0].group_key == rows[1].group_key


def _group_uids(source_key: str) -> dict[str, str | None]:
    rows = (Interaction.select(Contact.uid, Interaction.uid.alias("row_uid"))
            .join(CaptureItem, on=(CaptureItem.interaction == Interaction.id))
            .switch(Interaction).join(Contact)
            .where(CaptureItem.source_key == source_key).dicts())
    return {r["uid"]: r["row_uid"] for r in rows}


def test_a_captured_group_syncs_as_one_entry_whoever_leads(db_path, tmp_path, clock) -> None:
    """Two devices hold the same people under different local ids (pulled in another
    order): each captures the same group mail, and the one row that carries the group's
    entry (its lead) has the same uid on both, so a sync pairs them instead of adding a
    second entry; the group's other rows carry none."""
    found = []
    for path, order in ((db_path, ("ada", "grace")), (tmp_path / "b.sqlite3",
                                                      ("grace", "ada"))):
        init_db(path, clock=clock)
        try:
            for name in order:  # the same people (same uids) under other local ids
                made = create_contact(clock, name.title(), emails=[f"{name}@example.com"],
                                      stage=Stage.FRIENDSHIP)
                Contact.update(uid=name).where(Contact.id == made.id).execute()
            capture.add_me(["Me@Example.org"])
            capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
            found.append(_group_uids("<m2@example.org>"))
        finally:
            close_db()
    for uids in found:
        assert sorted(uids) == ["ada", "grace"]
        assert sum(uid is not None for uid in uids.values()) == 1
    lead_a = next(u for u in found[0].values() if u)
    lead_b = next(u for u in found[1].values() if u)
    assert lead_a == lead_b
    # The leads differ (Ada's row on one device, Grace's on the other): the uid does not.
    assert [k for k, v in found[0].items() if v] != [k for k, v in found[1].items() if v]


def test_undo_removes_exactly_its_rows(people, clock) -> None:
    typed = activity.log_interaction(clock, [people["ada"]], "phone",
                                     occurred_at=clock.now() - timedelta(days=50)).interaction_ids
    before = _contact(people["ada"])
    mail = capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    cal = capture.apply_capture(_calendar_plan(clock), clock)
    in_cal = Interaction.select().count() - 6 - 1
    assert in_cal > 0
    undone = capture.undo_capture(clock, mail)
    assert undone.removed == 6
    assert Interaction.select().count() == 1 + in_cal
    assert Interaction.get_or_none(Interaction.id == typed[0]) is not None
    undone = capture.undo_capture(clock)  # the latest: the calendar
    assert undone.batch_id == cal and undone.removed == in_cal
    ada = _contact(people["ada"])
    assert (ada.last_interaction_at, ada.last_two_way_at, ada.cooling_at) == (
        before.last_interaction_at, before.last_two_way_at, before.cooling_at)
    with pytest.raises(ValidationError, match="already undone"):
        capture.undo_capture(clock, mail)
    with pytest.raises(NotFoundError):
        capture.undo_capture(clock)
    # Undone, so a new run may capture the same messages again.
    assert len(_mail_plan(FIXTURES / "thunderbird.mbox").rows) == 5


def test_deleted_by_hand_is_not_captured_again(people, clock) -> None:
    capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    first = Interaction.select().order_by(Interaction.id).first()
    activity.delete_interactions([first.id])
    assert _mail_plan(FIXTURES / "thunderbird.mbox").rows == []


def test_own_addresses_never_match_a_contact(people, clock) -> None:
    me_as_contact = create_contact(clock, "Me", emails=["me@example.org"]).id
    capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    assert not Interaction.select().where(Interaction.contact == me_as_contact).exists()


def _calendar_plan(clock) -> capture.CapturePlan:
    scan = read_calendar(FIXTURES / "meetings.ics", capture.me_addresses(), clock.now())
    return capture.plan_capture(CALENDAR, "meetings.ics", scan.candidates,
                                read=scan.occurrences, skipped=scan.skipped,
                                problems=scan.problems)


def test_calendar_events_become_group_interactions(people, clock) -> None:
    plan = _calendar_plan(clock)
    capture.apply_capture(plan, clock)
    rows = list(Interaction.select(Interaction, CaptureItem.source_key).join(
        CaptureItem, on=(CaptureItem.interaction == Interaction.id)).order_by(
        Interaction.occurred_at, Interaction.contact).objects())
    seen = [(r.source_key, r.contact_id, r.channel.key, r.minutes) for r in rows]
    ada, grace, linus = people["ada"], people["grace"], people["linus"]
    assert seen == [
        ("standup@example.org|20260202T090000Z", ada, "video", 15),
        ("standup@example.org|20260202T090000Z", linus, "video", 15),
        ("standup@example.org|20260209T090000Z", ada, "video", 30),  # moved occurrence
        ("standup@example.org|20260209T090000Z", linus, "video", 30),
        ("lunch-1@example.org", ada, "meeting", 60),  # Grace declined
        ("call@example.org", linus, "phone", 20),
        ("standup@example.org|20260216T090000Z", ada, "video", 15),
        ("standup@example.org|20260216T090000Z", linus, "video", 15),
    ]
    assert not Interaction.select().where(Interaction.contact == grace).exists()
    assert plan.skipped.reasons == {"event cancelled": 1}
    assert _calendar_plan(clock).rows == []  # each occurrence once


def test_schema_step_upgrades_a_version_7_database(db_path: Path, clock) -> None:
    init_db(db_path, clock=clock)
    close_db()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE capture_item")
    conn.execute("DROP TABLE capture_batch")
    step = migrations.STEPS.index(migrations.capture_tables)  # the version before it
    conn.execute(f"PRAGMA user_version = {step + 1}")
    conn.commit()
    conn.close()
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert CaptureBatch.select().count() == 0 and "capture_item" in db.get_tables()


def _sums() -> set[tuple]:
    return set(database.execute_sql(
        "SELECT grain, period, channel_id, sphere, stage, n, minutes FROM interaction_rollup "
        "WHERE n != 0").fetchall())


def _rebuilt_sums() -> set[tuple]:
    with database.atomic() as transaction:
        rollup.rebuild(database)
        fresh = _sums()
        transaction.rollback()
    return fresh


def test_capture_keeps_the_timeline_sums_and_never_gives_an_id_twice(people, clock) -> None:
    """The bulk write adds the timeline's sums once, grouped (not by the per-row
    trigger): they equal a fresh count after capture, after undo and after a re-run, and
    the rows' ids follow AUTOINCREMENT's rule, an undone run's ids never given again."""
    activity.log_interaction(clock, [people["ada"]], "phone", minutes=10)
    before = _sums()
    mail = capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    cal = capture.apply_capture(_calendar_plan(clock), clock)
    assert _sums() != before
    assert _sums() == _rebuilt_sums()
    (last,) = database.execute_sql("SELECT max(id) FROM interaction").fetchone()
    items = database.execute_sql("SELECT count(*) FROM capture_item ci JOIN interaction i "
                                 "ON i.id = ci.interaction_id").fetchone()[0]
    assert items == Interaction.select().count() - 1  # every row has its item
    capture.undo_capture(clock, cal)
    capture.undo_capture(clock, mail)
    assert _sums() == before
    capture.apply_capture(_mail_plan(FIXTURES / "thunderbird.mbox"), clock)
    ids = sorted(i for (i,) in database.execute_sql(
        "SELECT interaction_id FROM capture_item WHERE interaction_id IS NOT NULL"))
    assert ids == list(range(last + 1, last + 1 + len(ids)))
    assert _sums() == _rebuilt_sums()
