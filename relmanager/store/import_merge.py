"""A contact as it was before an import merged into it, and putting it back.

The snapshot is plain JSON (stored in ImportMerge.before_json): the fields a merge may
change and the contact's addresses, phones, links and tags, so undoing the import restores
the contact exactly, whatever the merge added.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from relmanager.domain import contact_fields
from relmanager.store import denorm
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
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


def restore_contact(contact_id: int, before: dict[str, Any]) -> None:
    """Put a contact back as :func:`snapshot_contact` saw it (inside the caller's
    transaction). A contact deleted since has nothing to restore."""
    if not Contact.select().where(Contact.id == contact_id).exists():
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
