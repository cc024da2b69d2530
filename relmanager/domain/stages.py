"""Relationship stages and the rhythm of contact each one expects.

The five stages come from the essays (encounter -> recognition -> development ->
friendship -> intimacy). Two more are places rather than stages: the Inbox holds contacts
imported in bulk that are not relationships yet, and Parked holds connections the user
has deliberately let rest. Neither ever goes cold.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Stage(StrEnum):
    INBOX = "inbox"
    ENCOUNTER = "encounter"
    RECOGNITION = "recognition"
    DEVELOPMENT = "development"
    FRIENDSHIP = "friendship"
    INTIMACY = "intimacy"
    PARKED = "parked"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_relationship(self) -> bool:
        """True for the five real stages; Inbox and Parked are holding places."""
        return self in RELATIONSHIP_STAGES

    @property
    def maturity(self) -> int:
        """0 for holding places, 1 (encounter) .. 5 (intimacy) for real stages."""
        try:
            return RELATIONSHIP_STAGES.index(self) + 1
        except ValueError:
            return 0


RELATIONSHIP_STAGES: tuple[Stage, ...] = (
    Stage.ENCOUNTER,
    Stage.RECOGNITION,
    Stage.DEVELOPMENT,
    Stage.FRIENDSHIP,
    Stage.INTIMACY,
)

#: Column order of the board; also the order keyboard moves walk through.
BOARD_ORDER: tuple[Stage, ...] = (Stage.INBOX, *RELATIONSHIP_STAGES, Stage.PARKED)

#: Soft limits on how many relationships of a stage a person can sustain (Dunbar-like
#: layers). The board shows when a column is past its hint; it never blocks a move.
CAPACITY_HINT: dict[Stage, int] = {
    Stage.DEVELOPMENT: 50,
    Stage.FRIENDSHIP: 15,
    Stage.INTIMACY: 5,
}


def parse_stage(text: str) -> Stage:
    """Read a stage name as a person types it (any case, surrounding spaces)."""
    key = text.strip().lower()
    try:
        return Stage(key)
    except ValueError:
        names = ", ".join(s.value for s in BOARD_ORDER)
        raise ValueError(f"unknown stage {text!r}; expected one of: {names}") from None


def neighbour_stage(stage: Stage, step: int) -> Stage | None:
    """The board column ``step`` places to the right (negative: left), or None at an edge."""
    index = BOARD_ORDER.index(stage) + step
    if 0 <= index < len(BOARD_ORDER):
        return BOARD_ORDER[index]
    return None


class _Days(NamedTuple):
    ideal_days: int
    max_days: int


class Cadence(_Days):
    """Expected rhythm of contact: past ``ideal_days`` a contact is cooling, past
    ``max_days`` it is cold. A NamedTuple checked in ``__new__`` (docs/HACKING.md,
    "Records on the way to the first paint")."""

    __slots__ = ()

    def __new__(cls, ideal_days: int, max_days: int) -> Cadence:
        if ideal_days < 1 or max_days < ideal_days:
            raise ValueError(
                f"cadence needs 1 <= ideal ({ideal_days}) <= maximum ({max_days})"
            )
        return super().__new__(cls, ideal_days, max_days)

    def scaled_to(self, ideal_days: int) -> Cadence:
        """A per-contact override keeps the stage's ratio between ideal and maximum."""
        ratio = self.max_days / self.ideal_days
        return Cadence(ideal_days, max(ideal_days, round(ideal_days * ratio)))


DEFAULT_CADENCE: dict[Stage, Cadence] = {
    # A fresh encounter fades fast: link while the connection is fresh.
    Stage.ENCOUNTER: Cadence(14, 30),
    Stage.RECOGNITION: Cadence(30, 60),
    # A joint initiative gives frequent, relevant reasons to be in touch.
    Stage.DEVELOPMENT: Cadence(21, 45),
    Stage.FRIENDSHIP: Cadence(45, 90),
    Stage.INTIMACY: Cadence(21, 60),
}


def cadence_for(
    stage: Stage,
    override_days: int | None = None,
    stage_cadences: dict[Stage, Cadence] | None = None,
) -> Cadence | None:
    """The cadence that applies to a contact, or None when it never goes cold."""
    table = stage_cadences or DEFAULT_CADENCE
    base = table.get(stage) or DEFAULT_CADENCE.get(stage)
    if base is None:
        return None
    if override_days:
        return base.scaled_to(override_days)
    return base


def new_from_import(stage: str | Stage, imported: bool, archived: bool = False) -> bool:
    """Whether a contact is "new from import": brought in by an import and still in the
    Inbox, waiting to be placed. The board's Inbox names how many and filters to them, so
    the people an import just added are not lost among earlier ones
    (``store.queries.new_from_import_condition`` is the same rule in SQL, parity-tested)."""
    return imported and not archived and str(stage) == Stage.INBOX.value
