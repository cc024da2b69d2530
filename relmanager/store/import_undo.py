"""Taking an import back: what undoing a batch would remove, and the exact undo (the
contacts it added deleted, what its merges changed restored), in one transaction.

Split out of ``importer`` (which writes imports); ``importer`` still offers these names,
the one place callers import them from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from relmanager.domain.clock import Clock
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.import_merge import restore_contact
from relmanager.store.in_lists import chunks
from relmanager.store.models import Contact, ImportBatch, ImportMerge, Interaction, database


@dataclass(frozen=True)
class UndoPreview:
    batch_id: int
    source: str
    added: int
    merged: int
    interactions: int  # logged since with added contacts: removed with them
    undone: bool


def undo_preview(batch_id: int | None = None) -> UndoPreview:
    """What undoing ``batch_id`` (default: the latest not yet undone) would remove."""
    query = ImportBatch.select().order_by(ImportBatch.id.desc())
    batch = (ImportBatch.get_or_none(ImportBatch.id == batch_id) if batch_id is not None
             else query.where(ImportBatch.undone_at.is_null()).first())
    if batch is None:
        raise NotFoundError(f"no import {batch_id}" if batch_id else "no import to undo")
    added = Contact.select().where(Contact.import_batch == batch.id)
    interactions = Interaction.select().where(Interaction.contact.in_(added)).count()
    return UndoPreview(batch.id, batch.source, added.count(), batch.merges.count(),
                       interactions, batch.undone_at is not None)


def undo_import(batch_id: int, clock: Clock, expect: UndoPreview | None = None
                ) -> UndoPreview:
    """Remove the contacts the batch added and restore what its merges changed; returns
    what was removed (counted in the same transaction).

    ``expect``: the preview the user confirmed. When the undo would now remove more (an
    interaction logged with an imported contact meanwhile, in another process), nothing
    is done: the confirmation used to name the old count and the undo then deleted the
    newer interaction too, a write that had been acknowledged."""
    with database.atomic():
        preview = undo_preview(batch_id)
        if preview.undone:
            raise ValidationError(f"import {batch_id} was already undone")
        if expect is not None and _counts(preview) != _counts(expect):
            raise ValidationError(
                f"import {batch_id} changed since you were asked (it would now remove "
                f"{preview.added} contacts and {preview.interactions} interactions logged "
                "with them); nothing was undone, ask again to see what it would remove")
        for merge in ImportMerge.select().where(ImportMerge.batch == batch_id) \
                .order_by(ImportMerge.id.desc()):
            restore_contact(merge.contact_id, json.loads(merge.before_json))
        ids = [cid for (cid,) in Contact.select(Contact.id)
               .where(Contact.import_batch == batch_id).tuples()]
        for chunk in chunks(ids):
            Contact.delete().where(Contact.id.in_(chunk)).execute()
        ImportBatch.update(undone_at=clock.now()).where(ImportBatch.id == batch_id).execute()
    return preview


def _counts(preview: UndoPreview) -> tuple[int, int, int]:
    return preview.added, preview.merged, preview.interactions


def batches() -> list[ImportBatch]:
    return list(ImportBatch.select().order_by(ImportBatch.id.desc()))
