"""Upcoming events of an iCalendar file, for meeting briefs (issue 24, item 6).

Capture (relmanager.interchange.calendar_in) reads what already happened; this reads the
same calendar forward, a short horizon ahead, with the same occurrence key (UID, or UID
and RECURRENCE-ID), so that the meeting logged with "Log it" and the same meeting
captured later from the calendar are one interaction. Cancelled events, events the user
declined and attendees who declined are left out, like capture's rule.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events

from relmanager.domain.capture import ABSENT_PARTSTAT, event_channel, event_minutes
from relmanager.interchange.calendar_bounds import bound_series, hostile_zone
from relmanager.interchange.calendar_in import (
    CalendarError,
    _key,
    _mail,
    _recurring_uids,
    _text,
    event_span,
    priced,
    read_ics_bytes,
)
from relmanager.interchange.source_words import why_not_calendar

#: How far ahead events are kept: a brief is for the next meetings, not next year's.
HORIZON_DAYS = 14
#: Occurrences kept per source at most (an hourly series would otherwise fill the table).
MAX_UPCOMING = 500


@dataclass(frozen=True)
class UpcomingOccurrence:
    key: str
    starts_at: datetime  # naive local time
    ends_at: datetime
    summary: str
    channel: str
    minutes: int
    addresses: tuple[str, ...]  # attendees and organiser but the user, not declined


def scan_upcoming(data: bytes, me: frozenset[str], now: datetime, *, source: str = "",
                  horizon_days: int = HORIZON_DAYS) -> list[UpcomingOccurrence]:
    """Occurrences starting after ``now`` within the horizon, with someone besides the
    user (whether they are contacts is the store's question)."""
    data, _cut = priced(data, source)  # capture's reading of the file names them
    zone = hostile_zone(data)
    if zone:
        raise CalendarError(f"the coming events of {source or 'the file'} cannot be read: "
                            f"{zone}")
    try:
        calendar = icalendar.Calendar.from_ical(data)
        recurring = _recurring_uids(calendar)
        until = now + timedelta(days=horizon_days)
        # A series too costly to expand (one every second, or walked from the year 1) is
        # left out here as in capture, where its problem line is shown; unbounded, one
        # such event hung the brief's reading for minutes and gigabytes.
        bound_series(calendar, now, until)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # COUNT with UNTIL
            events = recurring_ical_events.of(calendar).between(now, until)
    except Exception:  # the parser and the expander raise their own types (and words)
        raise CalendarError(f"the coming events of {source or 'the file'} cannot be read "
                            f"({why_not_calendar(data)})") from None
    found: list[UpcomingOccurrence] = []
    for event in events:
        if len(found) == MAX_UPCOMING:
            break
        try:
            start, all_day, end = event_span(event)
        except (KeyError, AttributeError, TypeError, ValueError):
            continue
        if all_day or start <= now or _text(event, "STATUS").strip().upper() == "CANCELLED":
            continue  # an all-day entry is not a meeting one is briefed for
        attendees = event.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        people = [(_mail(a), str(getattr(a, "params", {}).get("PARTSTAT", "")).upper())
                  for a in attendees]
        if any(a in me and p in ABSENT_PARTSTAT for a, p in people):
            continue
        addresses: list[str] = []
        for address, partstat in ((_mail(event.get("ORGANIZER")), ""), *people):
            if address and address not in me and address not in addresses \
                    and partstat not in ABSENT_PARTSTAT:
                addresses.append(address)
        if not addresses:
            continue
        links = [_text(event, name) for name in
                 ("URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "DESCRIPTION")]
        end = end if end is not None and end > start else start
        found.append(UpcomingOccurrence(
            _key(event, recurring), start, end, " ".join(_text(event, "SUMMARY").split())[:200],
            event_channel(_text(event, "LOCATION"), links), event_minutes(start, end, False),
            tuple(addresses)))
    return sorted(found, key=lambda o: (o.starts_at, o.key))


def read_upcoming(path: str | os.PathLike[str], me: frozenset[str], now: datetime
                  ) -> list[UpcomingOccurrence]:
    return scan_upcoming(read_ics_bytes(path), me, now, source=str(Path(path)))
