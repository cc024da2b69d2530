"""How warm a connection is, from its last real two-way interaction.

Warmth is computed from the interaction's own date (a back-dated coffee counts from when
it happened), is reset by any logged two-way interaction, and is never reset by a
reminder firing: being reminded is not being in touch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from relmanager.domain.stages import Cadence, Stage

#: "Link while the connection is fresh": days after an encounter before it is flagged.
LINK_WHILE_FRESH_DAYS = 3


class Warmth(StrEnum):
    WARM = "warm"
    COOLING = "cooling"
    COLD = "cold"
    UNTRACKED = "untracked"  # inbox, parked, archived: no rhythm expected

    @property
    def rank(self) -> int:
        """Sort key: colder sorts first when sorting by urgency."""
        return {Warmth.COLD: 0, Warmth.COOLING: 1, Warmth.WARM: 2, Warmth.UNTRACKED: 3}[self]


@dataclass(frozen=True)
class DueDates:
    """When a contact will turn cooling and cold if nothing happens in between."""

    cooling_at: datetime
    cold_at: datetime


def due_dates(anchor: datetime, cadence: Cadence | None) -> DueDates | None:
    """Due dates counted from ``anchor`` (last two-way interaction, else when met)."""
    if cadence is None:
        return None
    return DueDates(
        anchor + timedelta(days=cadence.ideal_days),
        anchor + timedelta(days=cadence.max_days),
    )


def warmth_at(now: datetime, dates: DueDates | None) -> Warmth:
    if dates is None:
        return Warmth.UNTRACKED
    if now >= dates.cold_at:
        return Warmth.COLD
    if now >= dates.cooling_at:
        return Warmth.COOLING
    return Warmth.WARM


def warmth(
    now: datetime,
    *,
    last_two_way: datetime | None,
    known_since: datetime,
    cadence: Cadence | None,
    archived: bool = False,
) -> Warmth:
    """Warmth of one contact. ``known_since`` anchors contacts never yet spoken to."""
    if archived:
        return Warmth.UNTRACKED
    anchor = max(last_two_way, known_since) if last_two_way else known_since
    return warmth_at(now, due_dates(anchor, cadence))


def needs_fresh_follow_up(
    stage: Stage,
    met_at: datetime | None,
    last_interaction_after_meeting: datetime | None,
    now: datetime,
    days: int = LINK_WHILE_FRESH_DAYS,
) -> bool:
    """A new encounter with no follow-up within ``days`` is flagged, once."""
    if stage is not Stage.ENCOUNTER or met_at is None:
        return False
    if last_interaction_after_meeting is not None and last_interaction_after_meeting > met_at:
        return False
    return now >= met_at + timedelta(days=days)
