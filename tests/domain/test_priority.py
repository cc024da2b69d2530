"""The one priority rule: closeness, how far past its own rhythm, reasons in words."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from relmanager.domain import priority
from relmanager.domain.priority import Kind, rhythm_reason, silence
from relmanager.domain.warmth import Fresh

NOW = datetime(2026, 3, 2, 9, 0)


def cooling(cid: int, stage: str, interval: int, gap: int, **kw) -> priority.Item:
    anchor = NOW - timedelta(days=gap)
    item = silence(cid, f"P{cid}", stage, anchor=anchor,
                   cooling_at=anchor + timedelta(days=interval),
                   cold_at=anchor + timedelta(days=interval * 2), now=NOW, **kw)
    assert item is not None
    return item


def test_reasons_are_relative_to_the_persons_own_rhythm():
    assert rhythm_reason(21, 56) == "usually every 3 weeks; now 8 weeks"
    # the words of domain.wording.span, as "Last two-way: 2 months ago" beside it
    assert rhythm_reason(21, 63) == "usually every 3 weeks; now 2 months"
    assert rhythm_reason(21, 23) == "usually every 3 weeks; now 23 days"
    assert rhythm_reason(30, 100) == "usually every 4 weeks; now 3 months"
    assert rhythm_reason(90, 400) == "usually every 3 months; now 13 months"
    assert cooling(1, "friendship", 45, 50).reason == "usually every 6 weeks; now 7 weeks"
    assert cooling(1, "friendship", 45, 100).kind is Kind.COLD


def test_a_close_friend_cooling_comes_before_anyone_long_gone_cold_further_out():
    intimate = cooling(1, "intimacy", 21, 22)
    friend = cooling(2, "friendship", 45, 46)
    stale_encounter = cooling(3, "encounter", 14, 600)
    colleague = cooling(4, "development", 21, 400)
    order = [i.contact_id for i in priority.rank([stale_encounter, colleague, friend,
                                                  intimate])]
    assert order[0] == 1 and order.index(2) < order.index(3)
    assert order[-1] == 3  # a stale encounter last, however long ago


def test_follow_ups_and_fresh_encounters_are_pressing_and_snoozed_come_last():
    fresh = priority.fresh_item(5, "Eve", Fresh(date(2026, 3, 1), 1), NOW, 7)
    due = priority.follow_up_item(9, 6, "Ana", "send it", NOW - timedelta(days=2), NOW)
    snoozed = cooling(7, "intimacy", 21, 60, snoozed_until=NOW + timedelta(days=3))
    colleague = cooling(8, "development", 21, 30)
    ranked = priority.rank([snoozed, colleague, fresh, due])
    assert [i.contact_id for i in ranked] == [6, 5, 8, 7]
    assert fresh.urgent and fresh.detail == "last day" and due.reason == "2 days overdue"
    assert [i.contact_id for i in priority.people(ranked)] == [6, 5, 8]


def test_suggestions_rotate_past_last_boxes_unless_nobody_else_is_left():
    items = [cooling(i, "friendship", 45, 60 + i) for i in range(1, 6)]
    first = [i.contact_id for i in priority.suggest(items, 3)]
    second = [i.contact_id for i in priority.suggest(items, 3, recently=first)]
    assert not set(first) & set(second[:2]) and len(second) == 3
    assert len(priority.suggest(items[:2], 3, recently=[1, 2])) == 2
