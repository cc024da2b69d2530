"""What the Today view lists, read from the store as plain, display-ready rows.

:func:`load` gathers everything in one pass with no Qt and no model objects left behind,
so the view can run it on a worker thread: at 100,000 contacts and a million
interactions the sections together take a few hundred milliseconds, too long for the UI
thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import peewee as pw

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.domain.timebox import WeekProgress
from relmanager.domain.warmth import Warmth, needs_fresh_follow_up
from relmanager.services import timeboxes
from relmanager.store import queries
from relmanager.store.models import Contact, FollowUp, Introduction
from relmanager.store.settings import fresh_days
from relmanager.ui.display import due_text, plural, relative_day, stage_label

LIMIT = 30
#: Encounters older than this are past "fresh": they show in the going-cold list instead.
FRESH_HORIZON_DAYS = 60


@dataclass(frozen=True)
class Entry:
    """One line of a Today section; ``contact_id`` is where a click leads."""

    contact_id: int
    columns: tuple[str, ...]
    urgent: bool = False


def going_cold(now: datetime) -> tuple[list[Contact], int]:
    """Most overdue first, and how many there are in all."""
    total = queries.count(queries.ContactFilter(warmth=queries.WarmthFilter.GOING_COLD), now)
    return queries.going_cold(now, limit=LIMIT), total


def link_while_fresh(now: datetime) -> list[Contact]:
    """New encounters with nothing logged since meeting, past the fresh window."""
    days = fresh_days()
    newest = (now - timedelta(days=days)).date()
    oldest = (now - timedelta(days=FRESH_HORIZON_DAYS)).date()
    rows = (Contact.select().where(
        (Contact.archived == False)  # noqa: E712
        & (Contact.stage == Stage.ENCOUNTER.value)
        & Contact.met_on.between(oldest, newest))
        .order_by(Contact.met_on).limit(LIMIT * 4))
    result = []
    for row in rows:
        met_at = datetime.combine(row.met_on, time())
        if needs_fresh_follow_up(Stage(row.stage), met_at, row.last_interaction_at, now, days):
            result.append(row)
    return result[:LIMIT]


def follow_ups_due(now: datetime) -> list[FollowUp]:
    end_of_day = datetime.combine(now.date(), time.max)
    return list(FollowUp.select(FollowUp, Contact).join(Contact)
                .where(FollowUp.done_at.is_null() & (FollowUp.due_at <= end_of_day))
                .order_by(FollowUp.due_at).limit(LIMIT))


def introductions_waiting(now: datetime) -> list[Entry]:
    """Open introductions and who the next step waits on (one query: the three people
    come through joins, not a lazy fetch per row)."""
    open_statuses = [IntroStatus.REQUESTED, IntroStatus.CONSENT_ASKED,
                     IntroStatus.CONSENT_GIVEN, IntroStatus.MADE, IntroStatus.FOLLOWED_UP]
    requester, target = Contact.alias(), Contact.alias()
    rows = (Introduction
            .select(Introduction, requester.display_name.alias("requester_name"),
                    target.display_name.alias("target_name"))
            .join(requester, pw.JOIN.LEFT_OUTER, on=(Introduction.requester == requester.id))
            .switch(Introduction)
            .join(target, pw.JOIN.LEFT_OUTER, on=(Introduction.target == target.id))
            .where(Introduction.status.in_([s.value for s in open_statuses]))
            .order_by(Introduction.requested_at).limit(LIMIT * 2).objects())
    entries = []
    for intro in rows:
        status = IntroStatus(intro.status)
        who_asks, who_meets = intro.requester_name or "you", intro.target_name or "you"
        if status is IntroStatus.MADE and (intro.follow_up_due_at is None
                                          or intro.follow_up_due_at > now):
            continue
        waiting = {
            IntroStatus.REQUESTED: f"ask {who_meets} whether they would like to meet {who_asks}",
            IntroStatus.CONSENT_ASKED: f"waiting on {who_meets}'s answer",
            IntroStatus.CONSENT_GIVEN: f"{who_meets} agreed: make the introduction",
            IntroStatus.MADE: f"close the loop: did {who_asks} and {who_meets} meet?",
            IntroStatus.FOLLOWED_UP: "followed up: close it",
        }[status]
        since = getattr(intro, status.date_field) or intro.requested_at
        contact = intro.target_id or intro.requester_id or intro.introducer_id
        if contact is None:
            continue
        entries.append(Entry(contact, (f"{who_asks} → {who_meets}", waiting,
                                       f"{(now - since).days} days"),
                             urgent=(now - since).days >= 7))
    return entries[:LIMIT]


Row = tuple[int, tuple[str, ...], Warmth | None]


@dataclass(frozen=True)
class TodayData:
    """Everything the Today view shows, as plain rows (contact id, columns, warmth)."""

    now: datetime
    progress: WeekProgress
    cold: list[Row]
    cold_total: int
    fresh: list[Row]
    follow_ups: list[Row]
    intros: list[Row]


def load(now: datetime) -> TodayData:
    """All of Today at ``now`` (runs on a worker thread; no Qt in here)."""
    contacts, total = going_cold(now)
    cold: list[Row] = []
    for contact in contacts:
        warmth = Warmth.COLD if contact.cold_at and contact.cold_at <= now else Warmth.COOLING
        overdue = (now - contact.cooling_at).days
        cold.append((contact.id, (contact.display_name, stage_label(contact.stage),
                                  plural(overdue, "day"),
                                  relative_day(contact.last_two_way_at, now)), warmth))
    fresh: list[Row] = [(c.id, (c.display_name, relative_day(c.met_on, now),
                                c.where_met or c.how_met), Warmth.COOLING)
                        for c in link_while_fresh(now)]
    follow_ups: list[Row] = [
        (f.contact.id, (f.contact.display_name, f.title, due_text(f.due_at, now, None)), None)
        for f in follow_ups_due(now)]
    intros: list[Row] = [(e.contact_id, e.columns, None) for e in introductions_waiting(now)]
    return TodayData(now, timeboxes.week_progress(now), cold, total, fresh, follow_ups, intros)
