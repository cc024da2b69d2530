"""Writing contacts: create, edit, tag, archive, delete, and finding one by reference.

Every function is one transaction and keeps the denormalised columns true.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import peewee as pw

from relmanager.domain import contact_fields
from relmanager.domain.clock import Clock
from relmanager.domain.stages import Stage
from relmanager.domain.text import fold, visible
from relmanager.store import denorm
from relmanager.store.errors import AmbiguousError, NotFoundError
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    StageChange,
    Tag,
    database,
)
from relmanager.store.validation import (
    check_count,
    clean_birthday,
    clean_cadence,
    clean_email,
    clean_name,
    clean_sphere,
    clean_tag,
    clean_text,
)

#: What update_contact accepts, and which of it is free text: from the one field table.
EDITABLE_FIELDS = contact_fields.EDITABLE


def sort_key(display_name: str, first: str, last: str) -> str:
    """Sort by last name when known, as address books do."""
    if last:
        return fold(f"{last} {first}".strip())
    return fold(display_name)


def split_name(display_name: str) -> tuple[str, str]:
    parts = display_name.rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (display_name, "")


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    if "display_name" in cleaned:
        cleaned["display_name"] = clean_name(cleaned["display_name"])
    if "sphere" in cleaned:
        cleaned["sphere"] = clean_sphere(cleaned["sphere"])
    if "birthday" in cleaned:
        cleaned["birthday"] = clean_birthday(cleaned["birthday"])
    if "cadence_days" in cleaned:
        cleaned["cadence_days"] = clean_cadence(cleaned["cadence_days"])
    for key in contact_fields.TEXT:
        if key in cleaned:
            cleaned[key] = clean_text(cleaned[key], key.replace("_", " "))
    return cleaned


def create_contact(
    clock: Clock,
    display_name: str,
    *,
    emails: Sequence[str | tuple[str, str]] = (),
    phones: Sequence[str | tuple[str, str]] = (),
    links: Sequence[tuple[str, str]] = (),
    tags: Iterable[str] = (),
    stage: Stage = Stage.INBOX,
    uid: str | None = None,
    import_batch: int | None = None,
    **fields: Any,
) -> Contact:
    """Create a contact; its first placement is recorded in the stage history."""
    cleaned = _clean_fields({"display_name": display_name, **fields})
    name = cleaned["display_name"]
    # Derived from the display name only when neither is given; one given alone keeps
    # the other empty (a missing key here once raised KeyError).
    first, last = cleaned.get("first_name", ""), cleaned.get("last_name", "")
    if not first and not last:
        first, last = split_name(name)
    cleaned["first_name"], cleaned["last_name"] = first, last
    now = clock.now()
    with database.atomic():
        contact = Contact.create(
            **cleaned,
            stage=Stage(stage).value,
            sort_name=sort_key(name, cleaned["first_name"], cleaned["last_name"]),
            created_at=now,
            updated_at=now,
            uid=uid or str(uuid.uuid4()),
            import_batch=import_batch,
        )
        _replace_children(contact.id, emails=emails, phones=phones, links=links)
        if tags:
            add_tags([contact.id], tags)
        StageChange.create(contact=contact, from_stage=None, to_stage=contact.stage,
                           changed_at=now)
        denorm.refresh_search_text([contact.id])
        denorm.refresh_due_dates([contact.id])
    return Contact.get_by_id(contact.id)


def _pairs(values: Sequence[str | tuple[str, str]]) -> list[tuple[str, str]]:
    return [(v, "") if isinstance(v, str) else (v[0], v[1]) for v in values]


def _replace_children(
    contact_id: int,
    *,
    emails: Sequence[str | tuple[str, str]] | None = None,
    phones: Sequence[str | tuple[str, str]] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
) -> None:
    for values, what in ((emails, "e-mail addresses"), (phones, "phone numbers"),
                         (links, "links")):
        if values is not None:
            check_count(len(values), what)
    if emails is not None:
        ContactEmail.delete().where(ContactEmail.contact == contact_id).execute()
        seen: set[str] = set()
        for position, (email, label) in enumerate(_pairs(emails)):
            address = clean_email(email)
            if address not in seen:
                seen.add(address)
                ContactEmail.create(contact=contact_id, email=address, label=label,
                                    position=position)
    if phones is not None:
        ContactPhone.delete().where(ContactPhone.contact == contact_id).execute()
        for position, (number, label) in enumerate(_pairs(phones)):
            if number.strip():
                ContactPhone.create(contact=contact_id, number=number.strip(), label=label,
                                    position=position)
    if links is not None:
        ContactLink.delete().where(ContactLink.contact == contact_id).execute()
        for position, (kind, url) in enumerate(links):
            if url.strip():
                ContactLink.create(contact=contact_id, kind=kind, url=url.strip(),
                                   position=position)


def update_contact(
    clock: Clock,
    contact_id: int,
    *,
    emails: Sequence[str | tuple[str, str]] | None = None,
    phones: Sequence[str | tuple[str, str]] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Change fields of a contact; returns the previous values (for undo)."""
    cleaned = _clean_fields(fields)
    with database.atomic():
        contact = get_contact(contact_id)
        before = {key: getattr(contact, key if key != "introduced_by" else "introduced_by_id")
                  for key in cleaned}
        if emails is not None:
            before["emails"] = [(e.email, e.label) for e in contact.emails.order_by(
                ContactEmail.position)]
        if phones is not None:
            before["phones"] = [(p.number, p.label) for p in contact.phones.order_by(
                ContactPhone.position)]
        if links is not None:
            before["links"] = [(lk.kind, lk.url) for lk in contact.links.order_by(
                ContactLink.position)]
        if cleaned.get("introduced_by") == contact_id:
            raise ValueError("a contact cannot have introduced themselves")
        renamed = "display_name" in cleaned and not {"first_name", "last_name"} & cleaned.keys()
        if renamed and split_name(contact.display_name) == (contact.first_name,
                                                            contact.last_name):
            # First and last name were derived from the display name: keep them derived.
            first, last = split_name(cleaned["display_name"])
            before.update(first_name=contact.first_name, last_name=contact.last_name)
            cleaned.update(first_name=first, last_name=last)
        for key, value in cleaned.items():
            setattr(contact, key, value)
        if {"display_name", "first_name", "last_name"} & cleaned.keys():
            contact.sort_name = sort_key(contact.display_name, contact.first_name,
                                         contact.last_name)
        contact.updated_at = clock.now()
        contact.save()
        _replace_children(contact_id, emails=emails, phones=phones, links=links)
        denorm.refresh_search_text([contact_id])
        denorm.refresh_due_dates([contact_id])
    return before


