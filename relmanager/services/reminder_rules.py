"""Pure rules of what the reminder service says and when (no Qt, no store): when the day's
digest is due, what it names, how each reminder is worded, and the daily cap.

A thoughtful friend gives one digest a day naming the few people who matter most, and
interrupts between digests only for what is bound to a time (a time box starting, a
follow-up due at a given hour). Cooling and cold are different news and are worded
differently; nothing is said twice in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from relmanager.domain.preferences import MORNING
from relmanager.domain.priority import Item, Kind, by_person
from relmanager.domain.text import LINE_CHARS, one_line

#: People named in a digest; the rest are "and N more" (opening Today).
DIGEST_NAMES = 3
#: Key kind of the second nudge for a fresh encounter whose window is closing.
FRESH_CLOSING = "fresh_closing"


@dataclass(frozen=True)
class Notice:
    """One notification: what it says, where a click leads, and the crossings it covers
    (recorded as announced so none is said again)."""

    kind: str  # digest, timebox, timebox_end, follow_up
    title: str
    body: str
    view: str
    keys: tuple[tuple[str, str, str], ...] = field(default=())
    people: tuple[int, ...] = field(default=())  # contact ids it names


def in_quiet_hours(now: datetime, start: time | None, end: time | None) -> bool:
    """Quiet hours may wrap midnight (22:00 to 07:00)."""
    if start is None or end is None or start == end:
        return False
    t = now.time()
    return start <= t < end if start < end else (t >= start or t < end)


def quiet_end_after(now: datetime, start: time, end: time) -> datetime | None:
    """When the quiet hours ``now`` is in end (None when not quiet)."""
    if not in_quiet_hours(now, start, end):
        return None
    moment = datetime.combine(now.date(), end)
    return moment if moment > now else moment + timedelta(days=1)


def next_quiet_change(now: datetime, start: time | None, end: time | None
                      ) -> datetime | None:
    """The next moment after ``now`` quiet hours begin or end (None without them): when
    "reminders held until ..." has to appear or go."""
    if start is None or end is None or start == end:
        return None
    return min(moment for days in (0, 1) for at in (start, end)
               if (moment := datetime.combine(now.date() + timedelta(days=days), at)) > now)


def held_until(now: datetime, start: time | None, end: time | None,
               enabled: bool = True) -> datetime | None:
    """Until when reminders due now are held by quiet hours (None when they are not: no
    quiet hours now, or notifications off, which is not holding but silence)."""
    if not enabled or start is None or end is None:
        return None
    return quiet_end_after(now, start, end)


def digest_moment(day: date, picked: time | None, box_starts: Sequence[datetime]) -> datetime:
    """When the day's digest is due: the time the user picked, else the start of the
    day's first time box (one notification for both), else the morning."""
    if picked is not None:
        return datetime.combine(day, picked)
    if box_starts:
        return min(box_starts)
    return datetime.combine(day, MORNING)


def digest_key(day: date) -> tuple[str, str, str]:
    return ("digest", "daily", day.isoformat())


#: Each kind of reminder in words: said alone, the name in its sentence (cooling, cold and
#: the closing fresh window each in their own words, so a second reminder never reads
#: like a repeat of the first); and after the name said once (:func:`person_line`).
_WORDS: dict[str, tuple[str, str]] = {
    Kind.COOLING: ("{name} is cooling: {reason}", "cooling ({reason})"),
    Kind.COLD: ("{name} has gone cold: {reason}", "gone cold ({reason})"),
    FRESH_CLOSING: ("Last chance to link with {name} while fresh: {reason}",
                    "last chance to link while fresh ({reason})"),
    Kind.FRESH: ("Link with {name} while fresh: {reason}", "link while fresh ({reason})"),
    Kind.FOLLOW_UP: ("Follow up with {name}: {detail} ({reason})",
                     "follow up: {detail} ({reason})"),
    # how long it waited, in the words Today shows; "Ana → Ben" says which introduction
    Kind.INTRODUCTION: ("{name}: {reason} ({detail})", "{name}: {reason} ({detail})"),
}
_ANY = ("{name}: {reason}", "{reason}")


def _worded(item: Item, kind: str | None, form: int) -> str:
    """The name, a follow-up's title and the reason (which may quote a name) are
    isolated: an override in them would turn the rest of the notification's line
    backwards; each is cut as a one-line place's text is (``one_line``), so a
    100,000-character name or follow-up title does not make the whole notification, the
    tray's tooltip or Today's time-box line."""
    template = _WORDS.get(kind or item.kind.value, _ANY)[form]
    return template.format(name=one_line(item.name), detail=one_line(item.detail),
                           reason=one_line(item.reason))


def line(item: Item, kind: str | None = None) -> str:
    """One reminder in words, the name in its sentence."""
    return _worded(item, kind, 0)


def tail(item: Item, kind: str | None = None) -> str:
    """One reminder in words without the person's name in front, for a line that says
    several of one person's reminders after their name once (:func:`person_line`)."""
    return _worded(item, kind, 1)


