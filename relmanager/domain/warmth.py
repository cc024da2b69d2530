"""How warm a connection is, from its last real two-way interaction.

Warmth is computed from the interaction's own date (a back-dated coffee counts from when
it happened), is reset by any logged two-way interaction, and is never reset by a
reminder firing: being reminded is not being in touch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from relmanager.domain.stages import RELATIONSHIP_STAGES, Cadence, Stage

#: "Link while the connection is fresh": how many days, counted from the day of the
#: meeting, a new encounter stays in Today's "Link while fresh" (PRODUCT.md section 4).
LINK_WHILE_FRESH_DAYS = 7
#: With this many days left (or fewer) the fresh window is closing: flagged more strongly.
FRESH_CLOSING_DAYS = 2

#: Stages that expect a rhythm of contact, as stored values. Inbox and Parked are holding
#: places and never go cold; SQL that filters on stage reads this set (parity-tested).
TRACKED_STAGES: frozenset[str] = frozenset(s.value for s in RELATIONSHIP_STAGES)
#: A day's start, where a meeting day is counted from.
MIDNIGHT = time()


def is_tracked(stage: str | Stage, archived: bool = False) -> bool:
    """Whether a contact can go cold at all (and so be reminded about)."""
    return not archived and str(stage) in TRACKED_STAGES


class Warmth(StrEnum):
    WARM = "warm"
    COOLING = "cooling"
    COLD = "cold"
    UNTRACKED = "untracked"  # inbox, parked, archived: no rhythm expected

    @property
    def rank(self) -> int:
        """Sort key: colder sorts first when sorting by urgency."""
        return {Warmth.COLD: 0, Warmth.COOLING: 1, Warmth.WARM: 2, Warmth.UNTRACKED: 3}[self]


class DueDates(NamedTuple):
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



def stored_warmth(row: Mapping[str, Any], now: datetime) -> Warmth:
    """Warmth from the due dates the store keeps denormalised on each contact (a
    ``cooling_at``/``cold_at``/``archived`` row: the list's, the command line's ``list``):
    the thresholds of :func:`warmth_at`, for a row whose cold date may be missing."""
    cooling_at, cold_at = row.get("cooling_at"), row.get("cold_at")
    if row.get("archived") or cooling_at is None:
        return Warmth.UNTRACKED
    if cold_at is not None and cold_at <= now:
        return Warmth.COLD
    return Warmth.COOLING if cooling_at <= now else Warmth.WARM


def anchor_of(last_two_way: datetime | None, met_on: date | None,
              created_at: datetime) -> datetime:
    """Where a contact's rhythm is counted from: the last two-way interaction, or when it
    entered the network (met, or added: an old connection imported today starts today).
    ``store.denorm`` keeps the same rule in SQL (parity-tested). The latest of the three,
    the first of equals (what ``max`` of them gives), compared in line: a going-cold scan
    asks for ~11,000 anchors and ``max`` of a list cost a tenth of it (the bench's cold row)."""
    anchor = created_at
    if last_two_way is not None and last_two_way > anchor:
        anchor = last_two_way
    if met_on is not None:
        met = datetime.combine(met_on, MIDNIGHT)
        if met > anchor:  # noqa: PLR1730 (max() is what this avoids)
            anchor = met
    return anchor


def meeting_day(met_on: date | None, created_at: datetime) -> date:
    """The day a contact was met: ``met_on`` when known, else the day it was entered
    (someone typed in the evening after a conference was met that day)."""
    return met_on if met_on is not None else created_at.date()


def follows_up_meeting(interaction_day: date | None, met: date) -> bool:
    """Whether an interaction is a follow-up of the meeting: it happened on a later day.
    The meeting itself, logged as an interaction on the day met, is not its follow-up."""
    return interaction_day is not None and interaction_day > met


class Fresh(NamedTuple):
    """A new encounter inside its fresh window: link now, while they remember you."""

    met: date
    days_left: int  # 1 .. window: the day met counts as the first day of the window

    @property
    def closing(self) -> bool:
        return self.days_left <= FRESH_CLOSING_DAYS


def fresh_encounter(
    stage: str | Stage,
    met: date,
    last_interaction_day: date | None,
    today: date,
    window: int = LINK_WHILE_FRESH_DAYS,
    archived: bool = False,
) -> Fresh | None:
    """The one "link while fresh" rule: an Encounter from the day it was met until
    ``window`` days later, leaving as soon as anything is logged on a later day than the
    meeting. Past the window it is just an encounter (going cold by its cadence)."""
    if archived or str(stage) != Stage.ENCOUNTER.value:
        return None
    if follows_up_meeting(last_interaction_day, met):
        return None
    age = (today - met).days
    if age < 0 or age >= window:
        return None
    return Fresh(met, window - age)


def follow_up_due(due_at: datetime, done_at: datetime | None, now: datetime) -> bool:
    """The one "follow-up due" rule: open and due today or earlier (the whole day counts,
    a promise for Tuesday is Tuesday's business from the morning)."""
    return done_at is None and due_at.date() <= now.date()
