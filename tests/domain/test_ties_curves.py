"""Each factor of a tie strength at its bounds, as the points the user reads beside the
score ("Richness: 15 of 15"): the richest channels give full points and the poorest none,
give-and-take counts most when even and a little when nothing was exchanged, and duration
fills over five years and never goes below nothing for a date in the future."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.domain.ties import (
    FULL_DURATION_YEARS,
    POOREST_RICHNESS,
    WEIGHTS,
    TieFacts,
    tie_score,
    tie_strength,
)

TODAY = date(2026, 6, 1)


def _points(**facts) -> dict[str, float]:
    strength = tie_strength(TieFacts(stage=Stage.INBOX, **facts), TODAY)
    return {factor.key: factor.points for factor in strength.factors}


@pytest.mark.parametrize(("mean", "share"), [
    (None, 0.0),
    (1.0, 1.0),  # the richest channel only: full points
    (0.2, 1.0),  # a rank better than the best is the best
    (float(POOREST_RICHNESS), 0.0),  # the poorest only: none
    (POOREST_RICHNESS + 5.0, 0.0),
    (1.0 + (POOREST_RICHNESS - 1) / 2, 0.5),  # half way between
    (2.0, (POOREST_RICHNESS - 2) / (POOREST_RICHNESS - 1)),
])
def test_richness_is_full_for_the_richest_channels_and_none_for_the_poorest(mean, share):
    assert _points(mean_richness=mean)["richness"] == pytest.approx(WEIGHTS["richness"] * share)


@pytest.mark.parametrize(("gives", "takes", "share"), [
    (0, 0, 0.25),  # nothing exchanged: a little
    (4, 4, 1.0),  # even: full
    (6, 0, 0.5),  # all one way: half (mutual help beats none)
    (0, 6, 0.5),
    (3, 1, 0.75),
    (1, 3, 0.75),
])
def test_give_and_take_counts_most_when_even(gives, takes, share):
    assert _points(gives=gives, takes=takes)["reciprocity"] == pytest.approx(
        WEIGHTS["reciprocity"] * share)


@pytest.mark.parametrize(("days", "share"), [
    (None, 0.0),
    (-30, 0.0),  # a meeting date in the future: no duration, not less than none
    (0, 0.0),
    (round(FULL_DURATION_YEARS * 365.25 / 2), 0.5),
    (round(FULL_DURATION_YEARS * 365.25), 1.0),
    (20 * 365, 1.0),  # full after five years, never more
])
def test_duration_fills_over_five_years(days, share):
    since = None if days is None else TODAY - timedelta(days=days)
    assert _points(known_since=since)["duration"] == pytest.approx(
        WEIGHTS["duration"] * share, abs=0.01)


@pytest.mark.parametrize(("stage", "share"), [
    (Stage.INBOX, 0.0), (Stage.ENCOUNTER, 0.2), (Stage.DEVELOPMENT, 0.6),
    (Stage.INTIMACY, 1.0), (Stage.PARKED, 0.0),
])
def test_stage_gives_its_share_of_the_way_to_intimacy(stage, share):
    points = {f.key: f.points for f in tie_strength(TieFacts(stage=stage), TODAY).factors}
    assert points["stage"] == pytest.approx(WEIGHTS["stage"] * share)


def test_frequency_is_full_at_24_two_way_contacts_a_year_and_no_more():
    assert _points(two_way_recent=24)["frequency"] == pytest.approx(WEIGHTS["frequency"])
    assert _points(two_way_recent=500)["frequency"] == pytest.approx(WEIGHTS["frequency"])
    assert _points(two_way_recent=0)["frequency"] == 0.0
    assert 0 < _points(two_way_recent=5)["frequency"] < WEIGHTS["frequency"]


@pytest.mark.parametrize(("override", "shown"), [(0, 0), (100, 100), (150, 100), (-5, 0)])
def test_a_hand_set_score_is_shown_within_0_to_100(override, shown):
    facts = TieFacts(stage=Stage.FRIENDSHIP, last_two_way=TODAY, override=override)
    strength = tie_strength(facts, TODAY)
    assert strength.score == tie_score(facts, TODAY) == shown
    assert strength.overridden and strength.ratio == shown / 100
    assert strength.computed == tie_score(TieFacts(stage=Stage.FRIENDSHIP,
                                                   last_two_way=TODAY), TODAY)


@pytest.mark.parametrize("days", [0, -3])
def test_contact_today_gives_full_recency(days):
    """Contact today (or on a date ahead of a clock behind the data) is as recent as it
    gets: all 30 points, not a day's decay."""
    assert _points(last_two_way=TODAY - timedelta(days=days))["recency"] == WEIGHTS["recency"]


@pytest.mark.parametrize("days", [0, -30])
def test_met_today_or_ahead_is_no_duration_at_all(days):
    assert _points(known_since=TODAY - timedelta(days=days))["duration"] == 0.0
