"""Relationships are two-way: gives, asks and receives, and the balance between them."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

from relmanager.domain.stages import Stage

#: The recent window of give and take: the profile's Give & take tab counts it, beside
#: the all-time figures the header and the list show. Each figure names its period, since
#: the same words over two windows read as two answers to one question.
RECENT_DAYS = 365
RECENT_PERIOD = "last 12 months"
ALL_TIME = "all time"


class Exchange(StrEnum):
    GIVE = "give"  # help, a shared link, an introduction, advice
    ASK = "ask"
    RECEIVE = "receive"
    NEUTRAL = "neutral"


class Initiator(StrEnum):
    ME = "me"
    THEM = "them"


class Balance(NamedTuple):
    gives: int = 0
    asks: int = 0
    receives: int = 0
    neutral: int = 0

    @property
    def takes(self) -> int:
        """Asking and receiving both draw on the relationship."""
        return self.asks + self.receives

    @property
    def net(self) -> int:
        """Positive: the user has given more than taken."""
        return self.gives - self.takes

    @property
    def total(self) -> int:
        return self.gives + self.asks + self.receives + self.neutral

    def describe(self) -> str:
        if self.gives == self.takes == 0:
            return "No gives or asks yet"
        if self.net > 0:
            return f"You have given {self.net} more than you took"
        if self.net < 0:
            return f"You have taken {-self.net} more than you gave"
        return "Balanced"


def ask_advice(stage: Stage, current: Balance) -> str | None:
    """A gentle word before asking someone for something, or None when it is fair.

    Asking early (encounter, recognition) or of someone never given to spends trust that
    was never built.
    """
    if stage in (Stage.INBOX, Stage.ENCOUNTER, Stage.RECOGNITION):
        return (
            f"This is an ask of someone still at {stage.label.lower()}. "
            "Consider offering something first: an introduction, a link, advice."
        )
    if current.gives == 0:
        return (
            "You have never logged a give to this person. "
            "A relationship is two-way: consider offering something first."
        )
    if current.net < -2:
        return f"{current.describe()}: consider giving before asking again."
    return None
