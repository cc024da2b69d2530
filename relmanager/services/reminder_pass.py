"""One pass of the reminder service: at ``now``, what to say, which boxes open or close, and
when to look again. Store reads only (no Qt, no writes), so it runs on a worker thread;
the service applies the result on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relmanager.domain import priority
from relmanager.domain.preferences import Preferences
from relmanager.domain.priority import Kind
from relmanager.domain.text import one_line
from relmanager.domain.timebox import BoxSchedule, running_start, starts_on
from relmanager.services import reminder_meetings
from relmanager.services import reminder_rules as rules
from relmanager.services.reminder_rules import Notice
from relmanager.store import follow_ups, preferences, timeboxes, today_reads
from relmanager.store import notification_state as state
from relmanager.store import settings as store_settings

SENT_KEY = "reminders_sent_today"  # [ISO day, notifications shown that day]
RECENT_KEY = "timebox_recent_suggestions"  # contact ids suggested in the last boxes
RECENT_BOXES = 2


@dataclass(frozen=True)
class Pass:
    """One check's findings, applied by the service on the UI thread."""

    now: datetime
    notices: list[Notice] = field(default_factory=list)
    silent_keys: list[tuple[str, str, str]] = field(default_factory=list)
    open_boxes: list[tuple[int, int, datetime]] = field(default_factory=list)
    end_sessions: list[int] = field(default_factory=list)
    suggested: list[int] = field(default_factory=list)
    next_due: datetime | None = None
    #: Whom the scheduled box starting in this pass is for (said or not): the tray and
    #: Today name them while it runs.
    box_people: list[priority.Item] = field(default_factory=list)


def sent_today(day: date) -> int:
    stored = store_settings.get_value(SENT_KEY, None)
    return int(stored[1]) if stored and stored[0] == day.isoformat() else 0


def recently_suggested() -> list[int]:
    return [cid for box in store_settings.get_value(RECENT_KEY, []) for cid in box]


def digest_at(day: date, prefs: Preferences, schedules: list[BoxSchedule]) -> datetime:
    return rules.digest_moment(day, prefs.digest_at, starts_on(schedules, day))


