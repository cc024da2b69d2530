"""The reminder rules' edges, pure (no Qt): quiet hours include their start and exclude
their end, empty or equal bounds mean no quiet hours, a crossing's occurrence is its own
date, untracked stages are skipped without ending the scan, and a digest about people
going cold opens the going-cold list. Written against mutmut's survivors."""

from __future__ import annotations

from datetime import datetime, time

from relmanager.services.reminder_rules import DueItem, cold_items, digest_view, in_quiet_hours

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


def test_cold_items_skip_untracked_and_never_cooling_rows_and_go_on():
    now = at(12)
    rows = [
        (1, "Ivy", "inbox", "2026-01-01 09:00:00", "2026-02-01 09:00:00"),
        (2, "Nox", "friendship", None, None),
        (3, "Ada", "friendship", "2026-01-01 09:00:00", "2026-03-01 09:00:00"),
        (4, "Bo", "friendship", str(now), "2026-04-01 09:00:00"),
    ]
    items = cold_items(rows, now)
    assert items == [DueItem("cold", "3", "2026-03-01 09:00:00", "Ada"),
                     DueItem("cooling", "4", str(now), "Bo")]  # cooling at this very moment


def test_a_digest_about_going_cold_opens_the_going_cold_list():
    def view(*kinds: str) -> str:
        return digest_view([DueItem(k, "1", "x", "label") for k in kinds])

    assert view("cooling") == "going_cold"
    assert view("cold") == "going_cold"
    assert view("cooling", "cold") == "going_cold"
    assert view("cold", "fresh") == "today"
    assert view("timebox_end", "cold") == "log"
    assert view("introduction") == "introductions"
