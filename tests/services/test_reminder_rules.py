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


def test_held_until_and_the_next_quiet_change_wrap_midnight():
    from datetime import datetime, time

    from relmanager.services.reminder_rules import held_until, next_quiet_change

    night, morning = time(22, 0), time(7, 0)
    late = datetime(2026, 3, 2, 23, 30)
    assert held_until(late, night, morning) == datetime(2026, 3, 3, 7, 0)
    assert held_until(datetime(2026, 3, 3, 6, 59), night, morning) == datetime(2026, 3, 3, 7)
    assert held_until(datetime(2026, 3, 3, 7, 0), night, morning) is None
    assert held_until(late, night, morning, enabled=False) is None  # off is not "held"
    assert next_quiet_change(late, night, morning) == datetime(2026, 3, 3, 7, 0)
    assert next_quiet_change(datetime(2026, 3, 3, 9), night, morning) \
        == datetime(2026, 3, 3, 22, 0)
    assert next_quiet_change(late, night, night) is None
