"""Interactions out to a file: iCalendar (one VEVENT per event, an ATTENDEE per
participant) or CSV (one row per participant, a Group column tying an event's rows).

A group event is one row per participant sharing a ``group_key``; here it is put back
together into one event. Reads in pages of ids so a large history is not one list of
model objects; the file is written atomically and privately (0600).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from relmanager.interchange.atomic import write_private_atomic
from relmanager.interchange.csv_out import interactions_to_csv
from relmanager.interchange.ics_out import EventRecord, events_to_icalendar
from relmanager.store import history_reads
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.in_lists import chunks
from relmanager.store.models import Channel, Contact, ContactEmail, Interaction

KINDS = ("ics", "csv")
_PAGE = 900


def _event_key(group_key: str | None, row_id: int) -> str:
    return group_key or f"interaction-{row_id}"


def _rows() -> Iterator[list[tuple]]:
    """Every interaction row with its contact and channel, oldest first, in pages."""
    last = (datetime.min, 0)
    while True:
        page = list(
            Interaction.select(Interaction.id, Interaction.occurred_at, Interaction.group_key,
                               Interaction.minutes, Interaction.exchange,
                               Interaction.initiated_by, Interaction.note, Contact.id,
                               Contact.display_name, Channel.key, Channel.name,
                               Interaction.import_batch)
            .join(Contact, on=Interaction.contact == Contact.id)
            .switch(Interaction).join(Channel)
            .where((Interaction.occurred_at > last[0])
                   | ((Interaction.occurred_at == last[0]) & (Interaction.id > last[1])))
            .order_by(Interaction.occurred_at, Interaction.id).limit(_PAGE).tuples())
        if not page:
            return
        yield page
        last = (page[-1][1], page[-1][0])


def _first_emails(contact_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    ids = sorted(contact_ids)
    for chunk in chunks(ids):
        for cid, email in (ContactEmail.select(ContactEmail.contact, ContactEmail.email)
                           .where(ContactEmail.contact.in_(chunk))
                           .order_by(ContactEmail.position.desc(), ContactEmail.id.desc())
                           .tuples()):
            found[cid] = email  # the last written wins: the first by position
    return found


def _sources(ids: list[int]) -> dict[int, str]:
    found = dict(CaptureItem.select(CaptureItem.interaction, CaptureBatch.source)
                 .join(CaptureBatch).where(CaptureItem.interaction.in_(ids)).tuples())
    return {row: "mail" if source == "sync" else source for row, source in found.items()}


def events() -> list[EventRecord]:
    """Every event once, with all its participants (in row order)."""
    order: list[str] = []
    first: dict[str, tuple] = {}
    people: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for page in _rows():
        keys = {row[2] for row in page if row[2]}
        groups = history_reads.participants(k for k in keys if k not in first)
        for row in page:
            key = _event_key(row[2], row[0])
            if key in first:
                continue
            first[key] = row
            order.append(key)
            members = groups.get(row[2], ()) if row[2] else [(row[0], row[7], row[8])]
            people[key] = [(name, cid) for _rid, cid, name in members]
    emails = _first_emails({cid for members in people.values() for _n, cid in members})
    return [EventRecord(
        uid=f"{key}@relmanager", occurred_at=first[key][1], minutes=first[key][3] or 0,
        channel=first[key][9], channel_name=first[key][10], note=first[key][6],
        participants=tuple((name, emails.get(cid, "")) for name, cid in people[key]))
        for key in order]


def csv_rows() -> Iterator[list[str]]:
    """One row per participant; an event's rows share its Group."""
    for page in _rows():
        ids = [row[0] for row in page]
        captured = _sources(ids)
        emails = _all_emails({row[7] for row in page})
        for (row_id, when, group, minutes, exchange, initiated, _note, cid, name, channel,
             _channel_name, imported) in page:
            source = captured.get(row_id, "import" if imported else "typed")
            yield [_event_key(group, row_id), when.strftime("%Y-%m-%d %H:%M"), channel,
                   str(minutes or 0), exchange, initiated, name, "; ".join(emails.get(cid, ())),
                   source, _note]


def _all_emails(contact_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for cid, email in (ContactEmail.select(ContactEmail.contact, ContactEmail.email)
                       .where(ContactEmail.contact.in_(sorted(contact_ids)))
                       .order_by(ContactEmail.position, ContactEmail.id).tuples()):
        found[cid].append(email)
    return found


def export_interactions(kind: str, path: Path, now: datetime) -> int:
    """Write every interaction to ``path``; returns how many events (ics) or rows (csv)."""
    if kind == "ics":
        records = events()
        write_private_atomic(path, events_to_icalendar(records, now))
        return len(records)
    rows = list(csv_rows())
    write_private_atomic(path, interactions_to_csv(rows))
    return len(rows)
