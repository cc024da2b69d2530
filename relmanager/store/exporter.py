"""Exports: every contact (or a chosen set) as vCard 4.0 or CSV, follow-ups and time boxes
as iCalendar. Contacts are read a chunk at a time and streamed to a private temporary file
that replaces the target only when complete (0600, atomic), so 100,000 contacts never sit
in memory at once and a cancel or a full disk leaves any earlier file untouched.

Exports never contain secrets: passwords and keys live in the OS keyring, not the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

from relmanager.domain.timebox import parse_weekdays
from relmanager.interchange.atomic import open_private_atomic, write_private_atomic
from relmanager.interchange.card_text import patched_card
from relmanager.interchange.csv_out import CSV_COLUMNS, contacts_to_csv
from relmanager.interchange.ics_out import to_icalendar
from relmanager.interchange.records import FollowUpRecord, ParsedContact, TimeBoxRecord
from relmanager.interchange.sync_fields import contact_fields
from relmanager.interchange.vcard_out import contact_to_vcard4
from relmanager.store import kept_cards, queries, relations
from relmanager.store.errors import OperationCancelledError
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    FollowUp,
    Tag,
    TimeBoxPlan,
)

KINDS = ("vcard", "csv", "ics")
#: Contacts read per step (progress and cancel between steps); under in_lists.CHUNK, so
#: each step's IN lists fit in one statement.
CHUNK = 500
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _children(ids: list[int]) -> dict[str, dict[int, list]]:
    found: dict[str, dict[int, list]] = {k: defaultdict(list) for k in
                                         ("emails", "phones", "links", "tags")}
    for cid, email, label in (ContactEmail.select(ContactEmail.contact, ContactEmail.email,
                                                  ContactEmail.label)
                              .where(ContactEmail.contact.in_(ids))
                              .order_by(ContactEmail.position).tuples()):
        found["emails"][cid].append((email, label))
    for cid, number, label in (ContactPhone.select(ContactPhone.contact, ContactPhone.number,
                                                   ContactPhone.label)
                               .where(ContactPhone.contact.in_(ids))
                               .order_by(ContactPhone.position).tuples()):
        found["phones"][cid].append((number, label))
    for cid, kind, url in (ContactLink.select(ContactLink.contact, ContactLink.kind,
                                              ContactLink.url)
                           .where(ContactLink.contact.in_(ids))
                           .order_by(ContactLink.position).tuples()):
        found["links"][cid].append((kind, url))
    for cid, name in (ContactTag.select(ContactTag.contact, Tag.name).join(Tag)
                      .where(ContactTag.contact.in_(ids)).order_by(Tag.name).tuples()):
        found["tags"][cid].append(name)
    return found


def contact_records(ids: Sequence[int]) -> Iterator[ParsedContact]:
    """ParsedContacts for ``ids`` in that order, read :data:`CHUNK` at a time, each with
    the card it was imported from when one was kept (store.kept_cards)."""
    for chunk in chunks(ids, CHUNK):
        children = _children(chunk)
        cards = kept_cards.cards_of(chunk)
        rows = {c.id: c for c in Contact.select().where(Contact.id.in_(chunk))}
        introducers = {c.id: c.uid for c in Contact.select(Contact.id, Contact.uid).where(
            Contact.id.in_([r.introduced_by_id for r in rows.values() if r.introduced_by_id]))}
        related = relations.typed_relations(chunk)
        for cid in chunk:
            row = rows.get(cid)
            if row is None:
                continue
            yield ParsedContact(
                first_name=row.first_name, last_name=row.last_name,
                display_name=row.display_name, emails=children["emails"][cid],
                phones=children["phones"][cid], organisation=row.organisation,
                title=row.title, links=children["links"][cid], notes=row.notes,
                tags=children["tags"][cid], birthday=row.birthday, photo=row.photo,
                met_on=row.met_on if isinstance(row.met_on, date) else None,
                how_met=row.how_met, where_met=row.where_met, intent=row.intent,
                stage=row.stage, sphere=row.sphere, cadence_days=row.cadence_days,
                related=[f"urn:uuid:{introducers[row.introduced_by_id]}"]
                if row.introduced_by_id in introducers else [],
                relations=related.get(cid, []),
                uid=row.uid, last_interaction=row.last_interaction_at,
                archived=bool(row.archived), card=cards.get(cid))


def select_ids(stages: Sequence[str] = (), tag: str | None = None,
               ids: Sequence[int] | None = None, now: datetime | None = None,
               active_only: bool = False) -> list[int]:
    """Contacts by name order. Unfiltered, that is the whole address book, archived
    contacts included (an export is a copy of everything; leaving them out lost them
    from "full" exports); a stage, a tag or ``active_only`` narrows it to active ones."""
    from relmanager.domain.stages import Stage

    unfiltered = not stages and tag is None and ids is None and not active_only
    flt = queries.ContactFilter(stages=[Stage(s) for s in stages], tag=tag, ids=ids,
                                archived=None if unfiltered else False)
    return queries.contact_ids(flt, now or datetime.now())


class Written(int):
    """How many contacts an export wrote (an int, as before), and how many of them were
    archived, for the summary line ("200 contacts, 1 archived included")."""

    archived: int

    def __new__(cls, written: int, archived: int = 0) -> Written:
        value = super().__new__(cls, written)
        value.archived = archived
        return value

    def describe(self) -> str:
        text = f"{int(self):,} contact{'s' if self != 1 else ''}"
        return text + (f" ({self.archived:,} archived included)" if self.archived else "")


def export_contacts(kind: str, path: Path, ids: Sequence[int],
                    progress: Progress | None = None,
                    cancelled: Cancelled | None = None) -> Written:
    """Write ``ids`` as vCard 4.0 or CSV to ``path``; returns how many were written (and
    how many of those were archived, marked as such in the file)."""
    if kind not in ("vcard", "csv"):
        raise ValueError(f"unknown contact export {kind!r}")
    total, written, archived = len(ids), 0, 0
    with open_private_atomic(path) as handle:
        if kind == "csv":
            handle.write(contacts_to_csv([], bom=True))  # BOM and header row
        for record in contact_records(ids):
            if written % CHUNK == 0:
                if cancelled is not None and cancelled():
                    raise OperationCancelledError("Cancelled; no file was written.")
                if progress is not None:
                    progress(written, total)
            if kind == "vcard":
                handle.write(_card(record))
            else:
                text = contacts_to_csv([record], bom=False)
                handle.write(text.split("\r\n", 1)[1])  # the row without the header
            written += 1
            archived += bool(record.archived)
    if progress is not None:
        progress(written, total)
    return Written(written, archived)


def _card(record: ParsedContact) -> str:
    """A contact's vCard: the card it was imported from with its fields patched in, by
    the rule sync uses for the server's text (card_text.patched_card), so another app's
    properties go back out byte for byte; else Relmanager's own vCard 4.0."""
    if record.card is None:
        return contact_to_vcard4(record)
    return patched_card(record.uid or "", contact_fields(record), None, record.card)


