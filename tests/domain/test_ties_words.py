"""Each factor of a tie strength says why in words, exactly: the user reads these beside
the score (and overrides it when they disagree), so a wrong word is a wrong reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.domain.ties import TieFacts, _detail, tie_strength

TODAY = date(2026, 12, 5)


def _facts(**changes) -> TieFacts:
    base = {"stage": Stage.FRIENDSHIP, "last_two_way": TODAY, "two_way_recent": 2,
            "mean_richness": 2.0, "known_since": TODAY - timedelta(days=800),
            "gives": 3, "takes": 1, "override": None}
    return TieFacts(**{**base, **changes})


@pytest.mark.parametrize(("key", "changes", "value", "words"), [
    ("recency", {"last_two_way": None}, 0.0, "no two-way contact yet"),
    ("recency", {}, 1.0, "last two-way contact today"),
    ("recency", {"last_two_way": TODAY - timedelta(days=1)}, 1.0,
     "last two-way contact yesterday"),
    ("recency", {"last_two_way": TODAY - timedelta(days=2)}, 1.0,
     "last two-way contact 2 days ago"),
    ("recency", {"last_two_way": TODAY + timedelta(days=3)}, 1.0,
     "last two-way contact today"),  # a clock behind the data: never "-3 days"
    ("frequency", {"two_way_recent": 1}, 0.1, "1 two-way contact in the last year"),
    ("frequency", {"two_way_recent": 0}, 0.0, "0 two-way contacts in the last year"),
    ("frequency", {}, 0.2, "2 two-way contacts in the last year"),
    ("richness", {"mean_richness": None}, 0.0, "no channel used yet"),
    ("richness", {}, 0.75, "mostly rich channels"),
    ("richness", {}, 0.74, "mostly fairly rich channels"),
    ("richness", {}, 0.5, "mostly fairly rich channels"),
    ("richness", {}, 0.49, "mostly lean channels"),
    ("duration", {"known_since": None}, 0.0, "no date you met"),
    ("duration", {"known_since": TODAY - timedelta(days=100)}, 0.1, "known for 3 months"),
    ("duration", {"known_since": TODAY + timedelta(days=5)}, 0.0, "known for 0 months"),
    ("duration", {"known_since": TODAY - timedelta(days=366)}, 0.2, "known for 1 year"),
    ("duration", {"known_since": TODAY - timedelta(days=365)}, 0.2, "known for 11 months"),
    ("duration", {}, 0.4, "known for 2 years"),
    ("reciprocity", {"gives": 0, "takes": 0}, 0.0, "no gives or asks logged"),
    ("reciprocity", {"gives": 0, "takes": 2}, 0.5, "0 given, 2 taken"),
    ("reciprocity", {}, 0.5, "3 given, 1 taken"),
    ("stage", {}, 1.0, "stage Friendship"),
    ("stage", {"stage": Stage.INBOX}, 0.0, "Inbox is not a relationship stage"),
    ("stage", {"stage": Stage.PARKED}, 0.0, "Parked is not a relationship stage"),
])
def test_each_factor_says_why(key, changes, value, words):
    assert _detail(key, _facts(**changes), TODAY, value) == words


def test_a_strength_lists_every_factor_once_strongest_first_with_its_words():
    strength = tie_strength(_facts(), TODAY)
    keys = [factor.key for factor in strength.factors]
    assert sorted(keys) == sorted(["recency", "frequency", "richness", "duration",
                                   "reciprocity", "stage"])
    points = [factor.points for factor in strength.factors]
    assert points == sorted(points, reverse=True)
    by_key = {factor.key: factor.detail for factor in strength.factors}
    assert by_key["recency"] == "last two-way contact today"
    assert by_key["reciprocity"] == "3 given, 1 taken"
    assert by_key["stage"] == "stage Friendship"
    assert strength.score == strength.computed and not strength.overridden
    kept = tie_strength(_facts(override=12), TODAY)
    assert kept.score == 12 and kept.overridden and kept.computed == strength.computed
