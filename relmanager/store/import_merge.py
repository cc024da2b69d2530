"""A contact as it was before an import merged into it, and putting it back.

The snapshot is plain JSON (stored in ImportMerge.before_json): the fields a merge may
change and the contact's addresses, phones, links and tags, so undoing the import restores
the contact exactly, whatever the merge added (the relations its card linked too).

What the merge added is recorded with it (``before["added"]``), and undo takes back only
that, and only where it is still what the merge wrote: undo used to put the whole snapshot
back, and so silently wiped whatever was written to the contact after the import (a later
import's phone and title, a note typed in the window), each write acknowledged when made.
Records written before ``added`` existed are restored whole, as they always were.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime
from typing import Any

import peewee as pw

from relmanager.domain import contact_fields
from relmanager.store import denorm, kept_cards, relations
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactRelation,
    ContactTag,
    ImportMerge,
    Tag,
)

#: What a merge records so undoing the import puts it back (the one field table).
FIELDS = contact_fields.MERGE_UNDO


def snapshot_contact(contact_id: int) -> dict[str, Any]:
    contact = Contact.get_by_id(contact_id)
    fields = {name: getattr(contact, name) for name in FIELDS}
    if isinstance(fields["met_on"], date):
        fields["met_on"] = fields["met_on"].isoformat()
    return {
        "fields": fields,
        "photo": base64.b64encode(contact.photo).decode() if contact.photo else None,
        "emails": [{"email": e, "label": lab, "position": pos} for e, lab, pos in
                   ContactEmail.select(ContactEmail.email, ContactEmail.label,
                                       ContactEmail.position)
                   .where(ContactEmail.contact == contact_id).tuples()],
        "phones": [{"number": n, "label": lab, "position": pos} for n, lab, pos in
                   ContactPhone.select(ContactPhone.number, ContactPhone.label,
                                       ContactPhone.position)
                   .where(ContactPhone.contact == contact_id).tuples()],
        "links": [{"kind": k, "url": u, "position": pos} for k, u, pos in
                  ContactLink.select(ContactLink.kind, ContactLink.url, ContactLink.position)
                  .where(ContactLink.contact == contact_id).tuples()],
        "tag_ids": [t for (t,) in ContactTag.select(ContactTag.tag)
                    .where(ContactTag.contact == contact_id).tuples()],
    }


def merge_added(before: dict[str, Any], changes: dict[str, Any], *, emails: list[str],
                phones: list[str], urls: list[str], tag_ids: list[int]) -> dict[str, Any]:
    """What one merge wrote into a contact (JSON): the fields it filled (the photo by its
    digest), and the addresses, phones, links and tags it added that were not there."""
    had_phones = {p["number"] for p in before["phones"]}
    had_urls = {link["url"] for link in before["links"]}
    photo = changes.get("photo")
    return {
        "fields": {name: _plain(value) for name, value in changes.items() if name != "photo"},
        "photo": hashlib.sha256(photo).hexdigest() if photo else None,
        "emails": sorted(set(emails)),
        "phones": sorted({n for n in phones if n not in had_phones}),
        "links": sorted({u for u in urls if u not in had_urls}),
        "tag_ids": sorted({t for t in tag_ids if t not in set(before["tag_ids"])}),
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def link_merged_relations(now: datetime, batch_id: int,
                          pairs: list[tuple[int, str, str]]) -> None:
    """Typed relations on the cards merged into existing contacts ((contact id, kind,
    other's uid or name), after the import's new contacts are in, so they can be named),
    linked like an added contact's; the ones that are new are remembered with the
    contact's merge record, so undoing the import removes exactly them."""
    added: dict[int, list[int]] = {}
    for contact_id, kind, reference in pairs:
        if relations.link_relations(now, [(contact_id, kind, reference)]):
            new = ContactRelation.select(pw.fn.max(ContactRelation.id)).scalar()
            added.setdefault(contact_id, []).append(int(new))
    for contact_id, ids in added.items():
        record = (ImportMerge.select().where(ImportMerge.batch == batch_id,
                                             ImportMerge.contact == contact_id)
                  .order_by(ImportMerge.id.desc()).first())
        if record is None:
            continue
        before = json.loads(record.before_json)
        before["relations_added"] = [*before.get("relations_added", []), *ids]
        ImportMerge.update(before_json=json.dumps(before)).where(
            ImportMerge.id == record.id).execute()


def restore_contact(contact_id: int, before: dict[str, Any]) -> None:
    """Put a contact back as :func:`snapshot_contact` saw it (inside the caller's
    transaction). A contact deleted since has nothing to restore."""
    if not Contact.select().where(Contact.id == contact_id).exists():
        return
    if "card" in before:  # the card kept for it, as it was (store.kept_cards)
        kept_cards.put_back(contact_id, before["card"])
    linked = before.get("relations_added", [])
    if linked:
        ContactRelation.delete().where(ContactRelation.id.in_(linked)).execute()
    if "added" in before:
        _take_back(contact_id, before, before["added"])
        return
    fields = dict(before["fields"])
    photo = before.get("photo")
    fields["photo"] = base64.b64decode(photo) if photo else None
    Contact.update(**fields).where(Contact.id == contact_id).execute()
    for model in (ContactEmail, ContactPhone, ContactLink, ContactTag):
        model.delete().where(model.contact == contact_id).execute()
    for row in before["emails"]:
        ContactEmail.create(contact=contact_id, **row)
    for row in before["phones"]:
        ContactPhone.create(contact=contact_id, **row)
    for row in before["links"]:
        ContactLink.create(contact=contact_id, **row)
    existing_tags = {t for (t,) in Tag.select(Tag.id).tuples()}
    for tag_id in before["tag_ids"]:
        if tag_id in existing_tags:
            ContactTag.create(contact=contact_id, tag=tag_id)
    denorm.refresh_search_text([contact_id])
    denorm.refresh_due_dates([contact_id])


def _take_back(contact_id: int, before: dict[str, Any], added: dict[str, Any]) -> None:
    """Undo one merge's additions where they still hold what it wrote; anything written
    to the contact since (a field changed again, an address added) stays."""
    contact = Contact.get_by_id(contact_id)
    row: dict[str, Any] = {}
    for name, value in added["fields"].items():
        if _plain(getattr(contact, name)) == value:
            row[name] = before["fields"].get(name)
    if added.get("photo") and contact.photo \
            and hashlib.sha256(contact.photo).hexdigest() == added["photo"]:
        row["photo"] = base64.b64decode(before["photo"]) if before.get("photo") else None
    if row:
        Contact.update(**row).where(Contact.id == contact_id).execute()
    for model, column, values in ((ContactEmail, ContactEmail.email, added["emails"]),
                                  (ContactPhone, ContactPhone.number, added["phones"]),
                                  (ContactLink, ContactLink.url, added["links"]),
                                  (ContactTag, ContactTag.tag, added["tag_ids"])):
        if values:
            model.delete().where(model.contact == contact_id, column.in_(values)).execute()
    denorm.refresh_search_text([contact_id])
    denorm.refresh_due_dates([contact_id])
