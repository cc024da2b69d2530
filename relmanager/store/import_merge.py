"""A contact as it was before an import merged into it, and putting it back.

The snapshot is plain JSON (stored in ImportMerge.before_json): the fields a merge may
change and the contact's addresses, phones, links and tags, so undoing the import restores
the contact exactly, whatever the merge added (the relations its card linked too).
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

import peewee as pw

from relmanager.domain import contact_fields
from relmanager.store import denorm, relations
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
    linked = before.get("relations_added", [])
    if linked:
        ContactRelation.delete().where(ContactRelation.id.in_(linked)).execute()
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
