"""Occasions: a birthday, or a year since we met, as a reason to reach out (issue 24, item 7).

A thoughtful friend remembers a birthday of someone they know, and notices "we met a year
ago today"; they do not send birthday wishes to a stranger from a conference, and nobody
expects a word from a contact still waiting in the Inbox or parked. So the stage decides
whether an occasion is mentioned at all, and closeness how high it ranks.

One rule, used by Today, the tray digest and the SQL that narrows 100,000 contacts down
to today's few (``store.occasion_reads``; a parity test holds the SQL to this module):

- a birthday is stored as ``YYYY-MM-DD`` or ``--MM-DD`` (year unknown); a met day is the
  meeting date, else the earlier of the first interaction and the day the contact was
  entered;
- an occasion falls on the same month and day; one on 29 February is kept on 28 February
  in years without a 29th (never skipped for three years, never said twice);
- "met a year ago" counts whole years, one or more (the day itself is "met today").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from relmanager.domain.stages import Stage


class OccasionKind(StrEnum):
    BIRTHDAY = "birthday"
    MET = "met"


#: Stages for which each occasion is mentioned. Birthdays once both can put a name to a
#: face (Recognition on); a year since meeting for every relationship stage, Encounter
#: included, since that is exactly the moment to pick a thread up again. Never for the
#: Inbox (not a relationship yet) or Parked (the user chose to let it rest).
MENTIONED: dict[OccasionKind, frozenset[str]] = {
    OccasionKind.BIRTHDAY: frozenset({Stage.RECOGNITION.value, Stage.DEVELOPMENT.value,
                                      Stage.FRIENDSHIP.value, Stage.INTIMACY.value}),
    OccasionKind.MET: frozenset({Stage.ENCOUNTER.value, Stage.RECOGNITION.value,
                                 Stage.DEVELOPMENT.value, Stage.FRIENDSHIP.value,
                                 Stage.INTIMACY.value}),
}
#: Every stage for which some occasion may be mentioned (what the SQL narrows to).
ANY_MENTIONED: frozenset[str] = frozenset().union(*MENTIONED.values())


@dataclass(frozen=True)
class Occasion:
    """One reason to reach out today, about one person."""

    kind: OccasionKind
    contact_id: int
    name: str
    stage: str
    day: date  # the day it is observed (28 Feb for a 29 Feb one in a common year)
    years: int | None  # age or years since meeting; None for a birthday without a year

    @property
    def reason(self) -> str:
        """In the words a person would use."""
        if self.kind is OccasionKind.BIRTHDAY:
            return ("birthday today" if self.years is None
                    else f"birthday today ({self.years})")
        return ("met a year ago today" if self.years == 1
                else f"met {self.years} years ago today")


#: The two stored forms of a birthday: ``YYYY-MM-DD``, or ``--MM-DD`` when the year is
#: unknown (vCard's form). The form, the store's validation and Today all read it here.
BIRTHDAY_FORMS = re.compile(r"^(?:(\d{4})-|--)(\d{2})-(\d{2})$")


def parse_month_day(text: str | None) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a stored birthday, or None when it is not one of the
    two stored forms or not a real day (a leap day is real in any year)."""
    if not text:
        return None
    match = BIRTHDAY_FORMS.match(text.strip())
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else None
    month, day = int(match.group(2)), int(match.group(3))
    try:
        date(2000 if year is None else year, month, day)  # 2000 is a leap year
    except ValueError:
        return None
    return year, month, day


def observed_on(month: int, day: int, year: int) -> date:
    """The day in ``year`` an occasion on ``month``/``day`` is kept: 29 February falls on
    28 February in common years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def month_days(today: date) -> tuple[str, ...]:
    """The "MM-DD" keys whose occasions fall on ``today``: its own, plus 02-29 on the 28th
    of February of a common year. The SQL filter uses exactly these."""
    keys = [f"{today.month:02d}-{today.day:02d}"]
    if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
        keys.append("02-29")
    return tuple(keys)


def falls_on(month: int, day: int, today: date) -> bool:
    return observed_on(month, day, today.year) == today


def birthday_today(birthday: str | None, today: date) -> tuple[bool, int | None]:
    """Whether a stored birthday falls today, and the age turned (None without a year,
    or for a year after today, which is a typing mistake, not a birthday)."""
    parsed = parse_month_day(birthday)
    if parsed is None:
        return False, None
    year, month, day = parsed
    if not falls_on(month, day, today):
        return False, None
    if year is None:
        return True, None
    if year > today.year:
        return False, None
    return True, today.year - year


def met_day(met_on: date | None, first_interaction: date | None, created: date) -> date:
    """The day a contact was met: the meeting date when known, else the earliest record
    of them (an interaction captured from an old calendar predates the contact's entry)."""
    if met_on is not None:
        return met_on
    if first_interaction is not None and first_interaction < created:
        return first_interaction
    return created


def years_since_met(met: date, today: date) -> int | None:
    """Whole years since ``met`` when today is its anniversary (one year or more)."""
    if today.year - met.year < 1 or not falls_on(met.month, met.day, today):
        return None
    return today.year - met.year


def occasions_for(contact_id: int, name: str, stage: str, *, birthday: str | None,
                  met: date, today: date, archived: bool = False) -> list[Occasion]:
    """Every occasion of one contact on ``today`` that its stage lets be mentioned."""
    if archived:
        return []
    found: list[Occasion] = []
    if stage in MENTIONED[OccasionKind.BIRTHDAY]:
        is_today, age = birthday_today(birthday, today)
        if is_today:
            found.append(Occasion(OccasionKind.BIRTHDAY, contact_id, name, stage, today, age))
    if stage in MENTIONED[OccasionKind.MET]:
        years = years_since_met(met, today)
        if years is not None:
            found.append(Occasion(OccasionKind.MET, contact_id, name, stage, today, years))
    return found
