"""Timeline aggregates against a known set of interactions: per week and month, by
channel, filtered by sphere, stage and tag (the tag path groups the interactions
themselves, the others read the trigger-kept sums: both must agree with the data)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import timeboxes
from relmanager.store import timeline_queries as tq
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import Channel, TimeBoxPlan


@pytest.fixture
def network(db, clock):
    """Mon 2 March 2026 09:00 is 'now'. Ada (business, recognition, tag python): email
    this week, text message last week, one-on-one 5 weeks ago. Bo (personal,
    friendship): phone this week, phone 5 weeks ago."""
    ada = create_contact(clock, "Ada", stage=Stage.RECOGNITION, sphere="business",
                         tags=["python"])
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP, sphere="personal")
    now = clock.now()
    log_interaction(clock, [ada.id], "email", occurred_at=now - timedelta(hours=1))
    log_interaction(clock, [ada.id], "text_message", occurred_at=now - timedelta(days=6))
    log_interaction(clock, [ada.id], "one_on_one", occurred_at=now - timedelta(days=35),
                    minutes=60)
    log_interaction(clock, [bo.id], "phone", occurred_at=now - timedelta(hours=2), minutes=20)
    log_interaction(clock, [bo.id], "phone", occurred_at=now - timedelta(days=35))
    return {"ada": ada.id, "bo": bo.id}


def _by_key(series: tq.Series) -> dict[tuple[str, str], int]:
    keys = {c.id: c.key for c in series.channels}
    return {(p, keys[c]): n for (p, c), n in series.counts.items()}


def test_weekly_counts_by_channel(network, clock):
    series = tq.overall(tq.TimelineFilter(), "week", date(2026, 1, 20), clock.now())
    assert series.periods[0] == "2026-01-19" and series.periods[-1] == "2026-03-02"
    assert len(series.periods) == 7  # contiguous, empty weeks included
    assert _by_key(series) == {
        ("2026-03-02", "email"): 1, ("2026-03-02", "phone"): 1,
        ("2026-02-23", "text_message"): 1,
        ("2026-01-26", "one_on_one"): 1, ("2026-01-26", "phone"): 1,
    }
    assert [c.key for c in series.channels] == ["one_on_one", "phone", "text_message", "email"]
    assert series.total("2026-01-26") == 2 and series.grand_total == 5


def test_monthly_and_range(network, clock):
    series = tq.overall(tq.TimelineFilter(), "month", None, clock.now())
    assert series.periods == ["2026-01", "2026-02", "2026-03"]
    assert {p: series.total(p) for p in series.periods} == {"2026-01": 2, "2026-02": 1,
                                                            "2026-03": 2}
    recent = tq.overall(tq.TimelineFilter(), "week", date(2026, 2, 23), clock.now())
    assert recent.grand_total == 3


@pytest.mark.parametrize(("flt", "expected"), [
    (tq.TimelineFilter(sphere="business"), {"email": 1, "text_message": 1, "one_on_one": 1}),
    (tq.TimelineFilter(sphere="personal"), {"phone": 2}),
    (tq.TimelineFilter(stages=(Stage.FRIENDSHIP,)), {"phone": 2}),
    (tq.TimelineFilter(tag="Python"), {"email": 1, "text_message": 1, "one_on_one": 1}),
    (tq.TimelineFilter(tag="python", sphere="personal"), {}),
])
def test_filters(network, clock, flt, expected):
    series = tq.overall(flt, "month", None, clock.now())
    per_channel: dict[str, int] = {}
    for (_period, key), n in _by_key(series).items():
        per_channel[key] = per_channel.get(key, 0) + n
    assert per_channel == expected


def test_insights_are_computed_from_the_data(network, clock):
    lines = tq.insights(tq.TimelineFilter(), "week", None)
    # Recognition (Ada): email and text message are lean, one-on-one is not: 2 of 3.
    assert lines[0].startswith("67% of interactions with people in Recognition")
    assert "Recognition: one-on-one" in lines[1] or "Recognition: email" in lines[1]
    assert "Friendship: phone call" in lines[1]
    assert tq.insights(tq.TimelineFilter(sphere="personal"), "week", None) == [
        "Most used per stage — Friendship: phone call."]


def test_invested_minutes_count_time_box_sessions_only(network, clock):
    TimeBoxPlan.create(minutes=15, weekdays="0,2")
    timeboxes.start_box(clock, 15)
    log_interaction(clock, [network["bo"]], "phone", minutes=12)
    series = tq.overall(tq.TimelineFilter(), "week", date(2026, 2, 23), clock.now())
    assert series.invested == {"2026-03-02": 12}
    assert timeboxes.committed_minutes() == 30


def test_contact_history_lanes_and_stage_changes(network, clock):
    marks, changes = tq.contact_history(network["ada"])
    assert [m.occurred_at for m in marks] == sorted(m.occurred_at for m in marks)
    lanes = [c.key for c in tq.used_channels(marks)]
    assert lanes == ["one_on_one", "text_message", "email"]
    assert [stage for _when, stage in changes] == ["recognition"]
    assert Channel.select().count() == 12
