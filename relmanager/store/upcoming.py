"""Upcoming meetings with known people (issue 24, item 6): kept from each calendar read,
asked by the reminder service for the brief, and logged once with "Log it".

:func:`replace_upcoming` is called whenever a calendar source is read (``capture
calendar FILE``, and the account's calendar); it replaces that source's events still to
come with what the calendar says now. :func:`log_meeting` writes one group interaction
for all matched attendees, and marks the occurrence as captured (a capture item under a
capture batch of its own), so a later capture of the same calendar does not log it again
and ``undo-capture`` can take it back like any captured meeting.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from relmanager.domain.capture import CALENDAR
from relmanager.domain.clock import Clock
from relmanager.domain.reciprocity import Exchange, Initiator
from relmanager.domain.text import one_line
from relmanager.store import denorm
from relmanager.store.capture import (
    INSERT_SQL,
    capture_uid,
    contact_uids,
    contacts_by_address,
    me_addresses,
    row_uid,
    taken_uids,
)
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import Channel, Contact, database
from relmanager.store.upcoming_models import UpcomingEvent, UpcomingParticipant

#: A meeting that has started is kept this long for "Log it", then forgotten.
KEEP_PAST = timedelta(days=7)
#: The location of the capture batch a "Log it" writes (``relmanager captures``).
LOGGED_FROM = "meeting brief (Log it)"


@dataclass(frozen=True)
class Meeting:
    """One upcoming (or just past) meeting with the contacts matched to its attendees."""

    id: int
    source: str
    key: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    channel: str
    minutes: int
    logged_at: datetime | None
    people: tuple[tuple[int, str], ...]  # (contact id, display name), in name order

    @property
    def names(self) -> str:
        """"A, B and C" for a notice or a terminal line: each name isolated, so that an
        override in one does not turn the words after it backwards, and each cut as a
        one-line place's (a 100,000-character name made the whole notification)."""
        names = [one_line(n) for _i, n in self.people]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def replace_upcoming(source: str, occurrences: Sequence, now: datetime) -> int:
    """Keep ``source``'s future occurrences (interchange.calendar_upcoming) whose
    attendees include a contact, instead of what an earlier read kept; returns how many
    were kept. Started and logged meetings stay (for "Log it"); week-old ones go."""
    me = me_addresses()
    by_address = contacts_by_address(a for o in occurrences for a in o.addresses if a not in me)
    kept = 0
    with database.atomic():
        UpcomingEvent.delete().where(
            ((UpcomingEvent.source == source) & (UpcomingEvent.starts_at > now)
             & UpcomingEvent.logged_at.is_null())
            | (UpcomingEvent.ends_at < now - KEEP_PAST)).execute()
        for occurrence in occurrences:
            if occurrence.starts_at <= now:
                continue
            people: dict[int, str] = {}
            for address in occurrence.addresses:
                cid = by_address.get(address)
                if cid is not None and address not in me:
                    people.setdefault(cid, address)
            if not people:
                continue
            if UpcomingEvent.select().where((UpcomingEvent.source == source)
                                            & (UpcomingEvent.event_key == occurrence.key)
                                            ).exists():
                continue  # logged already (the row above was kept)
            event = UpcomingEvent.create(
                source=source, event_key=occurrence.key, starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at, summary=occurrence.summary,
                channel=occurrence.channel, minutes=occurrence.minutes)
            UpcomingParticipant.insert_many(
                [{"event": event.id, "contact": cid, "email": email}
                 for cid, email in people.items()]).execute()
            kept += 1
    return kept


def _meetings(query) -> list[Meeting]:  # type: ignore[no-untyped-def]
    events = list(query)
    if not events:
        return []
    people: dict[int, list[tuple[int, str]]] = {e.id: [] for e in events}
    rows = (UpcomingParticipant.select(UpcomingParticipant.event, Contact.id,
                                       Contact.display_name)
            .join(Contact).where(UpcomingParticipant.event.in_(list(people))
                                 & (Contact.archived == False))  # noqa: E712
            .tuples())
    for event_id, cid, name in rows:
        people[event_id].append((cid, name))
    return [Meeting(e.id, e.source, e.event_key, e.starts_at, e.ends_at, e.summary,
                    e.channel, e.minutes, e.logged_at,
                    tuple(sorted(people[e.id], key=lambda p: (p[1].casefold(), p[0]))))
            for e in events if people[e.id]]


def meeting(event_id: int) -> Meeting:
    found = _meetings(UpcomingEvent.select().where(UpcomingEvent.id == event_id))
    if not found:
        raise NotFoundError(f"no upcoming meeting number {event_id}")
    return found[0]


