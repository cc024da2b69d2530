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


@dataclass(frozen=True)
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

    def top(self, count: int = 3) -> tuple[Factor, ...]:
        return self.factors[:count]


def _recency(facts: TieFacts, today: date) -> tuple[float, str]:
    if facts.last_two_way is None:
        return 0.0, "no two-way contact yet"
    days = max((today - facts.last_two_way).days, 0)
    return 0.5 ** (days / RECENCY_HALF_LIFE_DAYS), f"last two-way contact {_days(days)}"


def _frequency(facts: TieFacts) -> tuple[float, str]:
    n = facts.two_way_recent
    value = min(1.0, math.log1p(n) / math.log1p(FULL_FREQUENCY))
    return value, f"{n} two-way contact{'' if n == 1 else 's'} in the last year"


def _richness(facts: TieFacts) -> tuple[float, str]:
    if facts.mean_richness is None:
        return 0.0, "no channel used yet"
    rank = min(max(facts.mean_richness, 1.0), float(POOREST_RICHNESS))
    value = (POOREST_RICHNESS - rank) / (POOREST_RICHNESS - 1)
    words = "rich" if value >= 0.75 else "fairly rich" if value >= 0.5 else "lean"
    return value, f"mostly {words} channels"


def _duration(facts: TieFacts, today: date) -> tuple[float, str]:
    if facts.known_since is None:
        return 0.0, "no date you met"
    years = max((today - facts.known_since).days, 0) / 365.25
    value = min(1.0, years / FULL_DURATION_YEARS)
    if years < 1:
        return value, f"known for {max(int(years * 12), 0)} months"
    return value, f"known for {years:.0f} year{'' if round(years) == 1 else 's'}"


def _reciprocity(facts: TieFacts) -> tuple[float, str]:
    total = facts.gives + facts.takes
    if total == 0:
        return 0.25, "no gives or asks logged"
    value = 1 - abs(facts.gives - facts.takes) / total
    # Mutual help is a stronger tie than none at all, even when it leans one way.
    value = 0.5 + 0.5 * value
    return value, f"{facts.gives} given, {facts.takes} taken"


def _stage(facts: TieFacts) -> tuple[float, str]:
    if not facts.stage.is_relationship:
        return 0.0, f"{facts.stage.label} is not a relationship stage"
    return facts.stage.maturity / len(RELATIONSHIP_STAGES), f"stage {facts.stage.label}"


def _days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def tie_strength(facts: TieFacts, today: date) -> TieStrength:
    """The score (0..100) of one relationship on ``today``, with each factor's share."""
    parts = {
        "recency": _recency(facts, today),
        "frequency": _frequency(facts),
        "richness": _richness(facts),
        "duration": _duration(facts, today),
        "reciprocity": _reciprocity(facts),
        "stage": _stage(facts),
    }
    factors = tuple(sorted(
        (Factor(key, WEIGHTS[key] * value, detail) for key, (value, detail) in parts.items()),
        key=lambda factor: -factor.points))
    computed = round(sum(factor.points for factor in factors))
    if facts.override is not None:
        score = min(max(int(facts.override), 0), 100)
        return TieStrength(score, computed, factors, overridden=True)
    return TieStrength(computed, computed, factors)
