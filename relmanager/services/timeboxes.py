"""Time-box sessions: start and stop by hand (or from the schedule), time remaining, and
the week's invested minutes against the commitment. Store-only, no Qt, so it is testable
with a fake clock; the reminder service and tray call it."""

from __future__ import annotations

from datetime import datetime

from relmanager.domain.clock import Clock
from relmanager.domain.timebox import WeekProgress, week_start
from relmanager.store.models import Interaction, TimeBoxPlan, TimeBoxSession, database


def current_session(now: datetime) -> TimeBoxSession | None:
    """The open session, if any (at most one is open at a time)."""
    return (TimeBoxSession.select().where(TimeBoxSession.ended_at.is_null())
            .order_by(TimeBoxSession.started_at.desc()).first())


def start_box(clock: Clock, minutes: int, *, manual: bool = True,
              plan: TimeBoxPlan | None = None) -> TimeBoxSession:
    now = clock.now()
    with database.atomic():
        open_session = current_session(now)
        if open_session is not None:
            return open_session
        return TimeBoxSession.create(plan=plan, started_at=now, planned_minutes=minutes,
                                     manual=manual)


def stop_box(clock: Clock) -> TimeBoxSession | None:
    session = current_session(clock.now())
    if session is not None:
        session.ended_at = clock.now()
        session.save()
    return session


def remaining_seconds(session: TimeBoxSession, now: datetime) -> int:
    end = session.started_at.timestamp() + session.planned_minutes * 60
    return max(0, int(end - now.timestamp()))


def week_progress(now: datetime) -> WeekProgress:
    """Minutes of interactions logged this week against the active plans' commitment."""
    start = week_start(now)
    invested = (Interaction.select(Interaction.minutes)
                .where(Interaction.occurred_at >= start, Interaction.occurred_at <= now))
    total = sum(row.minutes or 0 for row in invested)
    committed = sum(len([d for d in p.weekdays.split(",") if d.strip()]) * p.minutes
                    for p in TimeBoxPlan.select().where(TimeBoxPlan.active == True))  # noqa: E712
    return WeekProgress(total, committed)
