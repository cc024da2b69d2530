"""The reminder rules' edges, pure (no Qt): quiet hours include their start and exclude
their end, and empty or equal bounds mean no quiet hours. Written against mutmut's
survivors (the digest's rules are tested through the service in
test_reminder_settings.py and tests/practice/)."""

from __future__ import annotations

from datetime import datetime, time

from relmanager.services.reminder_rules import in_quiet_hours

DAY = datetime(2026, 3, 2)


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def test_quiet_hours_within_a_day_include_the_start_and_exclude_the_end():
    assert in_quiet_hours(at(13), time(13), time(14))
    assert not in_quiet_hours(at(14), time(13), time(14))
    assert not in_quiet_hours(at(12, 59), time(13), time(14))


def test_quiet_hours_over_midnight():
    assert in_quiet_hours(at(22), time(22), time(7))
    assert in_quiet_hours(at(3), time(22), time(7))
    assert not in_quiet_hours(at(7), time(22), time(7))
    assert not in_quiet_hours(at(21, 59), time(22), time(7))


def test_no_quiet_hours_when_a_bound_is_missing_or_they_are_equal():
    for start, end in ((None, time(7)), (time(22), None), (None, None), (time(8), time(8))):
        assert not in_quiet_hours(at(8), start, end)
