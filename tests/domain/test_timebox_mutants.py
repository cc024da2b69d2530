"""Time boxes, pinned against mutmut's survivors in domain/timebox.py: which box is
running, what a day holds, and how many minutes a box adds to the week."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from relmanager.domain.timebox import (
    BoxSchedule,
    box_minutes,
    box_span,
    running_start,
    starts_on,
)

DAILY = BoxSchedule(frozenset(range(7)), time(9, 0), 15)
MON = datetime(2026, 3, 2, 9, 0)  # a Monday, at the box's start


def test_a_box_is_running_from_its_start_until_just_before_its_end():
    assert running_start(DAILY, MON) == MON
    assert running_start(DAILY, MON + timedelta(minutes=14, seconds=59)) == MON
    assert running_start(DAILY, MON + timedelta(minutes=15)) is None
    assert running_start(DAILY, MON - timedelta(seconds=1)) is None


def test_a_day_holds_its_own_box_starts_only_earliest_first():
    evening = BoxSchedule(frozenset({0}), time(18, 0), 30)
    assert starts_on([evening, DAILY], date(2026, 3, 2)) == [MON, MON.replace(hour=18)]
    assert starts_on([evening], date(2026, 3, 3)) == []


def test_a_span_starts_at_the_whole_minute_and_counts_minutes_begun():
    start = datetime(2026, 3, 2, 10, 0, 30, 500)
    span = box_span(start, 15, start + timedelta(minutes=4, seconds=10), start)
    assert span.start == datetime(2026, 3, 2, 10, 0)
    assert span.elapsed_minutes == 5  # stopped after 4 min 10 s: it ran 5
    assert box_span(start, 15, start + timedelta(seconds=61), start).elapsed_minutes == 2
    assert box_span(start, 15, start + timedelta(seconds=60), start).elapsed_minutes == 1


def test_a_log_of_no_minutes_adds_nothing_to_the_week():
    span = box_span(MON, 15, MON + timedelta(minutes=15), MON)
    inside = MON + timedelta(minutes=5)
    assert box_minutes(span, [(inside, 0), (inside, -5), (inside, 4)]) == 4
