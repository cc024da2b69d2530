"""What the Today view lists, read straight from the store (each query is indexed and
limited, so it stays in milliseconds at 100,000 contacts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import peewee as pw

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.domain.timebox import BoxSchedule, WeekProgress, parse_weekdays, week_start
from relmanager.domain.warmth import needs_fresh_follow_up
from relmanager.store import queries
from relmanager.store.models import (
    Contact,
    FollowUp,
    Interaction,
    Introduction,
    TimeBoxPlan,
)
from relmanager.store.settings import fresh_days

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


def _person(contact: Contact | None) -> str:
    return contact.display_name if contact is not None else "you"


def introductions_waiting(now: datetime) -> list[Entry]:
    """Open introductions and who the next step waits on."""
    open_statuses = [IntroStatus.REQUESTED, IntroStatus.CONSENT_ASKED,
                     IntroStatus.CONSENT_GIVEN, IntroStatus.MADE, IntroStatus.FOLLOWED_UP]
    rows = (Introduction.select()
            .where(Introduction.status.in_([s.value for s in open_statuses]))
            .order_by(Introduction.requested_at).limit(LIMIT * 2))
    entries = []
    for intro in rows:
        status = IntroStatus(intro.status)
        requester, target = _person(intro.requester), _person(intro.target)
        if status is IntroStatus.MADE and (intro.follow_up_due_at is None
                                          or intro.follow_up_due_at > now):
            continue
        waiting = {
            IntroStatus.REQUESTED: f"ask {target} whether they would like to meet {requester}",
            IntroStatus.CONSENT_ASKED: f"waiting on {target}'s answer",
            IntroStatus.CONSENT_GIVEN: f"{target} agreed: make the introduction",
            IntroStatus.MADE: f"close the loop: did {requester} and {target} meet?",
            IntroStatus.FOLLOWED_UP: "followed up: close it",
        }[status]
        since = getattr(intro, status.date_field) or intro.requested_at
        contact = intro.target_id or intro.requester_id or intro.introducer_id
        if contact is None:
            continue
        entries.append(Entry(contact, (f"{requester} → {target}", waiting,
                                       f"{(now - since).days} days"),
                             urgent=(now - since).days >= 7))
    return entries[:LIMIT]


def week_progress(now: datetime) -> WeekProgress:
    """Minutes logged this week against what the active time-box plans commit to; the
    reminder service feeds its own figure once it runs."""
    start = week_start(now)
    minutes = int(Interaction.select(pw.fn.coalesce(pw.fn.sum(Interaction.minutes), 0))
                  .where(Interaction.occurred_at.between(start, now)).scalar() or 0)
    committed = 0
    for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
        try:
            hour, minute = (int(p) for p in plan.start_time.split(":"))
            committed += BoxSchedule(parse_weekdays(plan.weekdays), time(hour, minute),
                                     plan.minutes).weekly_minutes
        except ValueError:
            continue
    return WeekProgress(minutes, committed)
