"""What a calendar's repeat rules may cost before they are expanded (hostile input).

``dateutil`` (under ``recurring-ical-events``) walks a rule from its DTSTART, period by
period, and caches every occurrence it makes; it cannot start the walk at the capture's
``since``. So a rule's cost is set by its start, its period and its BY parts, not by the
years a capture looks at: ``FREQ=HOURLY`` from the year 1 is 17 million steps (minutes,
1 GB), an hourly rule with 60 BYMINUTE and 60 BYSECOND values is a rule every second
under another name (4.5 GB in two minutes), and a rule whose BY parts never match (the
30th of February) walks on to the year 9999 looking for its next occurrence. Each series
is therefore priced before expansion (an upper bound: periods from DTSTART to now, times
the values its BY parts can multiply them by, plus its RDATEs), a series over the budget
is left out with a problem line naming it, and every kept rule is ended at ``now``
(UNTIL), so no walk goes past the present, which is all a capture reads.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import icalendar
from dateutil.rrule import rrulestr

from relmanager.interchange.source_words import plain

#: Steps (periods walked from DTSTART times occurrences made per period) all the series
#: of one file may cost together: about a second and 30 MB of dateutil's cache. A daily
#: meeting since 1950 is 28,000, a weekday one since 1990 10,000.
MAX_RULE_STEPS = 500_000
#: Occurrences inside the window read (a capture's ten years, a brief's two weeks) all
#: the series of one file may make: each becomes a full event (some 2 KB and 50 us), so
#: 40,000 is some 2-3 s and 100 MB; twice capture's MAX_OCCURRENCES, which keeps the
#: earliest 20,000 anyway. A weekly meeting for ten years is 520, a daily one 3,650.
MAX_WINDOW_OCCURRENCES = 40_000
#: Recurrences no real meeting has; such a series is left out, with a problem line.
TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY"})
_DAY = 86_400
#: The shortest length of each period (a month is at least 28 days, a year 365), so the
#: number of periods is never under-counted.
_PERIOD_SECONDS = {"HOURLY": 3_600, "DAILY": _DAY, "WEEKLY": 7 * _DAY,
                   "MONTHLY": 28 * _DAY, "YEARLY": 365 * _DAY}
#: Rules that never occur one file may have: each one's probe walked up to 800 years
#: (under 0.6 s); after these, no rule of the file is probed, and none is read.
MAX_NEVER = 4
#: The Gregorian calendar repeats every 400 years (146,097 days, 20,871 weeks, 4,800
#: months): a rule that has no occurrence in 400 years has none ever.
_CYCLE_YEARS = 400
#: BY parts that can multiply the occurrences of one period (BYSETPOS only selects).
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY",
             "BYWEEKNO", "BYMONTH")


@dataclass(frozen=True)
class _Price:
    steps: int  # the walk from DTSTART
    window: int  # occurrences inside the window read, at most
    why: str = ""  # "" when the rule can be walked at all


def _naive_local(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    return datetime(value.year, value.month, value.day)


def _rules(event: Any) -> list[Any]:
    rule = event.get("RRULE")
    return rule if isinstance(rule, list) else [rule] if rule is not None else []


def _first(rule: Any, name: str, default: Any = None) -> Any:
    values = rule.get(name)
    if values is None:
        return default
    return values[0] if isinstance(values, list) and values else values


def _rule_price(rule: Any, start: datetime, since: datetime, now: datetime) -> _Price:
    freq = str(_first(rule, "FREQ", "")).upper()
    if freq in TOO_FREQUENT:
        return _Price(0, 0, "repeats every second or minute")
    period = _PERIOD_SECONDS.get(freq)
    if period is None:
        return _Price(0, 0)  # no such frequency: the library says the rule is bad
    try:
        interval = max(1, int(_first(rule, "INTERVAL", 1)))
        until = _first(rule, "UNTIL")
        end = min(now, _naive_local(until)) if isinstance(until, date) else now
    except (TypeError, ValueError, OverflowError):
        return _Price(0, 0)
    length = period * interval

    def periods(after: datetime) -> int:
        return max(0, int((end - after).total_seconds())) // length + 1

    walk, window = periods(start), periods(max(start, since))
    if not any(name.startswith("BY") for name in rule):
        # one occurrence a period, so the walk ends with the COUNTth
        count = _first(rule, "COUNT")
        if isinstance(count, int) and count > 0:
            return _Price(min(walk, count), min(window, count))
        return _Price(walk, window)
    per_period = math.prod(len(rule.get(name) or [1]) for name in _BY_PARTS)
    return _Price(walk * per_period, window * per_period)


def never_occurs(rule: Any, start: datetime) -> bool:
    """Whether ``rule`` has no occurrence ever (the 30th of February, a sixth Monday).

    Why: dateutil checks UNTIL only against an occurrence it has found, so a rule that
    never matches walks on to the year 9999 (up to 5 s each, whatever its UNTIL). The
    probe moves the start forward by whole cycles of 400 years times the rule's INTERVAL
    (so weekday, month and the interval's phase are kept) to the last such start before
    the year 9999, where the walk ends within 800 years: a rule that occurs stops at its
    first occurrence, one that never does finds none. A rule that cannot be read, or
    whose cycle does not fit before 9999 (a walk short enough already), is not judged."""
    try:
        interval = max(1, int(_first(rule, "INTERVAL", 1)))
        step = _CYCLE_YEARS * interval
        cycles = (9999 - start.year) // step - 1
        if cycles < 1:
            return False
        text = ";".join(part for part in rule.to_ical().decode().split(";")
                        if not part.upper().startswith(("COUNT=", "UNTIL=")))
        probe = rrulestr(text, dtstart=start.replace(year=start.year + cycles * step),
                         cache=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return next(iter(probe), None) is None
    except (TypeError, ValueError, OverflowError, AttributeError):
        return False


def _rdate_count(event: Any) -> int:
    rdates = event.get("RDATE")
    if rdates is None:
        return 0
    return sum(len(getattr(r, "dts", [r])) for r in
               (rdates if isinstance(rdates, list) else [rdates]))


def _until_now(start: date | datetime, now: datetime) -> date | datetime:
    """``now`` as an UNTIL of the same kind as DTSTART (RFC 5545 3.3.10: a date for a
    date, UTC for a zoned start, floating for a floating one)."""
    if not isinstance(start, datetime):
        return now.date()
    if start.tzinfo is not None:
        return now.astimezone(UTC)
    return now


def _end_at_now(rule: Any, start: date | datetime, now: datetime) -> None:
    until = _first(rule, "UNTIL")
    try:
        later = until is None or _naive_local(until) > now
    except (TypeError, ValueError, OverflowError):
        later = False  # the library words the bad UNTIL
    if later:
        rule["UNTIL"] = [_until_now(start, now)]


def _remove(calendar: icalendar.Calendar, event: Any) -> None:
    for parent in calendar.walk():
        if any(child is event for child in parent.subcomponents):
            parent.subcomponents[:] = [c for c in parent.subcomponents if c is not event]


def bound_series(calendar: icalendar.Calendar, since: datetime, now: datetime) -> list[str]:
    """Leave out of ``calendar`` the series too costly to expand between ``since`` and
    ``now`` (in file order, once the file's budgets are spent) and those that never
    occur, end the others' rules at ``now``, and return a problem line for each series
    left out."""
    problems: list[str] = []
    walked = made = never = 0
    for event in list(calendar.walk("VEVENT")):
        rules = _rules(event)
        if not rules and event.get("RDATE") is None:
            continue
        name = plain(str(event.get("UID") or event.get("SUMMARY") or "without a UID"))
        try:
            raw_start = event["DTSTART"].dt
            start = _naive_local(raw_start)
        except (KeyError, AttributeError, TypeError, ValueError, OverflowError):
            continue  # no usable start: the expansion words it
        prices = [_rule_price(rule, start, since, now) for rule in rules]
        why = next((p.why for p in prices if p.why), "")
        rdates = _rdate_count(event)
        steps = sum(p.steps for p in prices) + rdates
        window = sum(p.window for p in prices) + rdates
        if not why and (walked + steps > MAX_RULE_STEPS
                        or made + window > MAX_WINDOW_OCCURRENCES or never >= MAX_NEVER):
            alone = not (walked or made or never)
            why = (f"repeats too often to be read (about {max(steps, window):,} repetitions "
                   f"since {start.date().isoformat()}"
                   + ("" if alone else ", beyond what one file may have") + ")")
        if not why and any(never_occurs(rule, start) for rule in rules):
            why = "never occurs (its repeat rule matches no date)"
            never += 1
        if why:
            problems.append(f"event '{name}' {why}; left out")
            _remove(calendar, event)
            continue
        walked += steps
        made += window
        for rule in rules:
            _end_at_now(rule, raw_start, now)
    return problems


#: Offset changes a real time zone makes in one year, at most (BY values multiplied).
MAX_ZONE_CHANGES_A_YEAR = 12
_UNFOLD = re.compile(r"\r?\n[ \t]")
_ZONES = re.compile(r"BEGIN:VTIMEZONE\r?\n(.*?)END:VTIMEZONE", re.IGNORECASE | re.DOTALL)


def hostile_zone(data: bytes) -> str | None:
    """Why a VTIMEZONE of ``data`` cannot be used, or None.

    Why: a time zone's STANDARD and DAYLIGHT observances repeat by RRULE, and dateutil
    walks that rule from its DTSTART (year 1, if the file says so) every time an offset
    is asked for; a zone changing its offset every hour hung the read with 1.5 GB and
    counting, before any event was looked at (it happens on the first start read, so it
    is judged on the text, before the parse). Real zones change a few times a year: a
    rule that is not yearly, or makes more than :data:`MAX_ZONE_CHANGES_A_YEAR` changes
    a year, is refused."""
    if b"VTIMEZONE" not in data.upper():
        return None
    text = _UNFOLD.sub("", data.decode("utf-8", errors="replace"))
    for zone in _ZONES.finditer(text):
        lines = zone.group(1).splitlines()
        tzid = next((line.split(":", 1)[1] for line in lines
                     if line.upper().startswith("TZID") and ":" in line), "without a TZID")
        for line in lines:
            name, _, value = line.partition(":")
            if name.split(";", 1)[0].strip().upper() != "RRULE":
                continue
            parts = dict(part.partition("=")[::2] for part in value.upper().split(";"))
            per_year = math.prod(len(parts[by].split(",")) for by in _BY_PARTS if by in parts)
            freq = parts.get("FREQ", "").strip()
            if freq != "YEARLY":
                how = f"by a rule repeating {freq.lower() or 'never'}"
            elif per_year > MAX_ZONE_CHANGES_A_YEAR:
                how = f"{per_year} times a year"
            else:
                continue
            return (f"its time zone '{plain(tzid)}' changes its offset {how} (a real one "
                    "changes a few times a year, by a yearly rule)")
    return None
