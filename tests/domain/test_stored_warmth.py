"""domain.warmth.stored_warmth, the warmth of a stored row (the contact list's dot and
column, the profile's header, the command line's ``list``), at each of its thresholds:
read only from tests/ui and tests/cli before, outside the fast subset mutmut runs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.domain.warmth import Warmth, follow_up_due, stored_warmth

NOW = datetime(2026, 3, 2, 9, 0)
COOLING, COLD = NOW - timedelta(days=3), NOW + timedelta(days=4)


@pytest.mark.parametrize(("cooling_at", "cold_at", "expected"), [
    (NOW + timedelta(seconds=1), NOW + timedelta(days=9), Warmth.WARM),
    (NOW, NOW + timedelta(days=9), Warmth.COOLING),  # the moment it turns
    (NOW - timedelta(seconds=1), NOW + timedelta(seconds=1), Warmth.COOLING),
    (NOW - timedelta(days=9), NOW, Warmth.COLD),  # the moment it turns cold
    (NOW - timedelta(days=9), NOW - timedelta(days=1), Warmth.COLD),
    (NOW - timedelta(days=1), None, Warmth.COOLING),  # no cold date kept: never cold
    (NOW + timedelta(days=1), None, Warmth.WARM),
])
def test_a_row_is_warm_cooling_or_cold_by_its_kept_dates(cooling_at, cold_at, expected):
    assert stored_warmth({"cooling_at": cooling_at, "cold_at": cold_at,
                          "archived": False}, NOW) is expected


def test_a_row_without_due_dates_or_archived_is_untracked():
    assert stored_warmth({"cooling_at": None, "cold_at": None}, NOW) is Warmth.UNTRACKED
    assert stored_warmth({"cooling_at": None, "cold_at": COLD}, NOW) is Warmth.UNTRACKED
    assert stored_warmth({}, NOW) is Warmth.UNTRACKED
    assert stored_warmth({"cooling_at": COOLING, "cold_at": COLD, "archived": 1},
                         NOW) is Warmth.UNTRACKED
    assert stored_warmth({"cooling_at": COOLING, "cold_at": COLD}, NOW) is Warmth.COOLING


def test_a_follow_up_is_due_from_the_morning_of_its_day_until_done():
    """(follow_up_due, the rule store.follow_ups.due_before is held to: the parity test's
    moments never fell on the day itself.)"""
    assert follow_up_due(NOW + timedelta(hours=8), None, NOW)  # later today
    assert follow_up_due(NOW - timedelta(days=3), None, NOW)
    assert not follow_up_due(NOW + timedelta(days=1), None, NOW)
    assert not follow_up_due(NOW - timedelta(days=3), NOW, NOW)
