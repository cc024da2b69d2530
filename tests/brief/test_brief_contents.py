"""What a person's brief says (issue 24, item 6): intent, how you met, common ground,
the last three interactions, open follow-ups and asks, give and take, introductions under
way and stage; the same through ``relmanager brief CONTACT [--json]``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from relmanager.cli import main
from relmanager.domain.brief import brief_text
from relmanager.domain.reciprocity import Exchange
from relmanager.store.activity import log_interaction
from relmanager.store.brief_reads import person_brief
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up, set_done
from relmanager.store.introductions import create_introduction


def _history(clock, ann, bob):
    now = clock.now()
    for days, channel, exchange, note in (
            (40, "email", Exchange.NEUTRAL, "first mail"),
            (30, "phone", Exchange.GIVE, "sent the slides"),
            (20, "meeting", Exchange.ASK, "asked for a venue contact"),
            (10, "video", Exchange.NEUTRAL, "planning call")):
        log_interaction(clock, [ann.id], channel, occurred_at=now - timedelta(days=days),
                        exchange=exchange, note=note, minutes=30)
    log_interaction(clock, [ann.id, bob.id], "meeting", occurred_at=now - timedelta(days=2),
                    note="dinner after the meetup", minutes=90)
    create_follow_up(clock, ann.id, "Send the agenda", now + timedelta(days=3))
    done = create_follow_up(clock, ann.id, "Old promise", now - timedelta(days=5))
    set_done(clock, done.id)
    cy = create_contact(clock, "Cy Moe")
    create_introduction(clock, requester_id=ann.id, target_id=cy.id)


def test_brief_holds_every_part(people, clock):
    ann, bob = people
    _history(clock, ann, bob)
    brief = person_brief(ann.id, clock.now())
    assert brief.stage == "friendship" and brief.intent == "co-organise the spring workshop"
    assert brief.how_met == "conference talk" and brief.where_met == "Lund"
    assert brief.common_ground == ("python", "workshops")
    assert [i.note for i in brief.last_interactions] == [
        "dinner after the meetup", "planning call", "asked for a venue contact"]
    assert brief.last_interactions[0].with_others == 1  # the group dinner with Bob
    assert [f.title for f in brief.follow_ups] == ["Send the agenda"]
    assert [a.note for a in brief.asks] == ["asked for a venue contact"]
    assert (brief.balance.gives, brief.balance.asks) == (1, 1)
    assert brief.introductions == ("Ann Lee → Cy Moe (through you): requested",)
    text = brief_text(brief)
    for part in ("Ann Lee", "Stage: Friendship", "Intent: co-organise the spring workshop",
                 "How you met: conference talk in Lund", "Common ground: python, workshops",
                 "dinner after the meetup", "follow-up: Send the agenda",
                 "your ask:", "1 given, 1 asked", "Ann Lee → Cy Moe"):
        assert part in text, part
    assert "first mail" not in text  # only the last three
    assert "Old promise" not in text  # done


def test_brief_of_someone_new_says_what_is_missing(people, clock):
    _ann, bob = people
    text = brief_text(person_brief(bob.id, clock.now()))
    assert "Last interactions: none yet" in text
    assert "Open follow-ups and asks: none" in text
    assert "Introductions under way: none" in text


def test_brief_command_text_and_json(people, clock, db_path, capsys):
    ann, bob = people
    _history(clock, ann, bob)
    assert main(["brief", "--db", str(db_path), "Ann Lee"], clock=clock) == 0
    out = capsys.readouterr().out
    assert "Common ground: python, workshops" in out
    assert main(["brief", "--db", str(db_path), "ann@example.com", "--json"], clock=clock) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Ann Lee" and data["stage"] == "friendship"
    assert data["common_ground"] == ["python", "workshops"]
    assert len(data["last_interactions"]) == 3
    assert data["follow_ups"][0]["title"] == "Send the agenda"
    assert data["balance"]["gives"] == 1 and data["balance"]["summary"]
    assert datetime.fromisoformat(data["last_interactions"][0]["occurred_at"])
    assert main(["brief", "--db", str(db_path), "nobody here"], clock=clock) == 1
    assert "no contact matches" in capsys.readouterr().err


def test_meetings_and_log_meeting_commands(people, clock, db_path, calendar_file, capsys):
    db = str(db_path)
    assert main(["capture", "calendar", "--db", db, str(calendar_file)], clock=clock) == 0
    assert "2 coming meetings with contacts kept" in capsys.readouterr().out
    assert main(["meetings", "--db", db, "--json"], clock=clock) == 0
    meetings = json.loads(capsys.readouterr().out)
    assert [m["summary"] for m in meetings] == ["Lunch about the workshop", "Late call"]
    clock.set(datetime(2026, 3, 3, 16, 0))
    first = str(meetings[0]["id"])
    assert main(["log-meeting", "--db", db, first], clock=clock) == 0
    assert "logged with 2 people" in capsys.readouterr().out
    assert main(["log-meeting", "--db", db, first], clock=clock) == 0
    assert "logged already; nothing written" in capsys.readouterr().out


def test_schema_step_adds_the_tables_and_indexes_to_an_older_database(db_path, clock):
    import sqlite3

    from relmanager.store import migrations
    from relmanager.store.db import close_db, init_db

    init_db(db_path, clock=clock)
    close_db()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE upcoming_participant")
    conn.execute("DROP TABLE upcoming_event")
    for statement in migrations.OCCASION_INDEXES:
        conn.execute(f"DROP INDEX {statement.split()[5]}")
    step = migrations.STEPS.index(migrations.upcoming_events_and_occasions) + 1
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    conn.close()
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert {"upcoming_event", "upcoming_participant"} <= set(db.get_tables())
    names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"contact_birthday_md", "interaction_occurred_md"} <= names
    migrations.upcoming_events_and_occasions(db)  # idempotent
