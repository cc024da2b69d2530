"""Time-box sessions: start and stop by hand (or from the schedule), time remaining, and
the week's invested minutes against the commitment. Store-only, no Qt, so it is testable
with a fake clock; the reminder service and tray call it."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.domain.clock import Clock
from relmanager.domain.timebox import BoxSchedule, WeekProgress, parse_weekdays, week_start
from relmanager.store.models import Contact, TimeBoxPlan, TimeBoxSession, database

WEEK_MINUTES_SQL = (
    "SELECT coalesce(sum(minutes), 0) FROM interaction "
    "INDEXED BY interaction_timebox_session_id WHERE timebox_session_id IN "
    "(SELECT id FROM time_box_session WHERE started_at BETWEEN ? AND ?)"
)


def current_session(now: datetime) -> TimeBoxSession | None:
    """The open session, if any (at most one is open at a time)."""
    return (TimeBoxSession.select().where(TimeBoxSession.ended_at.is_null())
            .order_by(TimeBoxSession.started_at.desc()).first())


def start_box(clock: Clock, minutes: int, *, manual: bool = True,
              plan: TimeBoxPlan | None = None,
              started_at: datetime | None = None) -> TimeBoxSession:
    """Open a box (a scheduled one starts at its scheduled time even when announced a
    little late); a box already running is returned as it is."""
    now = clock.now()
    with database.atomic():
        open_session = current_session(now)
        if open_session is not None:
            return open_session
        return TimeBoxSession.create(plan=plan, started_at=min(started_at or now, now),
                                     planned_minutes=minutes, manual=manual)


def stop_box(clock: Clock) -> TimeBoxSession | None:
    session = current_session(clock.now())
    if session is not None:
        end_box_at(session, clock.now())
    return session


def remaining_seconds(session: TimeBoxSession, now: datetime) -> int:
    end = session.started_at.timestamp() + session.planned_minutes * 60
    return max(0, int(end - now.timestamp()))


def planned_end(session: TimeBoxSession) -> datetime:
    return session.started_at + timedelta(minutes=session.planned_minutes)


def end_box_at(session: TimeBoxSession, when: datetime) -> None:
    """Close ``session`` at ``when`` (its planned end when the machine slept through it, so
    a box never appears to have lasted all night)."""
    session.ended_at = min(when, planned_end(session))
    session.save()


def committed_minutes() -> int:
    """Minutes per week the active plans commit to."""
    total = 0
    for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
        try:
            start = datetime.strptime(plan.start_time, "%H:%M").time()
            total += BoxSchedule(parse_weekdays(plan.weekdays), start, plan.minutes).weekly_minutes
        except ValueError:
            continue
    return total


def week_progress(now: datetime) -> WeekProgress:
    """Minutes of interactions logged during this week's boxes against the commitment.

    Only box time counts (store.activity attributes each interaction logged during a box, or
    just after it, to that box): the point is a regular habit, not a tally of every meeting.
    """
    start = week_start(now)
    # Through the foreign-key index by name: most interactions are outside any box, so
    # ANALYZE sees one huge NULL group there and the planner would walk all of them.
    invested = database.execute_sql(WEEK_MINUTES_SQL, (str(start), str(now))).fetchone()[0]
    return WeekProgress(int(invested or 0), committed_minutes())


def suggest_people(now: datetime, limit: int = 3, sphere: str = "any") -> list[tuple[int, str]]:
    """Up to ``limit`` people for a time box: most overdue first (the going-cold order, which
    already weighs each stage's cadence), then the longest-unseen developing relationships.
    Inbox and Parked never come up; ``sphere`` narrows to business or personal."""
    tracked = Contact.stage.not_in(("inbox", "parked")) & (Contact.archived == False)  # noqa: E712
    if sphere in ("business", "personal"):
        tracked &= Contact.sphere.in_((sphere, "both"))
    base = Contact.select(Contact.id, Contact.display_name).where(tracked)
    overdue = list(base.where(Contact.cooling_at <= now).order_by(Contact.cooling_at)
                   .limit(limit).tuples())
    if len(overdue) < limit:
        seen = [row[0] for row in overdue]
        overdue += list(base.where(Contact.id.not_in(seen))
                        .order_by(Contact.last_interaction_at.asc(nulls="first"))
                        .limit(limit - len(overdue)).tuples())
    return overdue
