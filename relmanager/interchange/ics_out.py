"""iCalendar (RFC 5545) export of follow-ups and time boxes, through the icalendar package.

Follow-ups become VTODOs because they are things to do by a date, which calendar and task
apps show in their task lists; each carries a VALARM so the reminder survives the trip.
Time boxes become weekly recurring VEVENTs so the commitment shows in the user's calendar.
Naive datetimes are the app's local time and are written as floating times, which every
calendar reads as local wall-clock time (a box at 08:30 stays at 08:30 across DST).

Interactions (past events) are VEVENTs, ONE per event however many people were there,
with an ATTENDEE per participant (RFC 5545 3.8.4.1: ``mailto:`` when an e-mail is known,
the name in CN): so a calendar shows the dinner once, and ``relmanager capture calendar``
reads the file back into the same group event, matching the participants by e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Todo, vCalAddress

from relmanager.interchange.records import FollowUpRecord, TimeBoxRecord

__all__ = ["EventRecord", "event_to_vevent", "events_to_icalendar", "follow_up_to_vtodo",
           "time_box_to_vevent", "to_icalendar"]

PRODID = "-//Relmanager//Relmanager 0.1//EN"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _utc(moment: datetime) -> datetime:
    """UTC for properties RFC 5545 requires in UTC (DTSTAMP, COMPLETED); naive means local."""
    return moment.astimezone(UTC)


def _calendar_time(moment: datetime) -> datetime:
    """Floating local time stays floating; an aware time is written in UTC (no VTIMEZONE)."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC)


def follow_up_to_vtodo(record: FollowUpRecord, stamp: datetime) -> Todo:
    """A follow-up as a VTODO due at ``record.due``, with a display alarm at the due time."""
    todo = Todo()
    todo.add("uid", record.uid)
    todo.add("dtstamp", _utc(stamp))
    summary = record.title
    if record.contact_name and record.contact_name not in summary:
        summary = f"{summary} ({record.contact_name})" if summary else record.contact_name
    todo.add("summary", summary)
    if record.contact_name:
        todo.add("contact", record.contact_name)
    if record.note:
        todo.add("description", record.note)
    todo.add("due", _calendar_time(record.due))
    if record.done_at is not None:
        todo.add("status", "COMPLETED")
        todo.add("completed", _utc(record.done_at))
        todo.add("percent-complete", 100)
    else:
        todo.add("status", "NEEDS-ACTION")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary or "Follow-up")
    alarm.add("trigger", timedelta(0), parameters={"RELATED": "END"})  # END of a VTODO is DUE
    todo.add_component(alarm)
    return todo


def _first_occurrence(first: date, weekdays: list[int]) -> date:
    for offset in range(7):
        day = first + timedelta(days=offset)
        if day.weekday() in weekdays:
            return day
    return first


def time_box_to_vevent(record: TimeBoxRecord, stamp: datetime) -> Event | None:
    """A time box as a weekly VEVENT on its weekdays; None when it has no weekdays.

    DTSTART is moved to the first chosen weekday on or after ``first_date`` because RFC
    5545 counts DTSTART as an occurrence even when it does not match the rule.
    """
    days = sorted({d for d in record.weekdays if 0 <= d <= 6})
    if not days:
        return None
    event = Event()
    event.add("uid", record.uid)
    event.add("dtstamp", _utc(stamp))
    event.add("summary", record.name)
    start = datetime.combine(_first_occurrence(record.first_date, days), record.start)
    event.add("dtstart", _calendar_time(start))
    event.add("duration", timedelta(minutes=max(1, record.minutes)))
    event.add("rrule", {"freq": "weekly", "byday": [_BYDAY[d] for d in days]})
    event.add("transp", "OPAQUE")
    return event


def to_icalendar(
    follow_ups: Iterable[FollowUpRecord] = (),
    time_boxes: Iterable[TimeBoxRecord] = (),
    now: datetime | None = None,
) -> str:
    """One VCALENDAR with the follow-ups as VTODOs and the time boxes as VEVENTs.

    ``now`` sets DTSTAMP (tests pass a fixed time); it defaults to the current time.
    """
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for record in follow_ups:
        cal.add_component(follow_up_to_vtodo(record, stamp))
    for box in time_boxes:
        event = time_box_to_vevent(box, stamp)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical().decode("utf-8")


@dataclass(frozen=True)
class EventRecord:
    """One interaction event: every participant's (name, e-mail or "") in one record."""

    uid: str
    occurred_at: datetime
    minutes: int
    channel: str  # the channel's key
    channel_name: str
    note: str
    participants: tuple[tuple[str, str], ...]


def _attendee(name: str, email: str, key: str) -> vCalAddress:
    """A participant as a calendar address: their e-mail, or (none known) a URN naming
    them in this export only, so the ATTENDEE still says who was there."""
    address = vCalAddress(f"mailto:{email}" if email else f"urn:x-relmanager:person:{key}")
    address.params["CN"] = name
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "ACCEPTED"
    return address


def event_to_vevent(record: EventRecord, stamp: datetime) -> Event:
    """A past interaction as a VEVENT with an ATTENDEE per participant."""
    event = Event()
    event.add("uid", record.uid)
    event.add("dtstamp", _utc(stamp))
    names = ", ".join(name for name, _email in record.participants)
    event.add("summary", f"{record.channel_name} with {names}" if names
              else record.channel_name)
    event.add("dtstart", _calendar_time(record.occurred_at))
    event.add("duration", timedelta(minutes=max(0, record.minutes)))
    if record.note:
        event.add("description", record.note)
    event.add("x-relmanager-channel", record.channel)
    event.add("transp", "TRANSPARENT")  # a record of the past, not a busy slot
    for n, (name, email) in enumerate(record.participants):
        event.add("attendee", _attendee(name, email, f"{record.uid}-{n}"))
    return event


def events_to_icalendar(records: Iterable[EventRecord], now: datetime | None = None) -> str:
    """One VCALENDAR with each interaction event as a VEVENT."""
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for record in records:
        cal.add_component(event_to_vevent(record, stamp))
    return cal.to_ical().decode("utf-8")
