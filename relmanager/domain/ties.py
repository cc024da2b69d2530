"""Tie strength: how strong a relationship is, as a score the user can take apart.

After Gilbert and Karahalios ("Predicting tie strength with social media", CHI 2009),
whose model found recency of contact, intensity (how often), intimacy, duration and
reciprocal services the strongest predictors. Here each becomes a factor read from what
the user logged: recency and frequency of two-way contact, the richness of the channels
used, how long the relationship has lasted, give-and-take in both directions, and the
stage the user chose (intimacy, as the user judges it). Each factor's points are shown
next to the score, so a number never appears without its reasons; a score the user sets
by hand wins and is kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.domain.stages import RELATIONSHIP_STAGES, Stage

#: The poorest richness rank (1 is richest); ranks map onto 0..1 with 1 the richest.
POOREST_RICHNESS = max(channel.richness for channel in BUILTIN_CHANNELS)

#: Points each factor can give; they sum to 100. Recency and intensity carry the most
#: weight, as in Gilbert and Karahalios's model.
WEIGHTS: dict[str, int] = {
    "recency": 30,
    "frequency": 20,
    "richness": 15,
    "duration": 15,
    "reciprocity": 10,
    "stage": 10,
}
#: Half-life of recency: contact 60 days ago counts half as much as contact today.
RECENCY_HALF_LIFE_DAYS = 60
#: Two-way contacts in the frequency window that make frequency full.
FULL_FREQUENCY = 24
FREQUENCY_WINDOW_DAYS = 365
#: Years of relationship that make duration full.
FULL_DURATION_YEARS = 5


@dataclass(frozen=True, slots=True)
class TieFacts:
    """What the store knows about one relationship, aggregated for ``tie_strength``."""

    stage: Stage
    last_two_way: date | None = None
    #: Two-way interactions in the last FREQUENCY_WINDOW_DAYS days.
    two_way_recent: int = 0
    #: Mean richness rank (1 richest) of those interactions, None when there were none.
    mean_richness: float | None = None
    known_since: date | None = None
    gives: int = 0
    takes: int = 0
    #: A score the user set by hand (0..100), which replaces the computed one.
    override: int | None = None


@dataclass(frozen=True)
class Factor:
    key: str
    points: float  # what this factor adds to the score (0..its weight)
    detail: str  # why, in words: "last two-way contact 12 days ago"


@dataclass(frozen=True)
class TieStrength:
    score: int  # 0..100, the override when there is one
    computed: int  # what the factors add up to, shown next to an override
    factors: tuple[Factor, ...]  # strongest contribution first
    overridden: bool = False

    @property
    def ratio(self) -> float:
        """The score as 0..1, the weight of this tie in the network's paths."""
        return self.score / 100


#: Each stage's share of the stage factor: maturity over the relationship stages
#: (a dict read, not a tuple search per contact: the network scores 100,000 ties).
_STAGE_SHARE = {stage: stage.maturity / len(RELATIONSHIP_STAGES) for stage in Stage}
_LOG_FULL_FREQUENCY = math.log1p(FULL_FREQUENCY)
_FULL_DURATION_DAYS = FULL_DURATION_YEARS * 365.25
_RICHNESS_SPAN = POOREST_RICHNESS - 1
#: WEIGHTS in the order :func:`_shares` gives its factors.
_KEYS = tuple(WEIGHTS)
_W_RECENCY, _W_FREQUENCY, _W_RICHNESS, _W_DURATION, _W_RECIPROCITY, _W_STAGE = (
    WEIGHTS[key] for key in ("recency", "frequency", "richness", "duration",
                             "reciprocity", "stage"))


def _shares(facts: TieFacts, today: date) -> tuple[float, float, float, float, float, float]:
    """Each factor's share, 0..1 (1: as strong as this factor gets), in WEIGHTS' order.

    One function, written out without a call per factor: it runs for every one of the
    network's 100,000 ties on each read (issue 25's 3 s budget), and both the score
    alone and the score with its reasons come from it."""
    last = facts.last_two_way
    recency = 0.0 if last is None else 0.5 ** (
        max((today - last).days, 0) / RECENCY_HALF_LIFE_DAYS)
    frequency = min(1.0, math.log1p(facts.two_way_recent) / _LOG_FULL_FREQUENCY)
    mean = facts.mean_richness
    if mean is None:
        richness = 0.0
    else:
        rank = min(max(mean, 1.0), float(POOREST_RICHNESS))
        richness = (POOREST_RICHNESS - rank) / _RICHNESS_SPAN
    since = facts.known_since
    duration = 0.0 if since is None else min(
        1.0, max((today - since).days, 0) / _FULL_DURATION_DAYS)
    gives, takes = facts.gives, facts.takes
    total = gives + takes
    # Mutual help is a stronger tie than none at all, even when it leans one way.
    reciprocity = 0.25 if total == 0 else 0.5 + 0.5 * (1 - abs(gives - takes) / total)
    return (recency, frequency, richness, duration, reciprocity, _STAGE_SHARE[facts.stage])


def _values(facts: TieFacts, today: date) -> dict[str, float]:
    """Each factor's share by name."""
    return dict(zip(_KEYS, _shares(facts, today), strict=True))


def tie_score(facts: TieFacts, today: date) -> int:
    """The score alone (0..100), as :func:`tie_strength` gives it: what the network's
    100,000 ties need, without the words each factor's reason takes to write."""
    if facts.override is not None:
        return min(max(int(facts.override), 0), 100)
    recency, frequency, richness, duration, reciprocity, stage = _shares(facts, today)
    return round(_W_RECENCY * recency + _W_FREQUENCY * frequency + _W_RICHNESS * richness
                 + _W_DURATION * duration + _W_RECIPROCITY * reciprocity + _W_STAGE * stage)


def _detail(key: str, facts: TieFacts, today: date, value: float) -> str:
    """Why a factor has the share it has, in words."""
    if key == "recency":
        if facts.last_two_way is None:
            return "no two-way contact yet"
        return f"last two-way contact {_days(max((today - facts.last_two_way).days, 0))}"
    if key == "frequency":
        n = facts.two_way_recent
        return f"{n} two-way contact{'' if n == 1 else 's'} in the last year"
    if key == "richness":
        if facts.mean_richness is None:
            return "no channel used yet"
        words = "rich" if value >= 0.75 else "fairly rich" if value >= 0.5 else "lean"
        return f"mostly {words} channels"
    if key == "duration":
        if facts.known_since is None:
            return "no date you met"
        years = max((today - facts.known_since).days, 0) / 365.25
        if years < 1:
            return f"known for {int(years * 12)} months"
        return f"known for {years:.0f} year{'' if round(years) == 1 else 's'}"
    if key == "reciprocity":
        if facts.gives + facts.takes == 0:
            return "no gives or asks logged"
        return f"{facts.gives} given, {facts.takes} taken"
    if not facts.stage.is_relationship:
        return f"{facts.stage.label} is not a relationship stage"
    return f"stage {facts.stage.label}"


def _days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def tie_strength(facts: TieFacts, today: date) -> TieStrength:
    """The score (0..100) of one relationship on ``today``, with each factor's share
    and the reason for it."""
    values = _values(facts, today)
    factors = tuple(sorted(
        (Factor(key, WEIGHTS[key] * value, _detail(key, facts, today, value))
         for key, value in values.items()),
        key=lambda factor: -factor.points))
    computed = round(sum(WEIGHTS[key] * value for key, value in values.items()))
    score = tie_score(facts, today)
    return TieStrength(score, computed, factors, overridden=facts.override is not None)
