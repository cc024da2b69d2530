"""Reading past events from an iCalendar (.ics) file for capture (issue 24).

``icalendar`` parses, ``recurring-ical-events`` expands recurrences (with their moved and
cancelled exceptions), and relmanager.domain.capture decides what each occurrence means.
Each occurrence has a key that names it for ever: the UID alone for a one-off event, UID
and RECURRENCE-ID (in UTC) for an occurrence of a recurring one, so a re-run, or the same
calendar exported on another device, captures it once.
"""

from __future__ import annotations

import hashlib
import heapq
import os
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from relmanager.domain.capture import Candidate, Skipped, event_candidate, norm_address
from relmanager.interchange.calendar_bounds import bound_series, hostile_zone
from relmanager.interchange.calendar_size import cut_oversized, too_many_lines
from relmanager.interchange.source_words import (
    kind_problem,
    os_problem,
    plain,
    why_not_calendar,
)

#: A calendar file larger than this is refused before it is parsed (memory bound).
MAX_ICS_BYTES = 50 * 1024 * 1024
#: How far back a capture looks by default.
DEFAULT_YEARS_BACK = 10
#: Occurrences expanded per file at most (about 3 s): a rule repeating every hour for
#: ten years would otherwise take minutes and the memory of 90,000 events.
MAX_OCCURRENCES = 20_000


class CalendarError(ValueError):
    """The file cannot be read as a calendar; the message says why."""


@dataclass
class CalendarScan:
    source: str
    candidates: list[Candidate] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    problems: list[str] = field(default_factory=list)
    occurrences: int = 0


