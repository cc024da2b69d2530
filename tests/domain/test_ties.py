"""Tie strength: each factor moves the score the way the user would expect, the reasons
add up to the score, and a score set by hand wins but keeps the computed one beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.domain.ties import WEIGHTS, TieFacts, tie_score, tie_strength

TODAY = date(2026, 6, 1)
CLOSE = TieFacts(stage=Stage.FRIENDSHIP, last_two_way=TODAY - timedelta(days=3),
                 two_way_recent=24, mean_richness=1.5,
                 known_since=TODAY - timedelta(days=6 * 365), gives=5, takes=5)


def score(facts: TieFacts) -> int:
    return tie_strength(facts, TODAY).score


def test_a_close_friend_scores_high_and_a_stranger_low():
    assert score(CLOSE) >= 90
    assert score(TieFacts(stage=Stage.INBOX)) <= 5


@pytest.mark.parametrize("weaker", [
    replace(CLOSE, last_two_way=TODAY - timedelta(days=200)),
    replace(CLOSE, last_two_way=None),
    replace(CLOSE, two_way_recent=2),
    replace(CLOSE, mean_richness=10.0),
    replace(CLOSE, mean_richness=None),
    replace(CLOSE, known_since=TODAY - timedelta(days=100)),
    replace(CLOSE, gives=10, takes=0),
    replace(CLOSE, gives=0, takes=0),
    replace(CLOSE, stage=Stage.RECOGNITION),
    replace(CLOSE, stage=Stage.PARKED),
], ids=["stale", "never", "rare", "lean", "no-channel", "new", "one-sided", "no-exchange",
        "earlier-stage", "parked"])
def test_each_factor_lowers_the_score_when_it_weakens(weaker):
    assert score(weaker) < score(CLOSE)


def test_recency_halves_every_sixty_days():
    points = {f.key: f.points for f in tie_strength(
        replace(CLOSE, last_two_way=TODAY - timedelta(days=60)), TODAY).factors}
    assert points["recency"] == pytest.approx(WEIGHTS["recency"] / 2)


def test_the_factors_add_up_to_the_score_and_come_strongest_first():
    strength = tie_strength(replace(CLOSE, two_way_recent=3, stage=Stage.DEVELOPMENT), TODAY)
    assert round(sum(f.points for f in strength.factors)) == strength.score
    points = [f.points for f in strength.factors]
    assert points == sorted(points, reverse=True)
    assert {f.key for f in strength.factors} == set(WEIGHTS)
    assert sum(WEIGHTS.values()) == 100


def test_reasons_are_words_a_person_reads():
    details = {f.key: f.detail for f in tie_strength(
        replace(CLOSE, two_way_recent=1, last_two_way=TODAY - timedelta(days=1)), TODAY).factors}
    assert details["recency"] == "last two-way contact yesterday"
    assert details["frequency"] == "1 two-way contact in the last year"
    assert details["duration"] == "known for 6 years"
    assert details["reciprocity"] == "5 given, 5 taken"
    assert details["stage"] == "stage Friendship"


def test_an_override_wins_and_keeps_the_computed_score_beside_it():
    strength = tie_strength(replace(CLOSE, override=20), TODAY)
    assert strength.score == 20 and strength.overridden
    assert strength.computed == score(CLOSE) and strength.ratio == pytest.approx(0.2)
    assert tie_strength(replace(CLOSE, override=250), TODAY).score == 100


@pytest.mark.parametrize("facts", [CLOSE, TieFacts(stage=Stage.INBOX),
                                   replace(CLOSE, override=33),
                                   replace(CLOSE, two_way_recent=3, gives=1, takes=0)])
def test_the_fast_score_is_the_detailed_one(facts):
    assert tie_score(facts, TODAY) == tie_strength(facts, TODAY).score