def get_contact(contact_id: int) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError(f"no contact with id {contact_id}")
    return contact


def tag_ids(names: Iterable[str]) -> list[int]:
    """Ids of the named tags, creating the missing ones (names compare case-insensitively)."""
    ids = []
    for raw in names:
        name = clean_tag(raw)
        if not name:
            continue
        tag, _ = Tag.get_or_create(name=name)
        ids.append(tag.id)
    return ids


def add_tags(contact_ids: Sequence[int], names: Iterable[str]) -> None:
    with database.atomic():
        ids = tag_ids(names)
        rows = [{"contact": c, "tag": t} for c in contact_ids for t in ids]
        _check_tag_counts(contact_ids, ids)
        for start in range(0, len(rows), 400):
            ContactTag.insert_many(rows[start:start + 400]).on_conflict_ignore().execute()
        denorm.refresh_search_text(contact_ids)


def _check_tag_counts(contact_ids: Sequence[int], adding: list[int]) -> None:
    """No contact ends up with more tags than the app keeps (the limit import applies)."""
    for chunk in chunks(contact_ids):
        held: dict[int, set[int]] = {c: set() for c in chunk}
        for cid, tid in ContactTag.select(ContactTag.contact, ContactTag.tag) \
                .where(ContactTag.contact.in_(chunk)).tuples():
            held[cid].add(tid)
        for tags in held.values():
            check_count(len(tags | set(adding)), "tags")


def remove_tags(contact_ids: Sequence[int], names: Iterable[str]) -> None:
    with database.atomic():
        ids = [t.id for t in Tag.select().where(pw.fn.lower(Tag.name).in_(
            [n.lower() for n in names]))]
        for chunk in chunks(contact_ids):
            ContactTag.delete().where(
                ContactTag.contact.in_(chunk) & ContactTag.tag.in_(ids)).execute()
        denorm.refresh_search_text(contact_ids)


def set_tags(contact_id: int, names: Iterable[str]) -> None:
    with database.atomic():
        ContactTag.delete().where(ContactTag.contact == contact_id).execute()
        add_tags([contact_id], names)


def tags_of(contact_id: int) -> list[str]:
    query = (Tag.select(Tag.name).join(ContactTag)
             .where(ContactTag.contact == contact_id).order_by(Tag.name))
    return [t.name for t in query]


def set_archived(clock: Clock, contact_ids: Sequence[int], archived: bool) -> None:
    with database.atomic():
        for chunk in chunks(contact_ids):
            Contact.update(archived=archived, updated_at=clock.now()).where(
                Contact.id.in_(chunk)).execute()
        denorm.refresh_due_dates(contact_ids)


def find_contact(reference: str) -> Contact:
    """A contact by id, email or unambiguous name (exact first, then unique substring)."""
    ref = reference.strip()
    if ref.isdigit():
        return get_contact(int(ref))
    if "@" in ref:
        row = (Contact.select().join(ContactEmail)
               .where(ContactEmail.email == ref.lower()).first())
        if row is None:
            raise NotFoundError(f"no contact with email {ref}")
        return row
    exact = list(Contact.select().where(pw.fn.lower(Contact.display_name) == ref.lower())
                 .limit(6))
    matching = (Contact.select().where(pw.fn.lower(Contact.display_name) == ref.lower())
                if exact else
                Contact.select().where(Contact.search_text.contains(fold(ref))))
    candidates = exact or list(matching.limit(6))
    if not candidates:
        raise NotFoundError(f"no contact matches {ref!r}")
    if len(candidates) > 1:
        names = ", ".join(f"{visible(c.display_name)} (#{c.id})" for c in candidates[:5])
        if len(candidates) > 5:  # only then is the whole count worth a query
            names += f" and {matching.count() - 5} more"
        raise AmbiguousError(f"{ref!r} matches several contacts: {names}; use an id or email")
    return candidates[0]
