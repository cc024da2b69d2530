"""What needs the user's attention at a moment, ranked: the one read behind Today, the
tray menu, the digest and the time-box suggestions, so they cannot disagree.

The SQL here only narrows rows down (an index range, a stage list); every rule is applied
by ``domain.warmth`` and ranked by ``domain.priority``. Where SQL repeats a rule as a
filter (cooling_at <= now, tracked stages, due before tomorrow, fresh window), a parity
test holds it to the domain rule (tests/store/test_rule_parity.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from relmanager.domain import priority
from relmanager.domain.introductions import (
    OPEN_STATUSES,
    IntroStatus,
    check_in_due,
    reminder_person,
    step_words,
    waiting_words,
    who_line,
)
from relmanager.domain.priority import Item, Kind
from relmanager.domain.warmth import (
    TRACKED_STAGES,
    anchor_of,
    fresh_encounter,
    meeting_day,
)
from relmanager.store.follow_ups import due_before
from relmanager.store.in_lists import rows_in
from relmanager.store.models import NotificationState, database
from relmanager.store.occasion_reads import occasion_items

_STAGES = ",".join(f"'{s}'" for s in sorted(TRACKED_STAGES))

COLD_SQL = (
    "SELECT id, display_name, stage, cooling_at, cold_at, last_two_way_at, met_on, created_at "
    f"FROM contact WHERE archived = 0 AND cooling_at <= ? AND stage IN ({_STAGES})"
)
#: New encounters met (or, without a meeting date, entered) within the window.
FRESH_SQL = (
    "SELECT id, display_name, met_on, created_at, last_interaction_at, where_met, how_met "
    "FROM contact WHERE archived = 0 AND stage = 'encounter' AND "
    "((met_on IS NOT NULL AND met_on > ? AND met_on <= ?) "
    " OR (met_on IS NULL AND created_at >= ? AND created_at < ?))"
)
FOLLOW_UP_SQL = (
    "SELECT f.id, f.contact_id, c.display_name, f.title, f.due_at FROM follow_up f "
    "JOIN contact c ON c.id = f.contact_id WHERE f.done_at IS NULL AND f.due_at < ? "
    "ORDER BY f.due_at"
)
INTRO_SQL = (
    "SELECT i.id, i.status, i.requester_id, i.target_id, i.introducer_id, r.display_name, "
    "t.display_name, n.display_name, i.requested_at, i.consent_asked_at, i.consent_given_at, "
    "i.made_at, i.followed_up_at, i.follow_up_due_at FROM introduction i "
    "LEFT JOIN contact r ON r.id = i.requester_id LEFT JOIN contact t ON t.id = i.target_id "
    "LEFT JOIN contact n ON n.id = i.introducer_id "
    f"WHERE i.status IN ({','.join(repr(s.value) for s in sorted(OPEN_STATUSES))}) "
    "ORDER BY i.requested_at"
)


def _dt(value: object) -> datetime | None:
    if not value:  # None or ""
        return None
    if value.__class__ is str:  # what execute_sql hands back (a scan parses ~40,000)
        return datetime.fromisoformat(value)
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _day(value: object) -> date | None:
    """A day from a raw SQL row (text, or None): execute_sql converts nothing."""
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class FreshRow:
    """A fresh encounter with what Today shows beside it."""

    item: Item
    where: str


@dataclass(frozen=True)
class Attention:
    """Everything needing attention at ``now``, each list ranked by ``domain.priority``
    (snoozed people last, marked)."""

    now: datetime
    cold: tuple[Item, ...]
    fresh: tuple[FreshRow, ...]
    follow_ups: tuple[Item, ...]
    intros: tuple[Item, ...]
    #: Birthdays and "met a year ago today" (store.occasion_reads, domain.occasions).
    occasions: tuple[Item, ...] = ()

    def items(self) -> Iterator[Item]:
        yield from self.cold
        yield from (row.item for row in self.fresh)
        yield from self.follow_ups
        yield from self.intros
        yield from self.occasions


#: ``(kind, subject)`` -> snoozed until: what ``domain.priority.snooze_key`` looks up.
Snoozes = dict[tuple[str, str], datetime]


def snoozes(now: datetime) -> Snoozes:
    """Every snooze still running at ``now``: a person's, a follow-up's, an
    introduction's (``domain.priority.snooze_key`` says which a reminder is under)."""
    rows = (NotificationState.select(NotificationState.kind, NotificationState.subject,
                                     NotificationState.snoozed_until)
            .where(NotificationState.snoozed_until > now).tuples())
    return {(kind, subject): _dt(until) for kind, subject, until in rows}


def snoozed_contacts(now: datetime) -> dict[int, datetime]:
    """Contact id -> snoozed until, for the people snoozed at ``now`` (not their single
    follow-ups or introductions)."""
    return {int(subject): until for (kind, subject), until in snoozes(now).items()
            if kind == "contact" and subject.isdigit()}


