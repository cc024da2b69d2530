"""Calendar files for capture: occurrences, keys, and hostile files in bounded time."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from relmanager.interchange import calendar_in
from relmanager.interchange.calendar_in import CalendarError, read_calendar, scan_calendar

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 3, 2, 9, 0)
ME = frozenset({"me@example.org"})


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n".encode()


def test_fixture_occurrences_and_keys() -> None:
    scan = read_calendar(FIXTURES / "meetings.ics", ME, NOW)
    keys = [c.source_key for c in scan.candidates]
    assert keys == ["standup@example.org|20260202T090000Z", "standup@example.org|20260209T090000Z",
                    "lunch-1@example.org", "call@example.org",
                    "standup@example.org|20260216T090000Z"]
    lunch = scan.candidates[2]
    assert lunch.addresses == ("ada@example.com",) and lunch.note == "Lunch at Café Central"
    assert scan.problems == []


def test_too_frequent_and_too_many_occurrences_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(calendar_in, "MAX_OCCURRENCES", 2000)
    data = _ics("UID:sec\r\nDTSTART:20200101T000000Z\r\nDTEND:20200101T000001Z\r\n"
                "RRULE:FREQ=SECONDLY\r\nATTENDEE:mailto:a@x.org",
                "UID:hourly\r\nDTSTART:20250101T000000Z\r\nDTEND:20250101T003000Z\r\n"
                "RRULE:FREQ=HOURLY\r\nATTENDEE:mailto:a@x.org")
    started = time.monotonic()
    scan = scan_calendar(data, ME, NOW)
    assert time.monotonic() - started < 20
    assert len(scan.candidates) == 2000
    assert scan.problems[0] == "event 'sec' repeats every second or minute; left out"
    assert scan.problems[1].startswith("more than 2000 past occurrences; the rest (from 2025-")


def test_not_a_calendar(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="is not a calendar file"):
        scan_calendar(b"\x00\xffjunk", ME, NOW)
    with pytest.raises(CalendarError, match=r"missing\.ics does not exist"):
        read_calendar(tmp_path / "missing.ics", ME, NOW)
    big = tmp_path / "big.ics"
    with big.open("wb") as out:
        out.truncate(calendar_in.MAX_ICS_BYTES + 1)
    with pytest.raises(CalendarError, match="larger than 50 MB"):
        read_calendar(big, ME, NOW)


def test_event_without_uid_gets_a_stable_key() -> None:
    data = _ics("DTSTART:20260201T100000Z\r\nDTEND:20260201T110000Z\r\nSUMMARY:x\r\n"
                "ATTENDEE:mailto:a@x.org")
    first = scan_calendar(data, ME, NOW).candidates[0].source_key
    assert first == scan_calendar(data, ME, NOW).candidates[0].source_key
    assert first.startswith("sha256-")


def test_one_off_events_skip_the_expansion_and_keep_their_order(monkeypatch) -> None:
    """Expanding a one-off event through recurring-ical-events was most of a large
    calendar's capture time: only series (and their exceptions) go through it now, and
    the one-offs are merged back in start order."""
    given: list[str] = []
    real_of = calendar_in.recurring_ical_events.of

    def spy(calendar, *args, **kwargs):
        given.extend(str(e.get("UID")) for e in calendar.walk("VEVENT"))
        return real_of(calendar, *args, **kwargs)

    monkeypatch.setattr(calendar_in.recurring_ical_events, "of", spy)
    data = _ics("UID:weekly\r\nDTSTART:20260105T090000Z\r\nDTEND:20260105T093000Z\r\n"
                "RRULE:FREQ=WEEKLY;COUNT=3\r\nATTENDEE:mailto:a@x.org",
                "UID:late\r\nDTSTART:20260115T100000Z\r\nDTEND:20260115T110000Z\r\n"
                "ATTENDEE:mailto:b@x.org",
                "UID:early\r\nDTSTART:20260101T100000Z\r\nDURATION:PT1H\r\n"
                "ATTENDEE:mailto:b@x.org",
                "UID:excluded\r\nDTSTART:20260102T100000Z\r\nEXDATE:20260102T100000Z\r\n"
                "ATTENDEE:mailto:b@x.org",
                "UID:future\r\nDTSTART:20270101T100000Z\r\nATTENDEE:mailto:b@x.org")
    scan = scan_calendar(data, ME, NOW)
    assert sorted(given) == ["excluded", "weekly"]
    assert [c.source_key for c in scan.candidates] == [
        "early", "weekly|20260105T090000Z", "weekly|20260112T090000Z", "late",
        "weekly|20260119T090000Z"]
    assert scan.occurrences == 5
