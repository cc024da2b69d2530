"""Reading coming meetings from a calendar (issue 24, item 6): the same occurrence key as
capture, so a recurring meeting logged with "Log it" is not captured again later."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.interchange.calendar_in import scan_calendar
from relmanager.interchange.calendar_upcoming import scan_upcoming
from relmanager.store import upcoming

ME = frozenset({"me@example.org"})
WEEKLY = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:weekly@test\r
DTSTAMP:20260301T000000Z\r
DTSTART:20260303T100000\r
DTEND:20260303T103000\r
RRULE:FREQ=WEEKLY;COUNT=10\r
SUMMARY:Weekly sync\r
LOCATION:https://meet.jit.si/weekly\r
ATTENDEE:mailto:ann@example.com\r
ATTENDEE:mailto:me@example.org\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:allday@test\r
DTSTAMP:20260301T000000Z\r
DTSTART;VALUE=DATE:20260305\r
ATTENDEE:mailto:ann@example.com\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:i-declined@test\r
DTSTAMP:20260301T000000Z\r
DTSTART:20260305T100000\r
DTEND:20260305T110000\r
ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org\r
ATTENDEE:mailto:ann@example.com\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_recurring_occurrences_keep_captures_key_and_the_horizon():
    now = datetime(2026, 3, 2, 9, 0)
    found = scan_upcoming(WEEKLY, ME, now)
    assert [o.starts_at for o in found] == [datetime(2026, 3, 3, 10), datetime(2026, 3, 10, 10)]
    assert {o.channel for o in found} == {"video"} and {o.minutes for o in found} == {30}
    assert found[0].addresses == ("ann@example.com",)  # never the user
    later = scan_calendar(WEEKLY, ME, datetime(2026, 3, 4, 9, 0))
    assert [c.source_key for c in later.candidates] == [found[0].key]


def test_log_it_then_capture_is_one_interaction(people, clock, db_path, tmp_path, capsys):
    from relmanager.cli import main
    from relmanager.store.models import Interaction

    ann, _bob = people
    ics = tmp_path / "weekly.ics"
    ics.write_bytes(WEEKLY)
    upcoming.replace_upcoming(str(ics), scan_upcoming(WEEKLY, ME, clock.now()), clock.now())
    first = upcoming.upcoming(clock.now())[0]
    clock.set(first.ends_at + timedelta(minutes=5))
    assert len(upcoming.log_meeting(clock, first.id).interactions) == 1
    assert main(["capture", "calendar", "--db", str(db_path), str(ics)], clock=clock) == 0
    assert "1 already captured before" in capsys.readouterr().out
    assert Interaction.select().where(Interaction.contact == ann.id).count() == 1


def test_the_capture_page_run_keeps_a_calendars_coming_meetings(people, clock, tmp_path):
    """The Capture page's (and the periodic capture's) run reads a calendar source forward
    too, so a user who only uses the window gets the meeting briefs; a source that
    cannot be read forward is a problem line of its plan, not a silent nothing."""
    from relmanager.services import capture_job, capture_sources

    ics = tmp_path / "weekly.ics"
    ics.write_bytes(WEEKLY)
    sources = [capture_sources.Source("ics", str(ics))]
    found, _batches = capture_job.capture_work(sources, clock)(lambda *_: None, lambda: False)
    assert found.upcoming[str(ics)]
    assert [m.starts_at for m in upcoming.upcoming(clock.now())] == [
        datetime(2026, 3, 3, 10), datetime(2026, 3, 10, 10)]
    ics.unlink()
    _coming, problems = capture_sources.upcoming_of(sources[0], ME, clock.now())
    assert problems and "coming meetings not read" in problems[0]
