"""What the contact profile and its form read: one contact as a frozen value.

The profile used to hold a peewee ``Contact`` and walk its relations (e-mails, phones,
links, tags, interactions) lazily on the UI thread, a query per attribute; it now gets
everything it shows in one call, as plain values that cannot reach back into the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import peewee as pw
from peewee import fn

from relmanager.domain.reciprocity import Balance
from relmanager.domain.text import fold
from relmanager.store import reciprocity
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    Tag,
)


@dataclass(frozen=True)
class Profile:
    """One contact as the profile shows and edits it (the model's names)."""

    id: int
    display_name: str
    first_name: str
    last_name: str
    organisation: str
    title: str
    sphere: str
    stage: str
    intent: str
    how_met: str
    where_met: str
    met_on: date | None
    introduced_by_id: int | None
    #: The introducer's name and organisation, for the form's picker (read here, on the
    #: worker, rather than by the picker on the UI thread when the form is loaded).
    introduced_by_label: tuple[str, str] | None
    cadence_days: int | None
    birthday: str | None
    notes: str
    archived: bool
    cooling_at: datetime | None
    cold_at: datetime | None
    last_two_way_at: datetime | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    links: tuple[str, ...]
    tags: tuple[str, ...]
    #: The give-and-take of all time, counted in SQL: it was every interaction's exchange
    #: (a string each, counted by the profile header on the UI thread: 167 ms of the
    #: window's time for 50,000 interactions, loaded).
    give_take: Balance
    #: The stored photo's bytes as they came (an import's thumbnail, or a synced card's
    #: photo of any size): the header decodes it, bounded (ui.contacts.avatar).
    photo: bytes | None = None


def profile(contact_id: int | None) -> Profile | None:
    """The contact, or None when there is no such contact (deleted meanwhile)."""
    if not contact_id:
        return None
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None
    cid = contact.id

    def column(model, field, order) -> tuple[str, ...]:
        return tuple(v for (v,) in model.select(field).where(model.contact == cid)
                     .order_by(order).tuples())

    tags = tuple(name for (name,) in Tag.select(Tag.name).join(ContactTag)
                 .where(ContactTag.contact == cid).tuples())
    return Profile(
        id=cid, display_name=contact.display_name, first_name=contact.first_name,
        last_name=contact.last_name, organisation=contact.organisation, title=contact.title,
        sphere=contact.sphere, stage=contact.stage, intent=contact.intent,
        how_met=contact.how_met, where_met=contact.where_met, met_on=contact.met_on,
        introduced_by_id=contact.introduced_by_id,
        introduced_by_label=(name_and_organisation(contact.introduced_by_id) or ("", "")
                             if contact.introduced_by_id else None),
        cadence_days=contact.cadence_days,
        birthday=contact.birthday, notes=contact.notes, archived=bool(contact.archived),
        cooling_at=contact.cooling_at, cold_at=contact.cold_at,
        last_two_way_at=contact.last_two_way_at,
        emails=column(ContactEmail, ContactEmail.email, ContactEmail.position),
        phones=column(ContactPhone, ContactPhone.number, ContactPhone.position),
        links=column(ContactLink, ContactLink.url, ContactLink.position),
        tags=tags, give_take=reciprocity.ever(cid),
        photo=bytes(contact.photo) if contact.photo else None)


def stage_of(contact_id: int | None) -> str | None:
    """The contact's stage (a Stage value), None when there is no such contact."""
    if not contact_id:
        return None
    row = Contact.select(Contact.stage).where(Contact.id == contact_id).tuples().first()
    return row[0] if row else None


def name_and_organisation(contact_id: int) -> tuple[str, str] | None:
    """What a contact picker shows for a chosen contact."""
    row = (Contact.select(Contact.display_name, Contact.organisation)
           .where(Contact.id == contact_id).tuples().first())
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class ContactRef:
    """A contact named in a message: enough to show it and open it."""

    id: int
    display_name: str
    organisation: str


def _name_candidates(cleaned: str) -> Any:
    """Contacts whose search text holds every word of the name, through the word index
    (``contact_words``): ``lower(display_name) = ?`` alone can use no index and read
    every name on each keystroke's check (on the UI thread, in the new-contact dialog).
    A name with no indexable word falls back to the exact name's own index."""
    words = [w for w in fold(cleaned).split() if any(ch.isalnum() for ch in w)]
    if not words:
        return Contact.display_name == cleaned  # no letters: lower() changed nothing
    match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
    return Contact.id.in_(pw.SQL(
        "(SELECT rowid FROM contact_words WHERE contact_words MATCH ?)", [match]))


def same_name_query(cleaned: str, limit: int) -> Any:
    """Contacts named ``cleaned`` (lower-cased, single spaces), any case, through the
    word index: bounded by the few contacts sharing the name's words."""
    return (Contact.select(Contact.id, Contact.display_name, Contact.organisation)
            .where(_name_candidates(cleaned) & (fn.lower(Contact.display_name) == cleaned))
            .limit(limit))


def possible_duplicates(name: str, emails: list[str], limit: int = 5) -> list[ContactRef]:
    """Contacts with the same name (any case) or one of the same e-mail addresses: what
    the new-contact dialog points out before a duplicate is made."""
    found: dict[int, ContactRef] = {}
    cleaned = " ".join(name.split()).lower()
    columns = (Contact.id, Contact.display_name, Contact.organisation)
    if cleaned:
        for row in same_name_query(cleaned, limit).tuples():
            found[row[0]] = ContactRef(*row)
    if emails:
        for row in (Contact.select(*columns).join(ContactEmail)
                    .where(ContactEmail.email.in_([e.lower() for e in emails]))
                    .limit(limit).tuples()):
            found[row[0]] = ContactRef(*row)
    return list(found.values())[:limit]

