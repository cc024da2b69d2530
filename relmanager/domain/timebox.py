"""Time boxes: a small, medium or large commitment of time, on a schedule.

"Set aside an evening, a cup of coffee, a few minutes a day. Put a box around the time
commitment." A plan says how long and when; the week's invested minutes are compared with
what the plans commit to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class BoxSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @property
    def default_minutes(self) -> int:
        return {BoxSize.SMALL: 15, BoxSize.MEDIUM: 30, BoxSize.LARGE: 60}[self]


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = frozenset(range(5))


@dataclass(frozen=True)
class BoxSchedule:
    """When a box happens: weekdays (0 = Monday) at a local time, for ``minutes``."""

    weekdays: frozenset[int]
    start: time
    minutes: int

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError("a time box needs at least one day of the week")
        if not 1 <= self.minutes <= 24 * 60:
            raise ValueError("a time box lasts between 1 minute and a day")

    def occurrences(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """Start times of boxes with ``start <= t < end``, in order."""
        day = start.date()
        while True:
            moment = datetime.combine(day, self.start)
            if moment >= end:
                return
            if day.weekday() in self.weekdays and moment >= start:
                yield moment
            day += timedelta(days=1)

    def next_after(self, moment: datetime) -> datetime:
        """The first box start strictly after ``moment`` (always exists within 8 days)."""
        return next(self.occurrences(moment + timedelta(microseconds=1),
                                     moment + timedelta(days=8)))

    @property
    def weekly_minutes(self) -> int:
        return len(self.weekdays) * self.minutes

    def describe(self) -> str:
        if self.weekdays == WEEKDAYS:
            days = "Weekdays"
        elif self.weekdays == frozenset(range(7)):
            days = "Every day"
        else:
            days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        return f"{days} at {self.start:%H:%M}, {self.minutes} min"


def parse_weekdays(text: str) -> frozenset[int]:
    """'0,1,2,3,4' (as stored) to a set of weekday numbers."""
    return frozenset(int(part) for part in text.split(",") if part.strip())


def format_weekdays(days: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days)))


def week_start(moment: datetime | date) -> datetime:
    """Monday 00:00 of the week containing ``moment``."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return datetime.combine(day - timedelta(days=day.weekday()), time())


@dataclass(frozen=True)
class WeekProgress:
    invested_minutes: int
    committed_minutes: int

    @property
    def fraction(self) -> float:
        if self.committed_minutes <= 0:
            return 1.0 if self.invested_minutes else 0.0
        return self.invested_minutes / self.committed_minutes

    def describe(self) -> str:
        if self.committed_minutes <= 0:
            return f"{self.invested_minutes} min invested this week (no commitment set)"
        return (
            f"{self.invested_minutes} of {self.committed_minutes} min invested this week "
            f"({self.fraction:.0%})"
        )


def running_start(schedule: BoxSchedule, now: datetime) -> datetime | None:
    """The start of the scheduled box ``now`` falls in (start <= now < end), if any."""
    for start in schedule.occurrences(now - timedelta(minutes=schedule.minutes),
                                      now + timedelta(microseconds=1)):
        if start <= now < start + timedelta(minutes=schedule.minutes):
            return start
    return None


def slot_taken(slot_start: datetime, minutes: int,
               sessions: Iterable[tuple[datetime, datetime]]) -> bool:
    """Whether a box the user ran (``sessions``: each one's start and end, its planned
    end while it is open) overlaps the scheduled slot ``slot_start`` + ``minutes``: that
    slot is used. A box started by hand just before or during a scheduled one is that
    day's box: opening the scheduled one after it (back-dated to its start, after a
    restart inside the slot) would count one sitting twice and announce a box already
    done."""
    slot_end = slot_start + timedelta(minutes=minutes)
    return any(start < slot_end and end > slot_start for start, end in sessions)


def starts_on(schedules: Iterable[BoxSchedule], day: date) -> list[datetime]:
    """Every scheduled box start on ``day``, earliest first."""
    begin = datetime.combine(day, time())
    return sorted(s for plan in schedules
                  for s in plan.occurrences(begin, begin + timedelta(days=1)))


#: An interaction dated this long after a box ended still counts towards it: the "what did
#: you do?" prompt comes at the end of the box, so what is logged then is dated just after.
BOX_GRACE = timedelta(minutes=30)


@dataclass(frozen=True)
class BoxSpan:
    """The time a box covered: from its start (to the minute, as interactions are dated)
    to its end (when it was stopped, or ``now`` while it runs, never past its plan), and
    the whole minutes it has run."""

    start: datetime
    end: datetime
    elapsed_minutes: int

    def holds(self, occurred_at: datetime) -> bool:
        """Whether an interaction dated ``occurred_at`` happened in this box (or in the
        grace after it). One dated yesterday never counts towards today's box."""
        return self.start <= occurred_at <= self.end + BOX_GRACE


def box_span(started_at: datetime, planned_minutes: int, ended_at: datetime | None,
             now: datetime) -> BoxSpan:
    """The span of a box started at ``started_at`` for ``planned_minutes``, stopped at
    ``ended_at`` (None while it runs), seen at ``now``. Its elapsed minutes are rounded
    up (a box stopped after 4 min 10 s ran 5) and never more than planned."""
    planned_end = started_at + timedelta(minutes=planned_minutes)
    end = max(min(ended_at or now, planned_end), started_at)
    seconds = int((end - started_at).total_seconds())
    return BoxSpan(started_at.replace(second=0, microsecond=0), end,
                   min(planned_minutes, -(-seconds // 60)))


def box_minutes(span: BoxSpan, logs: Iterable[tuple[datetime, int]]) -> int:
    """The minutes a box adds to the week: the minutes of the interactions dated inside
    its span, at most the box's own elapsed minutes (a 45-minute coffee logged during a
    15-minute box counts 15: the habit is the box, not the meeting's length)."""
    inside = sum(max(0, minutes) for occurred_at, minutes in logs if span.holds(occurred_at))
    return min(inside, span.elapsed_minutes)