def person_line(entries: Sequence[Pending]) -> str:
    """Everything waiting about one person, their name said once: one reminder in its
    own words (:func:`line`), several as "Ben — Ana → Ben: close the loop: ... (due
    today); and gone cold (...)", most important first, so a second reminder about
    someone is neither lost nor said as if it were about somebody else."""
    if len(entries) == 1:
        return line(entries[0].item, entries[0].kind)
    parts = [tail(p.item, p.kind) for p in entries]
    said = "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"{one_line(entries[0].item.person)} — {said}"


#: The most characters of one name where several share a short line: the running box's
#: status (Today's, the tray's tooltip), the tray menu's items, the end-of-box question.
#: Three names of a one-line place's length (:data:`LINE_CHARS`) pushed the countdown out
#: of Today's line at 1366 pixels, and made a tray menu item 1,280 pixels wide.
SHORT_NAME_CHARS = 40
#: The most characters of a follow-up's title or an introduction's step in a tray item.
SHORT_DETAIL_CHARS = 80


def names(people: Sequence[str], limit: int = LINE_CHARS) -> str:
    """"A, B and C", each name by the display rule and cut at ``limit`` (see
    :func:`_worded`): the box's notification, the digest's title and, at
    :data:`SHORT_NAME_CHARS`, the running box's status line."""
    people = [one_line(p, limit) for p in people]
    if len(people) <= 1:
        return "".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


def try_line(people: Sequence[str]) -> str:
    """Whom a time box is for, in one sentence (a box started by hand or by schedule)."""
    return f"Try {names(people)}." if people else "Anyone you have been meaning to reach."


@dataclass(frozen=True)
class Pending:
    """An item not yet announced, with the key (and wording) it would be announced as."""

    item: Item
    kind: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.item.subject, self.item.occurrence)


def pending(items: Iterable[Item], announced: set[tuple[str, str, str]]) -> list[Pending]:
    """What has not been said yet, in rank order: each crossing once; a fresh encounter
    once when met and once more as its window closes. Snoozed people never."""
    result = []
    for item in items:
        if item.snoozed:
            continue
        if item.key not in announced:
            result.append(Pending(item, item.kind.value))
        elif item.kind is Kind.FRESH and item.urgent:
            closing = Pending(item, FRESH_CLOSING)
            if closing.key not in announced:
                result.append(closing)
    return result


def compose_digest(waiting: Sequence[Pending], everyone: set[int], box: str | None,
                   day: date) -> Notice:
    """The day's digest, by person (``domain.priority.by_person``), each named once with
    every reminder of theirs waiting: every encounter new since the last digest (those
    with nothing else waiting on one "Link while fresh" line: they are named once, in
    the next digest, while fresh), then the few people who matter most in rank order,
    and "and N more" pointing at Today. A person with two reminders (going cold and an
    introduction's check-in) had the second dropped: Today and the tray listed it, the
    digest never said it."""
    groups = by_person(waiting, lambda p: p.item.contact_id)
    fresh = [g for g in groups if any(p.kind == Kind.FRESH.value for p in g)]
    rest = [g for g in groups if not any(p.kind == Kind.FRESH.value for p in g)]
    named = rest[:DIGEST_NAMES - (1 if fresh else 0)]
    alone = [g[0] for g in fresh if len(g) == 1]
    lines = []
    if alone:
        lines.append("Link while fresh: " + "; ".join(
            f"{one_line(p.item.name)} ({one_line(p.item.reason)})" for p in alone))
    lines += [person_line(g) for g in fresh if len(g) > 1]
    lines += [person_line(g) for g in named]
    said = [p for g in fresh + named for p in g]
    seen = {p.item.contact_id for p in said}
    others = len(everyone - seen)
    if others > 0:
        lines.append(f"and {others:,} more in Today")  # "11,459", as Today and the CLI count
    who = [g[0].item.person for g in named]
    if len(fresh) == 1:
        who.append(fresh[0][0].item.person)
    elif fresh:
        who.append(f"{len(fresh)} new encounters")
    # Someone is always named: compose is only called with nobody waiting for a box's title.
    title = box or f"Today: {names(who)}"
    keys = (*(p.key for p in said), digest_key(day))
    return Notice("digest", title, "\n".join(lines) or title, "today", keys,
                  tuple(g[0].item.contact_id for g in fresh + named))


#: Notices bound to a meeting's time: a brief after the meeting began, or a "Log it"
#: after its window, is no use, so holding one back for the daily cap loses it for good.
#: They are outside the cap (and not counted in it): a day of meetings has its briefs.
TIME_BOUND = frozenset({"meeting", "meeting_end"})


def counts_against_cap(kind: str) -> bool:
    """Whether a notice of ``kind`` uses (and is held back by) the daily cap."""
    return kind not in TIME_BOUND


def cap_allows(sent_today: int, cap: int, digest_done: bool, is_digest: bool) -> bool:
    """The daily cap, with one place kept for the digest until it has been given."""
    if is_digest:
        return sent_today < cap
    return sent_today < cap - (0 if digest_done else 1)
