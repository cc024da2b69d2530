"""Meeting briefs from the reminder service on a fake clock (issue 24, item 6): said at
exactly N minutes before a meeting with known people, once, never in quiet hours, never
for a meeting without contacts; "Log it" logs one group interaction, once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.interchange.calendar_upcoming import read_upcoming
from relmanager.services.reminder_meetings import meeting_id
from relmanager.store import capture, preferences, upcoming
from relmanager.store.errors import ValidationError
from relmanager.store.models import Interaction

LUNCH = datetime(2026, 3, 3, 14, 0)


@pytest.fixture
def kept(people, calendar_file, clock):
    occurrences = read_upcoming(calendar_file, capture.me_addresses(), clock.now())
    assert upcoming.replace_upcoming(str(calendar_file), occurrences, clock.now()) == 2
    return people




def _meetings(notifier):
    return [(t, v) for t, _b, v in notifier.shown if v.startswith("brief:")]


def test_only_meetings_with_contacts_are_kept(kept, clock):
    meetings = upcoming.upcoming(clock.now())
    assert [(m.summary, [n for _i, n in m.people]) for m in meetings] == [
        ("Lunch about the workshop", ["Ann Lee", "Bob Roe"]), ("Late call", ["Ann Lee"])]
    assert meetings[0].channel == "meeting" and meetings[0].minutes == 60
    assert meetings[1].channel == "video"


def test_brief_at_exactly_ten_minutes_before_and_once(kept, service, clock):
    svc, notifier = service
    svc.check()
    assert svc.wake_at is not None and svc.wake_at <= LUNCH - timedelta(minutes=10)
    clock.set(LUNCH - timedelta(minutes=10, seconds=1))
    svc.check()
    assert _meetings(notifier) == []
    clock.set(LUNCH - timedelta(minutes=10))
    svc.check()
    lunch = upcoming.upcoming(clock.now())[0]
    assert _meetings(notifier) == [("Meeting with Ann Lee and Bob Roe in 10 min: brief",
                                    f"brief:{lunch.id}")]
    assert meeting_id(notifier.shown[-1][2]) == lunch.id
    clock.advance(minutes=5)
    svc.check()
    assert len(_meetings(notifier)) == 1  # said once
    # The next wake-up is the late call's brief, at 22:50.
    assert svc.wake_at is not None


def test_the_lead_time_is_a_setting(kept, service, clock):
    svc, notifier = service
    preferences.save(meeting_brief_minutes=30)
    clock.set(LUNCH - timedelta(minutes=30))
    svc.check()
    assert [t for t, _v in _meetings(notifier)] == [
        "Meeting with Ann Lee and Bob Roe in 30 min: brief"]


def test_never_in_quiet_hours_nor_late(kept, service, clock):
    svc, notifier = service  # quiet hours 22:00 to 07:00 by default
    clock.set(datetime(2026, 3, 3, 22, 50))
    svc.check()
    clock.set(datetime(2026, 3, 3, 22, 55))
    svc.check()
    assert _meetings(notifier) == []


def test_never_when_reminders_are_off_or_snoozed(kept, service, clock):
    svc, notifier = service
    preferences.save(notifications_enabled=False)
    clock.set(LUNCH - timedelta(minutes=10))
    svc.check()
    preferences.save(notifications_enabled=True)
    svc.snooze_all(1)
    clock.advance(minutes=1)
    svc.check()
    assert _meetings(notifier) == []


def test_no_brief_for_a_meeting_without_known_attendees(people, service, clock):
    svc, notifier = service
    from relmanager.interchange.calendar_upcoming import UpcomingOccurrence
    stranger = UpcomingOccurrence("x@test", LUNCH, LUNCH + timedelta(hours=1), "Strangers",
                                  "meeting", 60, ("stranger@elsewhere.org",))
    assert upcoming.replace_upcoming("cal", [stranger], clock.now()) == 0
    clock.set(LUNCH - timedelta(minutes=10))
    svc.check()
    assert _meetings(notifier) == []


def test_log_it_once_as_one_group_interaction(kept, clock, calendar_file, capsys):
    from relmanager.cli import main

    lunch = upcoming.upcoming(clock.now())[0]
    clock.set(LUNCH + timedelta(minutes=30))
    with pytest.raises(ValidationError):
        upcoming.log_meeting(clock, lunch.id)  # not over yet
    clock.set(LUNCH + timedelta(hours=2))
    logged = upcoming.log_meeting(clock, lunch.id)
    rows = list(Interaction.select().where(Interaction.id.in_(logged.interactions)))
    assert len(rows) == 2 and len({r.group_key for r in rows}) == 1 and rows[0].group_key
    assert {r.minutes for r in rows} == {60}
    assert {r.channel.key for r in rows} == {"meeting"}
    assert {r.occurred_at for r in rows} == {LUNCH}
    assert upcoming.log_meeting(clock, lunch.id).interactions == ()  # a second click
    assert Interaction.select().count() == 2
    # Capturing the same calendar afterwards does not log the lunch again.
    db_path = Interaction._meta.database.obj.database
    assert main(["capture", "calendar", "--db", db_path, str(calendar_file)], clock=clock) == 0
    capsys.readouterr()
    assert Interaction.select().count() == 2


def test_log_it_is_offered_when_the_meeting_ends_once(kept, service, clock):
    svc, notifier = service
    clock.set(LUNCH - timedelta(minutes=10))
    svc.check()
    assert svc.wake_at == LUNCH + timedelta(hours=1)  # the lunch's end
    clock.set(LUNCH + timedelta(hours=1))
    svc.check()
    svc.check()
    lunch = upcoming.upcoming(clock.now() - timedelta(hours=1))[0]
    assert _meetings(notifier)[-1] == ("Meeting with Ann Lee and Bob Roe is over: Log it",
                                       f"brief:{lunch.id}")
    assert len(_meetings(notifier)) == 2


def test_no_log_prompt_for_a_logged_meeting(kept, service, clock):
    svc, notifier = service
    lunch = upcoming.upcoming(clock.now())[0]
    clock.set(LUNCH + timedelta(hours=1))
    upcoming.log_meeting(clock, lunch.id)
    svc.check()
    assert _meetings(notifier) == []
