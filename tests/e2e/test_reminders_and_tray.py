"""Journeys through the tray and the reminders, on the app's own clock started at a
chosen moment and run faster (RELMANAGER_FAKE_NOW, RELMANAGER_CLOCK_RATE): what the user
sees is the notification, so that is what is checked (never the service's internals)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AppProcess

pytestmark = pytest.mark.slow

MONDAY_9 = "2026-03-02T09:00:00"


def _met_and_seen(app: AppProcess, name: str, when: str, stage: str = "development") -> None:
    """A person met and last spoken to at ``when`` (the CLI run at that moment)."""
    app.cli("add", name, "--stage", stage, at=when)
    app.cli("log", name, "--channel", "phone", "--when", when.replace("T", " ")[:16], at=when)


def test_snoozed_going_cold_contact_is_never_named_again(app_factory):
    # Development: cooling after 21 days, cold after 45. At Monday 09:00 both are going
    # cold; Ada turns cold 36 fake hours later, Grace 48: at 5184x, ~25 s and ~33 s.
    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW=MONDAY_9, RELMANAGER_CLOCK_RATE="5184")
    _met_and_seen(app, "Ada Lovelace", "2026-01-17T21:00:00")
    _met_and_seen(app, "Grace Hopper", "2026-01-18T09:00:00")
    app.start()
    first = app.wait_for("notification", timeout=30)  # the catch-up: both going cold
    assert "Ada Lovelace" in first["title"] + first["body"]
    menu = app.tray_menu()
    app.choose(menu, "Going cold", submenu=True)
    cold = app.wait_for("menu", state="opened", title="Going cold")
    app.choose(cold, "Ada Lovelace", submenu=True)
    person = app.wait_for("menu", state="opened", title="Ada Lovelace")
    app.choose(person, "Snooze 1 week")
    app.wait_for("menu", state="closed", title="")
    snoozed = app.sql("SELECT subject, snoozed_until FROM notification_state "
                      "WHERE snoozed_until IS NOT NULL")
    ada = next(c for c in app.contacts() if c["name"] == "Ada Lovelace")
    assert [row["subject"] for row in snoozed] == [str(ada["id"])]
    after_snooze = app.mark()
    # Grace turning cold is announced (the service is alive and reminding) ...
    grace = app.wait_for("notification", timeout=60,
                         title=lambda t: "Grace Hopper" in (t or ""))
    # ... and Ada, cold before her, was never named again.
    app.ensure_not_logged("notification", since=after_snooze,
                          title=lambda t: "Ada" in (t or ""))
    app.ensure_not_logged("notification", since=after_snooze,
                          body=lambda t: "Ada" in (t or ""))
    assert "gone cold" in grace["body"]  # cold, in other words than cooling
    passes = [p for p in app.events("reminder_pass") if p["now"] >= "2026-03-03 21:00"]
    assert passes, "no reminder pass ran after Ada turned cold"


def test_quiet_hours_hold_a_due_reminder_until_they_end(app_factory):
    # 23:00 on the default quiet hours (22:00-07:00), a follow-up already due. At 1800x
    # the night passes in ~16 s; the held reminder comes after it (in the morning's
    # digest), not during it.
    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW="2026-03-02T23:00:00",
                                  RELMANAGER_CLOCK_RATE="1800")
    app.cli("add", "Ada Lovelace", "--stage", "development", at="2026-02-20T10:00:00")
    app.cli("log", "Ada Lovelace", "--channel", "one_on_one", "--follow-up",
            "send the paper", "--follow-up-in", "3", at="2026-02-20T10:00:00")
    app.start()
    quiet_pass = app.wait_for("reminder_pass", timeout=30)
    assert quiet_pass["now"] < "2026-03-03 07:00" and quiet_pass["shown"] == []
    held = app.wait_for("notification", timeout=60, body=lambda t: "send the paper" in (t or ""))
    assert held is not None
    shown_at = app.wait_for("reminder_pass", shown=bool)["now"]
    assert shown_at >= "2026-03-03 07:00", f"shown during quiet hours, at {shown_at}"
    app.ensure_not_logged("notification", since=0,
                          body=lambda t: "send the paper" not in (t or ""))


def test_a_time_box_started_from_the_tray_ends_with_a_prompt(app_factory):
    # A 15-minute box (the default small size) at 60x: a quarter of a minute.
    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW=MONDAY_9, RELMANAGER_CLOCK_RATE="60")
    _met_and_seen(app, "Ada Lovelace", "2026-01-17T21:00:00")
    app.start()
    menu = app.tray_menu()
    app.choose(menu, "Start time box")
    app.wait_for("menu", state="closed", title="")
    # Starting says whom to spend it on: Ada is going cold.
    started = app.wait_for("notification", title=lambda t: "Time box started" in (t or ""))
    assert "Try Ada Lovelace" in started["body"]
    rows = app.sql("SELECT planned_minutes, ended_at FROM time_box_session")
    assert rows == [{"planned_minutes": 15, "ended_at": None}]
    prompt = app.wait_for("notification", timeout=90,
                          title=lambda t: "Time box over" in (t or ""))
    assert prompt["view"] == "log"
    ended_pass = app.wait_for("reminder_pass", shown=lambda s: "Time box over" in str(s))
    assert ended_pass["now"] >= "2026-03-02 09:15"
    ended = app.sql("SELECT id, ended_at FROM time_box_session")
    assert ended[0]["ended_at"] is not None
    # With the window on screen its end asks at once, with the box's minutes: typed
    # answers go to the dialog, and the log counts toward the box (the week's minutes).
    app.wait_for("dialog", state="active", title="Time box over: what did you do?")
    app.type("Ada")
    app.key("Return", "Return")
    app.wait_for("dialog", state="closed", title="Time box over: what did you do?")
    logged = app.sql("SELECT minutes, timebox_session_id FROM interaction "
                     "WHERE timebox_session_id IS NOT NULL")
    assert logged == [{"minutes": 15, "timebox_session_id": ended[0]["id"]}]


#: A second process records introductions (no command line does), each made at
#: ``argv[2]``: ``argv[3:]`` are "requester,target,introducer" by name, empty for the user.
_INTRODUCE = """
import sys
from datetime import datetime
from relmanager.domain.clock import FakeClock
from relmanager.domain.introductions import IntroStatus
from relmanager.store import db, introductions
from relmanager.store.models import Contact