def export_calendar(path: Path, now: datetime) -> tuple[int, int]:
    """Open follow-ups (VTODO with an alarm) and active time boxes (weekly VEVENT)."""
    follow_ups = [
        FollowUpRecord(uid=f"follow-up-{f.id}@relmanager", title=f.title,
                       contact_name=f.contact.display_name, due=f.due_at, done_at=f.done_at,
                       note=f.note)
        for f in FollowUp.select(FollowUp, Contact).join(Contact)
        .where(FollowUp.done_at.is_null()).order_by(FollowUp.due_at)]
    boxes = [
        TimeBoxRecord(uid=f"time-box-{p.id}@relmanager", name=p.name, minutes=p.minutes,
                      weekdays=sorted(parse_weekdays(p.weekdays)),
                      start=datetime.strptime(p.start_time, "%H:%M").time(),
                      first_date=p.created_at.date())
        for p in TimeBoxPlan.select().where(TimeBoxPlan.active == True)]  # noqa: E712
    write_private_atomic(path, to_icalendar(follow_ups, boxes, now))
    return len(follow_ups), len(boxes)


def default_name(kind: str, now: datetime) -> str:
    suffix = {"vcard": "vcf", "csv": "csv", "ics": "ics"}[kind]
    return f"relmanager-{now:%Y-%m-%d}.{suffix}"


__all__ = [
    "CSV_COLUMNS",
    "KINDS",
    "Written",
    "contact_records",
    "default_name",
    "export_calendar",
    "export_contacts",
    "select_ids",
]