def _local(value: date | datetime) -> tuple[datetime, bool]:
    """Naive local time (the store's convention), and whether it was an all-day date."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone().replace(tzinfo=None), False
        return value, False
    return datetime(value.year, value.month, value.day), True


def event_span(event: Any) -> tuple[datetime, bool, datetime | None]:
    """An occurrence's start (naive local), whether it is all-day, and its end (from
    DTEND, else DTSTART + DURATION, else None). Raises KeyError, AttributeError,
    TypeError or ValueError for an event without a usable start."""
    start, all_day = _local(event["DTSTART"].dt)
    end_prop = event.get("DTEND")
    end = _local(end_prop.dt)[0] if end_prop is not None else None
    if end is None and event.get("DURATION") is not None:
        end = start + event["DURATION"].dt
    return start, all_day, end


def _stamp(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _mail(value: Any) -> str:
    text = str(value or "")
    return norm_address(text[7:] if text.lower().startswith("mailto:") else text)


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _recurring_uids(calendar: icalendar.Calendar) -> set[str]:
    return {str(e.get("UID")) for e in calendar.walk("VEVENT")
            if e.get("RRULE") is not None or e.get("RDATE") is not None
            or e.get("RECURRENCE-ID") is not None}


def _take_single_events(calendar: icalendar.Calendar, recurring: set[str], since: datetime
                        ) -> list[tuple[datetime, Any]]:
    """Take out of ``calendar`` the events that occur once (no RRULE, RDATE, EXDATE or
    RECURRENCE-ID, a UID no other event has, a readable start), and return those that end
    after ``since``, by start.

    Why: ``recurring-ical-events`` expands every event through its rule machinery, a
    one-off meeting included; on a 5,000-event calendar that was most of the capture's
    time. A one-off event is its own only occurrence, so it needs no expansion; what is
    left in the calendar (series, their exceptions, anything unusual) still goes through
    the library, and the two streams are merged by start."""
    uids = Counter(str(e.get("UID")) for e in calendar.walk("VEVENT"))
    single: list[tuple[datetime, Any]] = []
    kept = []
    for component in calendar.subcomponents:
        uid = str(component.get("UID") or "")
        if (component.name != "VEVENT" or not uid or uid in recurring or uids[uid] != 1
                or any(component.get(name) is not None
                       for name in ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"))):
            kept.append(component)
            continue
        try:
            start, all_day, end = event_span(component)
        except (KeyError, AttributeError, TypeError, ValueError):
            kept.append(component)  # the library decides (and words) what is wrong
            continue
        last = end if end is not None else start + timedelta(days=1 if all_day else 0)
        if last > since or start >= since:
            single.append((start, component))
    calendar.subcomponents[:] = kept
    single.sort(key=lambda pair: pair[0])
    return single


def _by_start(occurrences: Iterator[Any]) -> Iterator[tuple[datetime, Any]]:
    for event in occurrences:
        yield _local(event["DTSTART"].dt)[0], event


def _key(event: Any, recurring: set[str]) -> str:
    uid = str(event.get("UID") or "")
    if not uid:
        digest = hashlib.sha256(f"{_text(event, 'DTSTART')}|{_text(event, 'SUMMARY')}|"
                                f"{_text(event, 'ORGANIZER')}".encode()).hexdigest()
        uid = f"sha256-{digest[:40]}"
    recurrence = event.get("RECURRENCE-ID")
    if uid in recurring and recurrence is not None:
        return f"{uid}|{_stamp(recurrence.dt)}"
    return uid


def priced(data: bytes, source: str) -> tuple[bytes, list[str]]:
    """``data`` without its components too large to be built, and a problem line for
    each; raises CalendarError for a file too large to be parsed at all (see
    relmanager.interchange.calendar_size: a million lines cost 20 s and 650 MB)."""
    size = too_many_lines(data)
    if size:
        raise CalendarError(f"{source or 'the file'} cannot be read: {size}; nothing was "
                            "read")
    return cut_oversized(data)


def scan_calendar(data: bytes, me: frozenset[str], now: datetime, *, source: str = "",
                  since: datetime | None = None) -> CalendarScan:
    """Every past occurrence in ``data`` as a capture candidate (or a counted reason
    to leave it out)."""
    scan = CalendarScan(source)
    data, cut = priced(data, source)
    scan.problems.extend(cut)
    zone = hostile_zone(data)
    if zone:
        raise CalendarError(f"{source or 'the file'} cannot be read: {zone}; nothing was read")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        raise CalendarError(f"{source or 'the file'} is not a calendar file "
                            f"({why_not_calendar(data)})") from None
    recurring = _recurring_uids(calendar)
    since = since or now - timedelta(days=365 * DEFAULT_YEARS_BACK)
    scan.problems.extend(bound_series(calendar, since, now))
    single = _take_single_events(calendar, recurring, since)
    try:
        with warnings.catch_warnings():
            # bound_series ends every rule at now, a COUNT rule too: dateutil warns that
            # COUNT with UNTIL is deprecated, and honours both.
            warnings.simplefilter("ignore", DeprecationWarning)
            # One walk per rule (between), not the library's after(): each of its windows
            # re-walks the rule from DTSTART; a daily series since 1950 took 18 s.
            expanded = sorted(_by_start(recurring_ical_events.of(calendar).between(
                since, now)), key=lambda pair: pair[0])
    except Exception:  # the library raises its own types (and words) for bad rules
        raise CalendarError(f"the events of {source or 'the file'} cannot be expanded (a "
                            "repeat rule or a date in it cannot be read)") from None
    occurrences = []
    for start, event in heapq.merge(single, expanded, key=lambda pair: pair[0]):
        if start > now:
            break
        if len(occurrences) == MAX_OCCURRENCES:
            scan.problems.append(f"more than {MAX_OCCURRENCES} past occurrences; the "
                                 f"rest (from {start:%Y-%m-%d}) were not read")
            break
        occurrences.append(event)
    for event in occurrences:
        scan.occurrences += 1
        try:
            start, all_day, end = event_span(event)
        except (KeyError, AttributeError, TypeError, ValueError):
            scan.problems.append(f"event '{plain(_text(event, 'UID'))}': no usable start; "
                                 "left out")
            continue
        attendees = event.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        people = [(_mail(a), str(getattr(a, "params", {}).get("PARTSTAT", "")))
                  for a in attendees]
        links = [_text(event, name) for name in
                 ("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "DESCRIPTION")]
        candidate = event_candidate(
            _key(event, recurring), start, end, all_day=all_day,
            status=_text(event, "STATUS"), location=_text(event, "LOCATION"), links=links,
            organiser=_mail(event.get("ORGANIZER")), attendees=people, me=me, now=now,
            summary=" ".join(_text(event, "SUMMARY").split()), skipped=scan.skipped)
        if candidate is not None:
            scan.candidates.append(candidate)
    return scan


def read_calendar(path: str | os.PathLike[str], me: frozenset[str], now: datetime,
                  since: datetime | None = None) -> CalendarScan:
    return scan_calendar(read_ics_bytes(path), me, now, source=str(Path(path)), since=since)


def read_ics_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a calendar file, refused in words when it is not a regular file (a
    named pipe would block the read for ever), too large, or unreadable."""
    source = Path(path)
    problem = kind_problem(source, folder_ok=False)
    if problem:
        raise CalendarError(problem)
    try:
        size = source.stat().st_size
        if size > MAX_ICS_BYTES:
            raise CalendarError(f"{source} is larger than {MAX_ICS_BYTES // 2**20} MB; "
                                "nothing was read")
        return source.read_bytes()
    except OSError as error:
        raise CalendarError(os_problem(source, error)) from None