def _snoozed(snoozed: Snoozes, kind: Kind, subject: str, contact_id: int) -> datetime | None:
    return snoozed.get(priority.snooze_key(kind, subject, contact_id))


def fresh_rows(now: datetime, window: int, snoozed: Snoozes) -> list[FreshRow]:
    today = now.date()
    oldest = today - timedelta(days=window)
    start = datetime.combine(oldest + timedelta(days=1), time())
    end = datetime.combine(today + timedelta(days=1), time())
    rows = []
    for cid, name, met_on, created, last, where, how in database.execute_sql(
            FRESH_SQL, (str(oldest), str(today), str(start), str(end))):
        met = meeting_day(_day(met_on), _dt(created))
        last_day = _day(last)
        fresh = fresh_encounter("encounter", met, last_day, today, window)
        if fresh is not None:
            until = _snoozed(snoozed, Kind.FRESH, str(cid), cid)
            rows.append(FreshRow(priority.fresh_item(cid, name, fresh, now, window, until),
                                 where or how or ""))
    order = {id(i): n for n, i in enumerate(priority.rank(r.item for r in rows))}
    return sorted(rows, key=lambda r: order[id(r.item)])


def cold_items(now: datetime, exclude: set[int], snoozed: Snoozes) -> list[Item]:
    """Every tracked contact past its ideal gap, ranked. The row's text is parsed in line
    (what ``_dt``/``_day`` do for text and None, the only values a raw TEXT column hands
    back): the scan parses ~45,000 values for ~11,000 people (the bench's cold row)."""
    parse, day, silence = datetime.fromisoformat, date.fromisoformat, priority.silence
    items = []
    for cid, name, stage, cooling, cold, two_way, met_on, created in database.execute_sql(
            COLD_SQL, (str(now),)):
        if cid in exclude:
            continue  # a fresh encounter is in "Link while fresh", never in both lists
        anchor = anchor_of(parse(two_way) if two_way else None,
                           day(met_on[:10]) if met_on else None, parse(created))
        item = silence(cid, name, stage, anchor=anchor, cooling_at=parse(cooling),
                       cold_at=parse(cold) if cold else None, now=now,
                       snoozed_until=_snoozed(snoozed, Kind.COLD, str(cid), cid),
                       texts=(cooling, cold))
        if item is not None:
            items.append(item)
    return priority.rank(items)


def follow_up_items(now: datetime, snoozed: Snoozes) -> list[Item]:
    tomorrow = due_before(now)
    return priority.rank(
        priority.follow_up_item(fid, cid, name, title, _dt(due), now,
                                _snoozed(snoozed, Kind.FOLLOW_UP, str(fid), cid))
        for fid, cid, name, title, due in database.execute_sql(FOLLOW_UP_SQL, (str(tomorrow),)))


def intro_items(now: datetime, snoozed: Snoozes) -> list[Item]:
    """Open introductions and the step each waits on; a made one only once its check-in
    is due (before that there is nothing to do)."""
    items = []
    for (iid, status_text, requester, target, introducer, r_name, t_name, i_name, requested,
         asked, given, made, followed, due) in database.execute_sql(INTRO_SQL):
        status = IntroStatus(status_text)
        due_at = _dt(due)
        if status is IntroStatus.MADE and not check_in_due(status, due_at, now):
            continue
        contact = reminder_person(requester, target, introducer)
        if contact is None:
            continue
        dates = {IntroStatus.REQUESTED: requested, IntroStatus.CONSENT_ASKED: asked,
                 IntroStatus.CONSENT_GIVEN: given, IntroStatus.MADE: made,
                 IntroStatus.FOLLOWED_UP: followed}
        since = _dt(dates[status]) or _dt(requested)
        items.append(priority.introduction_item(
            iid, contact, who_line(r_name, t_name, i_name),
            step_words(status, r_name, t_name, i_name), since, now,
            f"{status.value}:{since}", _snoozed(snoozed, Kind.INTRODUCTION, str(iid), contact),
            detail=waiting_words(status, since, due_at, now),
            person={requester: r_name, target: t_name, introducer: i_name}[contact]))
    return priority.rank(items)


def load(now: datetime, fresh_window: int) -> Attention:
    """Every list at ``now`` (plain reads; safe on a worker thread)."""
    snoozed = snoozes(now)
    fresh = fresh_rows(now, fresh_window, snoozed)
    cold = cold_items(now, {r.item.contact_id for r in fresh}, snoozed)
    return Attention(now, tuple(cold), tuple(fresh), tuple(follow_up_items(now, snoozed)),
                     tuple(intro_items(now, snoozed)), tuple(occasion_items(now, snoozed)))


def stage_and_last_contact(ids: list[int]) -> dict[int, tuple[str, datetime | None]]:
    """Stage and last two-way contact of the few contacts a list shows."""
    result: dict[int, tuple[str, datetime | None]] = {}
    for cid, stage, last in rows_in(
            "SELECT id, stage, last_two_way_at FROM contact WHERE id IN ({marks})", ids):
        result[cid] = (stage, _dt(last))
    return result
