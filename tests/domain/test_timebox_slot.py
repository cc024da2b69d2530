"""The rule for a scheduled slot already used by a box the user ran
(relmanager.domain.timebox.slot_taken): overlap, with touching ends not counting."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.domain.timebox import slot_taken

NINE = datetime(2026, 3, 2, 9, 0)


def _box(start_min: int, end_min: int) -> tuple[datetime, datetime]:
    return NINE + timedelta(minutes=start_min), NINE + timedelta(minutes=end_min)


def test_a_box_overlapping_the_slot_uses_it():
    assert slot_taken(NINE, 30, [_box(-5, 1)])  # begun just before, ran into it
    assert slot_taken(NINE, 30, [_box(29, 40)])  # begun in its last minute
    assert slot_taken(NINE, 30, [_box(5, 10)])
    assert slot_taken(NINE, 30, [_box(-60, -50), _box(10, 12)])


def test_a_box_only_touching_the_slot_does_not():
    assert not slot_taken(NINE, 30, [_box(-30, 0)])  # ended as the slot began
    assert not slot_taken(NINE, 30, [_box(30, 45)])  # began as the slot ended
    assert not slot_taken(NINE, 30, [])