def _box_notice(plan_id: int, minutes: int, start: datetime, now: datetime,
                people: list[str], progress: str) -> Notice:
    """A box that starts now says so; one announced later (after "snooze all", or a late
    check) says when it started and what is left, never that it is starting."""
    late = now - start >= timedelta(minutes=1)
    if late:
        left = max(1, int((start + timedelta(minutes=minutes) - now).total_seconds() // 60))
        title = f"Time box started at {start:%H:%M}: {left} min left"
    else:
        title = f"Time box: {minutes} min for your network"
    body = rules.try_line(people)
    return Notice("timebox", title, f"{body}\n{progress}", "today",
                  (("timebox", str(plan_id), str(start)),))


def compute(now: datetime, snoozed_until: datetime | None) -> Pass:
    """Everything one check decides, in the order a person would want it: boxes are kept
    (opened at their start, closed at their end) whatever is said; the day's digest once,
    merged with the day's box when they coincide; between digests only a box starting
    or ending and a follow-up due at an hour; then the daily cap, which always keeps a
    place for the digest."""
    prefs = preferences.load()
    plans = timeboxes.active_schedules()
    schedules = [s for _p, s in plans]
    announced = state.announced_keys()
    today = now.date()
    due_at = digest_at(today, prefs, schedules)
    digest_done = rules.digest_key(today) in announced
    quiet_start, quiet_end = prefs.quiet_hours
    quiet = rules.in_quiet_hours(now, quiet_start, quiet_end)
    snoozed_all = snoozed_until is not None and now < snoozed_until
    can_speak = prefs.notifications_enabled and not quiet and not snoozed_all
    result = Pass(now)
    progress = timeboxes.week_progress(now).describe()

    # Boxes are kept whether or not anything is said: minutes logged in a box count.
    session = timeboxes.current_session(now)
    end_notice = None
    if session is not None and timeboxes.planned_end(session) <= now:
        result.end_sessions.append(session.id)
        key = ("timebox_end", str(session.id), str(session.started_at))
        if not timeboxes.logged_in(session.id) and key not in announced:
            end_notice = Notice("timebox_end", "Time box over, nothing logged yet",
                                f"Log what you did?\n{progress}", "log", (key,))
        session = None
    running = [(plan, start) for plan, schedule in plans
               if (start := running_start(schedule, now)) is not None]
    box_start = None
    for plan, start in running:
        if timeboxes.slot_used_by_another(plan.id, start, plan.minutes):
            continue  # done by hand already: neither opened again nor announced
        if session is None and not timeboxes.session_started(plan.id, start):
            result.open_boxes.append((plan.id, plan.minutes, start))
            session = plan  # one open box at a time
        if ("timebox", str(plan.id), str(start)) not in announced and box_start is None:
            box_start = (plan, start)

    attention = today_reads.load(now, prefs.link_while_fresh_days)
    notices: list[Notice] = []
    if box_start is not None:
        chosen = timeboxes.suggest_people(attention, 3, prefs.timebox_sphere,
                                          recently_suggested())
        result.suggested.extend(i.contact_id for i in chosen)
        result.box_people.extend(chosen)
        plan, start = box_start
        box_notice = _box_notice(plan.id, plan.minutes, start, now, [i.name for i in chosen],
                                 progress)
    else:
        box_notice = None

    digest_now = can_speak and not digest_done and now >= due_at
    if digest_now:
        ranked = priority.rank(attention.items())
        waiting = rules.pending(ranked, announced)
        if waiting or box_notice is not None:
            everyone = {i.contact_id for i in ranked if not i.snoozed}
            digest = rules.compose_digest(waiting, everyone,
                                          box_notice.title if box_notice else None, today)
            if box_notice is not None:  # the day's box and digest in one notification
                lines = []
                if set(result.suggested) != set(digest.people):
                    lines.append(box_notice.body.split("\n")[0])  # "Try ..."
                if waiting:
                    lines.append(digest.body)
                digest = Notice("digest", digest.title, "\n".join([*lines, progress]),
                                "today", digest.keys + box_notice.keys, digest.people)
                box_notice = None
            notices.append(digest)
        else:
            result.silent_keys.append(rules.digest_key(today))  # nothing new to say today
    # A box start not said now (quiet hours, "snooze all") is said later only while the
    # box still runs, worded as started; once it is over it is never said at all.
    notices += [n for n in (box_notice, end_notice) if n is not None and can_speak]
    if can_speak and (digest_done or now < due_at):
        notices += _timed_follow_ups(attention, announced, now, prefs, schedules)
    if can_speak:
        notices += reminder_meetings.notices(now, prefs.meeting_brief_minutes, announced)

    sent = sent_today(today)
    done = digest_done
    for notice in notices:
        is_digest = notice.kind == "digest"
        if not rules.counts_against_cap(notice.kind):
            result.notices.append(notice)  # a meeting's notice is due now or never
        elif rules.cap_allows(sent, prefs.daily_cap, done, is_digest):
            result.notices.append(notice)
            sent += 1
            done = done or is_digest
        elif notice.kind in ("timebox", "timebox_end"):
            result.silent_keys.extend(notice.keys)  # never said late, in the wrong words
    box_shown = any(k[0] == "timebox" for n in result.notices for k in n.keys)
    return Pass(now, result.notices, result.silent_keys, result.open_boxes,
                result.end_sessions, result.suggested if box_shown else [],
                _next_due(now, prefs, schedules, digest_done or digest_now, snoozed_until),
                result.box_people)


def _timed_follow_ups(attention: today_reads.Attention, announced: set, now: datetime,
                      prefs: Preferences, schedules: list[BoxSchedule]) -> list[Notice]:
    """Follow-ups due at an hour after their day's digest interrupt when that hour comes,
    that day only (the rest are the digest's: one held back by the cap waits for it)."""
    notices = []
    for entry in rules.pending(attention.follow_ups, announced):
        due = datetime.fromisoformat(entry.item.occurrence)
        if (due.date() == now.date() and digest_at(due.date(), prefs, schedules) < due <= now
                and entry.item.kind is Kind.FOLLOW_UP):
            notices.append(Notice("follow_up", rules.line(entry.item), one_line(entry.item.detail),
                                  "today", (entry.key,), (entry.item.contact_id,)))
    return notices


def _next_due(now: datetime, prefs: Preferences, schedules: list[BoxSchedule],
              digest_done: bool, snoozed_until: datetime | None) -> datetime:
    """The next moment something may be said or a box opens or closes, from the domain
    schedule: a precise wake-up, not a poll. While "snooze all" runs only boxes (which
    open and close regardless) and its own end wake the service."""
    boxes: list[datetime] = [s.next_after(now) for s in schedules]
    candidates: list[datetime] = []
    today_at = digest_at(now.date(), prefs, schedules)
    if not digest_done and today_at > now:
        candidates.append(today_at)
    else:
        candidates.append(digest_at(now.date() + timedelta(days=1), prefs, schedules))
    session = timeboxes.current_session(now)
    if session is not None:
        boxes.append(max(now, timeboxes.planned_end(session)))
    for schedule in schedules:
        start = running_start(schedule, now)
        if start is not None:
            boxes.append(start + timedelta(minutes=schedule.minutes))
    upcoming = follow_ups.next_due_after(now)
    if upcoming is not None:
        candidates.append(upcoming)
    brief = reminder_meetings.next_due(now, prefs.meeting_brief_minutes)
    if brief is not None:
        candidates.append(brief)
    quiet_start, quiet_end = prefs.quiet_hours
    end = rules.quiet_end_after(now, quiet_start, quiet_end)
    if end is not None:
        candidates.append(end)
    if snoozed_until is not None and snoozed_until > now:
        candidates = [c for c in candidates if c > snoozed_until] + [snoozed_until]
    # Never empty: the next digest (today's, else tomorrow's) or the snooze's end is
    # always after ``now``.
    return min(c for c in candidates + boxes if c > now)
