"""Who matters most today: one ordering for the digest, the time-box suggestions, Today
and the tray menu.

A thoughtful friend does not remind you of whoever crossed a date first. They weigh how
close you are (an intimate friend drifting matters more than a stranger met months ago),
how far past its own rhythm a silence is (nine weeks is a lot for someone you see every
three, little for someone you see twice a year), promises with a date (follow-ups),
new encounters while they are fresh, and introductions waiting on you. Every item says
why, in the words a person would use: "usually every 3 weeks; now 9 weeks".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple, TypeVar

from relmanager.domain.stages import Stage
from relmanager.domain.warmth import Fresh
from relmanager.domain.wording import span

#: How much closeness weighs. An encounter scores at most 1 x 3 however long ago it was
#: met, a friend starts at 5, an intimate friend at 8: an intimate friend just cooling
#: comes before any colleague long gone cold, a friend before any stale encounter.
CLOSENESS: dict[str, float] = {
    Stage.ENCOUNTER.value: 1.0,
    Stage.RECOGNITION.value: 1.5,
    Stage.DEVELOPMENT.value: 2.5,
    Stage.FRIENDSHIP.value: 5.0,
    Stage.INTIMACY.value: 8.0,
}
#: Past two doublings of its rhythm (four times the usual gap), a silence does not grow
#: more urgent: it is simply cold.
MAX_DOUBLINGS = 2.0
FRESH_BASE = 7.0
FOLLOW_UP_BASE = 9.0
INTRODUCTION_BASE = 6.0
#: An occasion (a birthday, a year since meeting) is a day's reason: it ranks by closeness
#: above an ordinary silence of the same person, below a promise with a date.
OCCASION_BASE = 3.0


class Kind(StrEnum):
    COOLING = "cooling"
    COLD = "cold"
    FRESH = "fresh"
    FOLLOW_UP = "follow_up"
    INTRODUCTION = "introduction"
    OCCASION = "occasion"


class Item(NamedTuple):
    """One thing needing the user's attention, about one person.

    ``subject`` and ``occurrence`` name this crossing (a contact's cooling date, a
    follow-up's due date) so a reminder about it is given once; ``urgent`` marks what
    cannot wait (a fresh window closing, a follow-up overdue, an introduction stuck).
    A NamedTuple, not a frozen dataclass: a going-cold scan makes one per silent person
    (~11,000 at 100k contacts), and a frozen dataclass's ``__init__`` sets each of its 12
    fields through ``object.__setattr__`` (the scan 3.3x its SQL; the bench's cold row)."""

    kind: Kind
    contact_id: int
    name: str
    score: float
    why: str  # the reason; empty for a silence, worded from its rhythm when asked
    subject: str
    occurrence: str
    detail: str = ""
    urgent: bool = False
    snoozed_until: datetime | None = None
    rhythm: tuple[float, float] | None = None  # (usual interval, gap) in days
    #: The name of the person it is filed under, when ``name`` says something else (an
    #: introduction's is "Ana → Ben"; it is filed under one of them, or the introducer).
    person_name: str = ""

    @property
    def person(self) -> str:
        """Whom this is about, by name: what a digest names a person's reminders under."""
        return self.person_name or self.name

    @property
    def reason(self) -> str:
        """Why now, in words. Worded on demand: a big network has thousands of silences
        ranked and only the few on screen or in the digest are read."""
        if self.rhythm is not None and not self.why:
            return rhythm_reason(*self.rhythm)
        return self.why

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind.value, self.subject, self.occurrence)

    @property
    def snoozed(self) -> bool:
        return self.snoozed_until is not None


def describe_days(days: float) -> str:
    """A span as people say it: '10 days', '3 weeks', '4 months', '2 years'. The words of
    ``domain.wording.span``, the one the "Last two-way" column and the CLI use: this had
    its own rounding (66 days read "9 weeks" here, "2 months ago" beside it on Today)."""
    return span(max(0, round(days)))


def describe_rhythm(interval_days: float) -> str:
    """'every 3 weeks', 'every 10 days', 'every 3 months'."""
    return f"every {describe_days(interval_days)}"


def rhythm_reason(interval_days: float, gap_days: float) -> str:
    """Why a silence matters, relative to the person's own rhythm ("usually every 3 weeks;
    now 9 weeks"); in days when weeks would read the same ("now 23 days")."""
    gap = describe_days(gap_days)
    if gap == describe_days(interval_days):
        gap = f"{round(gap_days)} days"
    return f"usually {describe_rhythm(interval_days)}; now {gap}"


def silence_score(stage: str, interval_days: float, gap_days: float) -> float:
    """Closeness times how far past its rhythm (gap / expected interval, in doublings).
    Each ``max(a, b)`` is written ``b if b > a else a`` and each ``min`` alike (the same
    value, NaN included: the first unless the second is strictly past it): the builtins
    cost a fifth of the score, which a going-cold scan asks ~11,000 times."""
    interval = 1e-9 if interval_days < 1e-9 else interval_days
    ratio = gap_days / interval
    if ratio < 1.0:  # noqa: PLR1730 (max() is what this avoids)
        ratio = 1.0
    doublings = math.log2(ratio)
    if doublings > MAX_DOUBLINGS:  # noqa: PLR1730 (min() likewise)
        doublings = MAX_DOUBLINGS
    return CLOSENESS.get(stage, 0.0) * (1.0 + doublings)


def str_form(text: str | None) -> bool:
    """Whether ``text``, which ``datetime.fromisoformat`` reads, is exactly ``str()`` of
    the datetime it reads as ('YYYY-MM-DD HH:MM:SS': no 'T', fraction, offset or week
    date). A scan then keeps the column's text as an item's occurrence: ``str()`` of a
    datetime costs ~7,000 instructions, an eighth of a going-cold scan (the bench's cold
    row)."""
    return (text is not None and len(text) == 19 and text[4] == "-" and text[7] == "-"
            and text[10] == " " and text[13] == ":" and text[16] == ":")


def silence(contact_id: int, name: str, stage: str, *, anchor: datetime,
            cooling_at: datetime, cold_at: datetime | None, now: datetime,
            snoozed_until: datetime | None = None,
            texts: tuple[str | None, str | None] = (None, None)) -> Item | None:
    """A tracked contact past its ideal gap (cooling) or its maximum (cold). ``texts``
    are ``cooling_at`` and ``cold_at`` as a row gave them, used for the occurrence when
    in ``str()``'s form (:func:`str_form`)."""
    if cooling_at > now:
        return None
    interval = (cooling_at - anchor).total_seconds() / 86400
    gap = (now - anchor).total_seconds() / 86400
    cold = cold_at is not None and cold_at <= now
    # worded in calendar days, as relative_day words the same anchor ("Last two-way")
    days_since = float((now.date() - anchor.date()).days)
    # Every field positional: a NamedTuple's __new__ given keywords costs three times as
    # much, and a going-cold scan makes ~11,000 of these (the bench's cold row).
    text = texts[1] if cold else texts[0]
    if not str_form(text):
        text = str(cold_at if cold else cooling_at)
    return Item(Kind.COLD if cold else Kind.COOLING, contact_id, name,
                silence_score(stage, interval, gap), "", str(contact_id), text, "", cold,
                snoozed_until, (interval, days_since), "")


def days_left_text(fresh: Fresh) -> str:
    return "last day" if fresh.days_left == 1 else f"{fresh.days_left} days left"


def fresh_reason(fresh: Fresh, today: date) -> str:
    age = (today - fresh.met).days
    met = "met today" if age == 0 else "met yesterday" if age == 1 else f"met {age} days ago"
    return f"{met}; {days_left_text(fresh)}"


def fresh_item(contact_id: int, name: str, fresh: Fresh, now: datetime, window: int,
               snoozed_until: datetime | None = None) -> Item:
    """A new encounter inside its window: more pressing as the window closes."""
    closing = 2.0 * (1 - fresh.days_left / max(window, 1))
    return Item(Kind.FRESH, contact_id, name, FRESH_BASE + closing,
                fresh_reason(fresh, now.date()), str(contact_id), fresh.met.isoformat(),
                detail=days_left_text(fresh), urgent=fresh.closing, snoozed_until=snoozed_until)


def follow_up_item(follow_up_id: int, contact_id: int, name: str, title: str,
                   due_at: datetime, now: datetime,
                   snoozed_until: datetime | None = None) -> Item:
    late = (now.date() - due_at.date()).days
    reason = ("due today" if late <= 0 else "1 day overdue" if late == 1
              else f"{late} days overdue")
    return Item(Kind.FOLLOW_UP, contact_id, name, FOLLOW_UP_BASE + min(late, 7) / 7, reason,
                str(follow_up_id), str(due_at), detail=title, urgent=late > 0,
                snoozed_until=snoozed_until)


def introduction_item(introduction_id: int, contact_id: int, who: str, step: str,
                      since: datetime, now: datetime, occurrence: str,
                      snoozed_until: datetime | None = None, *, detail: str,
                      person: str) -> Item:
    """An introduction loop waiting on the user (or on the other side, for a while);
    ``detail`` is how long in words (``domain.introductions.waiting_words``), ``person``
    the name of ``contact_id``, whom it is filed under (``who`` names both sides)."""
    days = max(0, (now - since).days)
    return Item(Kind.INTRODUCTION, contact_id, who, INTRODUCTION_BASE + min(days, 28) / 28,
                step, str(introduction_id), occurrence, detail=detail,
                urgent=days >= 7, snoozed_until=snoozed_until, person_name=person)


def occasion_item(contact_id: int, name: str, stage: str, kind: str, reason: str,
                  day: date, snoozed_until: datetime | None = None) -> Item:
    """A birthday or a year since meeting (domain.occasions decides which are said): said
    once on its day; the closer the person, the higher it ranks."""
    return Item(Kind.OCCASION, contact_id, name, OCCASION_BASE + CLOSENESS.get(stage, 1.0),
                reason, f"{kind}:{contact_id}", day.isoformat(), detail=kind,
                snoozed_until=snoozed_until)


#: Reminders snoozed one by one: each is offered on a line of its own (the tray's
#: "Follow-ups due" and "Introductions"), and snoozing one of a person's two follow-ups
#: snoozed both, an introduction's snooze everything about the one it was filed under.
#: Every other reminder (going cold, fresh, an occasion) is about the person, and is
#: snoozed with the person.
SNOOZED_ALONE = frozenset({Kind.FOLLOW_UP, Kind.INTRODUCTION})


def snooze_key(kind: Kind, subject: str, contact_id: int) -> tuple[str, str]:
    """The one rule for what a snooze covers, as ``(kind, subject)`` in the notification
    state: a follow-up or an introduction itself, else the person. The tray files a
    snooze under it; Today, the menu and the digest look each reminder up by it."""
    if kind in SNOOZED_ALONE:
        return (kind.value, subject)
    return ("contact", str(contact_id))


def snooze_label(kind: Kind, span: str) -> str:
    """The menu's words for a snooze of ``span`` ("1 week"), saying what it silences."""
    what = {Kind.FOLLOW_UP: "this follow-up ", Kind.INTRODUCTION: "this introduction "}
    return f"Snooze {what.get(kind, '')}{span}"


def rank(items: Iterable[Item]) -> list[Item]:
    """Most important first; snoozed ones last (Today marks them, nothing else names
    them); ties by name so the order is stable from one morning to the next.

    The key is (snoozed, -score, name casefolded, subject), equal keys keeping their
    order; it is built column by column and zipped rather than by a key function called
    per item (a going-cold scan ranks ~11,000 items: the bench's cold row)."""
    items = list(items)
    keys = zip([i.snoozed_until is not None for i in items], [-i.score for i in items],
               [i.name.casefold() for i in items], [i.subject for i in items],
               range(len(items)), strict=True)
    return [items[key[4]] for key in sorted(keys)]


T = TypeVar("T")


def by_person(entries: Iterable[T], contact: Callable[[T], int]) -> list[list[T]]:
    """Entries (already in rank order) gathered by person: each person once, in the order
    of their first (most important) entry, with every entry of theirs in rank order.
    The one rule for "each person once": the digest says all of a person's reminders
    together under their name (it said the first and dropped the rest), and the time-box
    suggestions take each person's first."""
    groups: dict[int, list[T]] = {}
    for entry in entries:
        groups.setdefault(contact(entry), []).append(entry)
    return list(groups.values())


def people(items: Iterable[Item]) -> list[Item]:
    """The first (most important) item of each person, in rank order, snoozed left out."""
    ranked = [item for item in rank(items) if not item.snoozed]
    return [group[0] for group in by_person(ranked, lambda item: item.contact_id)]


def suggest(items: Iterable[Item], limit: int, recently: Iterable[int] = ()) -> list[Item]:
    """Whom to spend a time box on: the most important people, skipping those suggested
    in the last boxes (one person nine boxes in a row reads like a nag) unless there is
    nobody else."""
    ranked = people(items)
    recent = set(recently)
    chosen = [i for i in ranked if i.contact_id not in recent][:limit]
    if len(chosen) < limit:
        chosen += [i for i in ranked if i.contact_id in recent][:limit - len(chosen)]
    return chosen