def briefs_due(now: datetime, lead_minutes: int) -> list[Meeting]:
    """Meetings whose brief is due at ``now``: starting within the lead time, not yet
    started."""
    lead = timedelta(minutes=lead_minutes)
    return _meetings(UpcomingEvent.select()
                     .where((UpcomingEvent.starts_at > now)
                            & (UpcomingEvent.starts_at <= now + lead))
                     .order_by(UpcomingEvent.starts_at, UpcomingEvent.id))


def next_brief_at(now: datetime, lead_minutes: int) -> datetime | None:
    """The next moment after ``now`` a brief becomes due (a precise wake-up)."""
    lead = timedelta(minutes=lead_minutes)
    first = (UpcomingEvent.select(UpcomingEvent.starts_at)
             .where(UpcomingEvent.starts_at > now + lead)
             .order_by(UpcomingEvent.starts_at).first())
    return first.starts_at - lead if first is not None else None


def ended_unlogged(now: datetime, window: timedelta) -> list[Meeting]:
    """Meetings that ended within ``window`` before ``now`` and are not logged yet."""
    return _meetings(UpcomingEvent.select()
                     .where((UpcomingEvent.ends_at <= now)
                            & (UpcomingEvent.ends_at > now - window)
                            & UpcomingEvent.logged_at.is_null())
                     .order_by(UpcomingEvent.ends_at, UpcomingEvent.id))


def next_end_after(now: datetime) -> datetime | None:
    """When the next meeting not yet logged ends (the "Log it" prompt's wake-up)."""
    first = (UpcomingEvent.select(UpcomingEvent.ends_at)
             .where((UpcomingEvent.ends_at > now) & UpcomingEvent.logged_at.is_null())
             .order_by(UpcomingEvent.ends_at).first())
    return first.ends_at if first is not None else None


def upcoming(now: datetime, limit: int = 20) -> list[Meeting]:
    return _meetings(UpcomingEvent.select().where(UpcomingEvent.ends_at >= now)
                     .order_by(UpcomingEvent.starts_at, UpcomingEvent.id).limit(limit))


@dataclass(frozen=True)
class Logged:
    """What one "Log it" did: the interaction rows written (none the second time)."""

    meeting_id: int
    interactions: tuple[int, ...]
    contacts: tuple[int, ...]


def log_meeting(clock: Clock, event_id: int) -> Logged:
    """The meeting as one group interaction with every matched attendee, with the
    event's minutes and channel, once: a second call (or a meeting capture already
    logged from the calendar) writes nothing."""
    now = clock.now()
    with database.atomic():
        event = UpcomingEvent.get_or_none(UpcomingEvent.id == event_id)
        if event is None:
            raise NotFoundError(f"no upcoming meeting number {event_id}")
        if event.logged_at is not None:
            return Logged(event_id, (), ())
        if event.ends_at > now:
            raise ValidationError("the meeting has not ended yet; log it afterwards")
        found = meeting(event_id)
        captured = {cid for (cid,) in CaptureItem.select(CaptureItem.contact).where(
            CaptureItem.source_key == event.event_key).tuples()}
        ids = [cid for cid, _name in found.people if cid not in captured]
        rows: list[int] = []
        if ids:
            channel = Channel.get(Channel.key == event.channel).id
            batch = CaptureBatch.create(source=CALENDAR, location=LOGGED_FROM,
                                        created_at=now, read=1, captured=len(ids),
                                        people=len(ids))
            group = str(uuid.uuid4()) if len(ids) > 1 else None
            cursor = database.cursor()
            # The sync uid a capture of the same event would give (one entry per event,
            # carried by its lead row), so another device's capture pairs with this log.
            people_uids = contact_uids(ids)
            taken = taken_uids([capture_uid(event.event_key, "")])
            led: set[str] = set()
            for cid in sorted(ids):
                cursor.execute(INSERT_SQL, (
                    cid, str(event.starts_at), channel, Initiator.ME.value,
                    Exchange.NEUTRAL.value, event.minutes, event.summary, group, str(now),
                    row_uid(event.event_key, people_uids[cid], group, led, taken)))
                rows.append(cursor.lastrowid)
                CaptureItem.create(batch=batch.id, interaction=cursor.lastrowid, contact=cid,
                                   source_key=event.event_key, two_way=True)
            denorm.refresh_last_interaction(ids)
            denorm.refresh_due_dates(ids)
        event.logged_at = now
        event.save()
    return Logged(event_id, tuple(rows), tuple(ids))
