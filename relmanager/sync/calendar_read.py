"""Past events from the sync account's own calendars, for capture (issue 24, item 2).

Read only: one PROPFIND to find the calendars that hold events, and one CalDAV
``calendar-query`` per calendar for the events between the start of the look-back and
now. Nothing is ever written there. The requests go through the same
:class:`~relmanager.sync.transport.Transport` as sync, with the password from the keyring
and the same rules (no redirect to another origin or down to http, the same pinned
certificate), so capture reaches no server sync would not.

Each event resource is read with :func:`relmanager.interchange.calendar_in.scan_calendar`,
the same reader as an ``.ics`` file, so an event keeps its UID / RECURRENCE-ID key: the
same meeting exported to a file, or captured on another device, is captured once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from relmanager.interchange.calendar_in import (
    DEFAULT_YEARS_BACK,
    MAX_ICS_BYTES,
    CalendarError,
    CalendarScan,
    scan_calendar,
)
from relmanager.interchange.calendar_upcoming import (
    HORIZON_DAYS,
    UpcomingOccurrence,
    scan_upcoming,
)
from relmanager.store.errors import OperationCancelledError
from relmanager.sync.dav import DavClient, DavError
from relmanager.sync.discovery import CAL, NS, _href

#: The calendar-data of all calendars together is bounded like one .ics file.
MAX_TOTAL_BYTES = MAX_ICS_BYTES


@dataclass(frozen=True)
class EventCalendar:
    href: str
    name: str


def event_calendars(client: DavClient) -> list[EventCalendar]:
    """The account's calendars that may hold events (VEVENT offered, or no component
    set given, which means all). Relmanager's own journal/task calendar offers no VEVENT
    and is left out."""
    principal = client.principal()
    homes = dict(client.propfind(principal, "<cal:calendar-home-set/>"))
    home = _href(next(iter(homes.values()), None), "cal:calendar-home-set") or principal
    found = []
    for href, props in client.propfind(home, "<d:resourcetype/><d:displayname/>"
                                             "<cal:supported-calendar-component-set/>", 1):
        if props.find("d:resourcetype/cal:calendar", NS) is None:
            continue
        offered = {c.get("name", "").upper() for c in
                   props.findall("cal:supported-calendar-component-set/cal:comp", NS)}
        if offered and "VEVENT" not in offered:
            continue
        found.append(EventCalendar(href, props.findtext("d:displayname", "", NS) or href))
    return found


def _utc(value: datetime) -> str:
    aware = value if value.tzinfo else value.astimezone()
    return aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def query_events(client: DavClient, calendar: str, since: datetime,
                 until: datetime) -> list[tuple[str, bytes]]:
    """(href, iCalendar bytes) of every event resource with an occurrence between
    ``since`` and ``until`` (the server expands recurrences for the time range)."""
    body = (f'<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
            f'xmlns:c="{CAL}"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter>'
            f'<c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            f'<c:time-range start="{_utc(since)}" end="{_utc(until)}"/></c:comp-filter>'
            f"</c:comp-filter></c:filter></c:calendar-query>")
    response = client.request("REPORT", calendar, body, {"Depth": "1"})
    if response.status != 207:
        raise DavError(f"the server would not list the events of {calendar} "
                       f"(HTTP {response.status})")
    events = []
    for item in response.tree().findall("d:response", NS):
        href = item.findtext("d:href", "", NS)
        data = item.findtext("d:propstat/d:prop/c:calendar-data", None,
                             {**NS, "c": CAL})
        if data:
            events.append((href, data.encode("utf-8")))
    return events


def read_account_calendars(client: DavClient, me: frozenset[str], now: datetime, *,
                           since: datetime | None = None,
                           progress: Callable[[int, int], None] | None = None,
                           cancelled: Callable[[], bool] | None = None) -> CalendarScan:
    """Every past occurrence in the account's event calendars, as one scan (the same
    candidates, reasons and problems an .ics file of these events would give)."""
    since = since or now - timedelta(days=365 * DEFAULT_YEARS_BACK)
    calendars = event_calendars(client)
    total = CalendarScan(client.base)
    size = 0
    resources: list[tuple[str, bytes]] = []
    for calendar in calendars:
        for href, data in query_events(client, calendar.href, since, now):
            size += len(data)
            if size > MAX_TOTAL_BYTES:
                raise CalendarError(f"the account's calendars hold more than "
                                    f"{MAX_TOTAL_BYTES // 2**20} MB of past events; "
                                    "nothing was read")
            resources.append((href, data))
    for done, (href, data) in enumerate(resources, 1):
        if cancelled is not None and cancelled():
            raise OperationCancelledError("capture cancelled; nothing was captured")
        try:
            scan = scan_calendar(data, me, now, source=href, since=since)
        except CalendarError as error:
            total.problems.append(str(error))
            continue
        total.candidates.extend(scan.candidates)
        total.problems.extend(scan.problems)
        total.occurrences += scan.occurrences
        for reason, count in scan.skipped.reasons.items():
            total.skipped.reasons[reason] = total.skipped.reasons.get(reason, 0) + count
        if progress is not None:
            progress(done, len(resources))
    return total


def read_account_upcoming(client: DavClient, me: frozenset[str], now: datetime
                          ) -> tuple[list[UpcomingOccurrence], list[str]]:
    """The coming meetings of the account's event calendars (for meeting briefs), read
    like an .ics file's: (occurrences, problems). A resource that cannot be read is one
    problem line; the rest are kept."""
    found: list[UpcomingOccurrence] = []
    problems: list[str] = []
    size = 0
    for calendar in event_calendars(client):
        for href, data in query_events(client, calendar.href, now,
                                       now + timedelta(days=HORIZON_DAYS)):
            size += len(data)
            if size > MAX_TOTAL_BYTES:
                problems.append("the account's coming events are too large; the rest "
                                "were not read")
                return found, problems
            try:
                found += scan_upcoming(data, me, now, source=href)
            except CalendarError as error:
                problems.append(str(error))
    return found, problems
