"""Time-box sessions: start and stop by hand (or from the schedule), time remaining, and
the week's invested minutes against the commitment. Store-only, no Qt, so it is testable
with a fake clock; the reminder service and tray call it. (It lived in services/ while
it ran its queries there; issue 21 moved it behind the store boundary.)"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from relmanager.domain import priority
from relmanager.domain.clock import Clock
from relmanager.domain.priority import Item, Kind
from relmanager.domain.timebox import (
    BoxSchedule,
    BoxSpan,
    WeekProgress,
    box_minutes,
    box_span,
    parse_weekdays,
    slot_taken,
    week_start,
)
from relmanager.domain.warmth import TRACKED_STAGES
from relmanager.domain.wording import cools_in
from relmanager.store import preferences, rollup, today_reads
from relmanager.store import settings as store_settings
from relmanager.store.in_lists import chunks
from relmanager.store.models import Contact, Interaction, TimeBoxPlan, TimeBoxSession, database
from relmanager.store.today_reads import Attention

#: Whom the running box is for: {"session": its id, "people": [[kind, contact id, name,
#: reason, subject, occurrence, detail, person], ...]}. Kept in the database, not only in
#: the tray's memory: after a restart the running box said "Time box running · 11:59
#: left" with nobody named, the tray's "Spend it on" was gone and the end-of-box question
#: named no one (stranger6).
PEOPLE_KEY = "timebox_people"

#: A group event (one row per participant) counts once, through its lead row, as on the
#: timeline: a 90-minute dinner with three friends is 90 minutes of the box, not 270.
WEEK_BOXES_SQL = (
    "SELECT s.id, s.started_at, s.planned_minutes, s.ended_at, i.occurred_at, i.minutes "
    "FROM time_box_session AS s LEFT JOIN interaction AS i "
    "INDEXED BY interaction_timebox_session_id ON i.timebox_session_id = s.id "
    f"AND {rollup.lead('i')} "
    "WHERE s.started_at BETWEEN ? AND ?"
)


def remember_people(session_id: int, people: Iterable[Item]) -> None:
    """Keep whom the box ``session_id`` was started for (one box runs at a time: the
    last one kept replaces any before it), as suggested then, reason included."""
    store_settings.set_value(PEOPLE_KEY, {"session": session_id, "people": [
        [p.kind.value, p.contact_id, p.name, p.reason, p.subject, p.occurrence, p.detail,
         p.person_name] for p in people]})


def people_of(session_id: int) -> list[Item]:
    """Whom the box ``session_id`` was started for, as :func:`remember_people` kept them
    (none when another box's were kept last, or a stored row is unreadable)."""
    kept = store_settings.get_value(PEOPLE_KEY, None)
    if not isinstance(kept, dict) or kept.get("session") != session_id:
        return []
    people = []
    for row in kept.get("people") or []:
        try:
            kind, contact_id, name, why, subject, occurrence, detail, person = row
            people.append(Item(Kind(kind), int(contact_id), str(name), 0.0, str(why),
                               str(subject), str(occurrence), str(detail),
                               person_name=str(person)))
        except (TypeError, ValueError):
            continue  # a row of another version: the others are still named
    return people


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


def schedule_of(plan: TimeBoxPlan) -> BoxSchedule | None:
    """A stored plan as the domain's schedule (None when the row is unusable)."""
    try:
        return BoxSchedule(parse_weekdays(plan.weekdays),
                           datetime.strptime(plan.start_time, "%H:%M").time(), plan.minutes)
    except ValueError:
        return None


def active_schedules() -> list[tuple[TimeBoxPlan, BoxSchedule]]:
    """Every active plan with its schedule, the one reading of plans for the service."""
    result = []
    for plan in TimeBoxPlan.select().where(TimeBoxPlan.active == True):  # noqa: E712
        schedule = schedule_of(plan)
        if schedule is not None:
            result.append((plan, schedule))
    return result


def committed_minutes() -> int:
    """Minutes per week the active plans commit to."""
    return sum(schedule.weekly_minutes for _plan, schedule in active_schedules())


def session_started(plan_id: int, start: datetime) -> bool:
    """Whether the scheduled box of ``plan_id`` at ``start`` has a session already."""
    return TimeBoxSession.select().where((TimeBoxSession.plan == plan_id)
                                         & (TimeBoxSession.started_at == start)).exists()


def slot_used_by_another(plan_id: int, start: datetime, minutes: int) -> bool:
    """Whether a box other than the scheduled one of ``plan_id`` at ``start`` (one
    started by hand, or another plan's) overlaps that slot (the rule:
    :func:`relmanager.domain.timebox.slot_taken`). Sessions last at most a day, so those
    started from a day before the slot are enough to look at."""
    slot_end = start + timedelta(minutes=minutes)
    rows = TimeBoxSession.select().where(
        (TimeBoxSession.started_at >= start - timedelta(days=1))
        & (TimeBoxSession.started_at < slot_end)
        & ~((TimeBoxSession.plan == plan_id) & (TimeBoxSession.started_at == start)))
    return slot_taken(start, minutes, ((_moment(s.started_at), _moment(s.ended_at)
                                        if s.ended_at is not None else planned_end(s))
                                       for s in rows))


def logged_in(session_id: int) -> bool:
    """Whether anything was logged during (or just after) the box."""
    return Interaction.select().where(Interaction.timebox_session == session_id).exists()


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def week_progress(now: datetime) -> WeekProgress:
    """Minutes of interactions logged during this week's boxes against the commitment.

    Only box time counts (store.activity attributes each interaction to the box it is
    dated in): the point is a regular habit, not a tally of every meeting. Each box adds
    what ``domain.timebox.box_minutes`` says: interactions dated inside its span, at most
    its own elapsed minutes. Today, the tray and the CLI all read this one sum.
    """
    start = week_start(now)
    # Through the foreign-key index by name: most interactions are outside any box, so
    # ANALYZE sees one huge NULL group there and the planner would walk all of them.
    boxes: dict[int, tuple[object, int, object]] = {}
    logs: dict[int, list[tuple[datetime, int]]] = {}
    for sid, started, planned, ended, occurred, minutes in database.execute_sql(
            WEEK_BOXES_SQL, (str(start), str(now))).fetchall():
        boxes[sid] = (started, planned, ended)
        if occurred is not None:
            logs.setdefault(sid, []).append((_moment(occurred), int(minutes or 0)))
    invested = 0
    for sid, (started, planned, ended) in boxes.items():
        span = box_span(_moment(started), int(planned),
                        _moment(ended) if ended is not None else None, now)
        invested += box_minutes(span, logs.get(sid, ()))
    return WeekProgress(invested, committed_minutes())


def suggest_people(attention: Attention, limit: int = 3, sphere: str = "any",
                   recently: Iterable[int] = ()) -> list[Item]:
    """Up to ``limit`` people for a time box, by the one priority rule (closeness, how far
    past their rhythm, follow-ups due, fresh encounters, introductions), snoozed people
    never, those suggested in the last boxes only when nobody else is left. ``sphere``
    narrows to business or personal."""
    items = list(attention.items())
    if sphere in ("business", "personal"):
        ids = list({i.contact_id for i in items})
        allowed: set[int] = set()
        for chunk in chunks(ids):
            allowed |= {row[0] for row in Contact.select(Contact.id).where(
                Contact.id.in_(chunk) & Contact.sphere.in_((sphere, "both"))).tuples()}
        items = [i for i in items if i.contact_id in allowed]
    chosen = priority.suggest(items, limit, recently)
    if len(chosen) < limit:  # nobody pressing: whoever is next to cool, snoozed never
        taken = {i.contact_id for i in items}
        tracked = (Contact.stage.in_(sorted(TRACKED_STAGES)) & (Contact.archived == False)  # noqa: E712
                   & Contact.cooling_at.is_null(False))
        if sphere in ("business", "personal"):
            tracked &= Contact.sphere.in_((sphere, "both"))
        snoozed = today_reads.snoozed_contacts(attention.now)
        for cid, name, cooling_at in (
                Contact.select(Contact.id, Contact.display_name, Contact.cooling_at)
                .where(tracked).order_by(Contact.cooling_at)
                .limit(limit * 4 + len(taken)).tuples()):
            if cid in taken or cid in snoozed:
                continue
            chosen.append(Item(priority.Kind.COOLING, cid, name, 0.0,
                               cools_in(_moment(cooling_at), attention.now), str(cid), ""))
            if len(chosen) == limit:
                break
    return chosen


def suggest_for_box(now: datetime, recently: Iterable[int] = ()) -> list[Item]:
    """Whom to spend a box starting at ``now`` on: the read Today and the tray use
    (going cold, fresh encounters, follow-ups due, introductions), ranked by the one
    priority rule, in the user's chosen sphere."""
    prefs = preferences.load()
    attention = today_reads.load(now, prefs.link_while_fresh_days)
    return suggest_people(attention, 3, prefs.timebox_sphere, recently)


def minutes_spent(session: TimeBoxSession, now: datetime) -> int:
    """The box's minutes, to put in its "what did you do?" log: from its start to when it
    was stopped (or is now), never past its planned end, at least one."""
    return max(1, span_of(session, now).elapsed_minutes)


def span_of(session: TimeBoxSession, now: datetime) -> BoxSpan:
    """The domain's span of a stored session (the one rule for what counts towards it)."""
    return box_span(session.started_at, session.planned_minutes, session.ended_at, now)


def session_by_id(session_id: int) -> TimeBoxSession | None:
    return TimeBoxSession.get_or_none(TimeBoxSession.id == session_id)


def latest_ended(now: datetime) -> TimeBoxSession | None:
    """The box that ended last (at or before ``now``), for a late click on its prompt."""
    return (TimeBoxSession.select().where(TimeBoxSession.ended_at.is_null(False)
                                          & (TimeBoxSession.ended_at <= now))
            .order_by(TimeBoxSession.ended_at.desc()).first())


def start_scheduled(clock: Clock, plan_id: int, minutes: int, start: datetime
                    ) -> TimeBoxSession | None:
    """Open the session of a scheduled box at its scheduled start (if the plan still
    exists and no box is open); the box running then, None without its plan."""
    plan = TimeBoxPlan.get_or_none(TimeBoxPlan.id == plan_id)
    if plan is None:
        return None
    return start_box(clock, minutes, manual=False, plan=plan, started_at=start)