clock = FakeClock(datetime.fromisoformat(sys.argv[2]))
db.init_db(sys.argv[1], clock=clock)
ids = {c.display_name: c.id for c in Contact.select()}
for people in sys.argv[3:]:
    requester, target, introducer = (ids.get(n) for n in people.split(","))
    made = introductions.create_introduction(clock, requester_id=requester,
                                             target_id=target, introducer_id=introducer)
    introductions.advance(clock, made.id, IntroStatus.MADE)
db.close_db()
"""


def _introduce(app: AppProcess, made: str, *people: str) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", _INTRODUCE, str(app.db), made, *people],
                   env=app.env, check=True, timeout=60)


def test_a_made_introduction_is_followed_up_in_the_digest_and_the_tray(app_factory):
    """Section 7: the loop is closed as introducer and as the one introduced. Made two
    weeks and an hour before the app's morning, both check-ins are in its first digest
    and under the tray menu's Introductions."""

    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW=MONDAY_9, RELMANAGER_CLOCK_RATE="60")
    made = "2026-02-16T08:00:00"
    # Four people: the digest names each person once, and a reminder is filed under the
    # person it is about (the introducer, when you are the one introduced).
    for name in ("Ana Alves", "Ben Berg", "Cleo Cruz", "Dan Dias"):
        app.cli("add", name, "--stage", "development", at=made)
    # Ana introduced to Ben by the user; the user introduced to Cleo by Dan.
    _introduce(app, made, "Ana Alves,Ben Berg,", ",Cleo Cruz,Dan Dias")
    app.start()
    digest = app.wait_for("notification", timeout=30)
    text = digest["title"] + "\n" + digest["body"]
    assert "ask Ana Alves and Ben Berg how the introduction went" in text
    assert "report back to Dan Dias on meeting Cleo Cruz" in text
    assert digest["view"] == "today"
    menu = app.tray_menu()
    assert "Introductions (2)" in menu["items"]
    app.choose(menu, "Introductions (2)", submenu=True)
    intros = app.wait_for("menu", state="opened", title="Introductions (2)")
    assert any("how the introduction went" in item for item in intros["items"])
    app.key("Escape", "Escape")


def test_two_reminders_about_one_person_are_both_in_the_digest_under_one_name(app_factory):
    """Ben is going cold and the introduction of Ana to Ben is due its check-in: the
    digest says both, Ben named once ("Ben Berg — Ana Alves → Ben Berg: close the loop:
    ... (due today); and cooling (...)"), as the tray lists both. The digest said the
    first and dropped the second."""
    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW=MONDAY_9, RELMANAGER_CLOCK_RATE="60")
    made = "2026-02-16T08:00:00"
    # Making the introduction is a give to Ben: an encounter (every 2 weeks) cools 14
    # days after it, the hour its check-in is due.
    _met_and_seen(app, "Ben Berg", "2026-01-17T21:00:00", stage="encounter")
    app.cli("add", "Ana Alves", "--stage", "development", at=made)
    _introduce(app, made, "Ana Alves,Ben Berg,")  # the user introduces Ana to Ben
    app.start()
    digest = app.wait_for("notification", timeout=30)
    lines = digest["body"].split("\n")
    ben = [line for line in lines if "Ben Berg" in line]
    assert len(ben) == 1, lines
    # The check-in ranks first (a promise with a date), the silence after it.
    assert ben[0] == ("Ben Berg — Ana Alves → Ben Berg: close the loop: ask Ana Alves and "
                      "Ben Berg how the introduction went (due today); and cooling "
                      "(usually every 2 weeks; now 14 days)"), ben
    assert digest["title"] == "Today: Ben Berg"  # the person, not "Today: Ana Alves → Ben Berg"
    menu = app.tray_menu()
    assert "Going cold (1)" in menu["items"] and "Introductions (1)" in menu["items"]
    app.key("Escape")
