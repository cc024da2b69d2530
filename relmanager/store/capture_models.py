"""Tables of captured interactions (issue 24): one batch per capture run, and one item
per captured interaction naming where it came from, so that a re-run captures nothing
twice and an undo removes exactly what the run added."""

from __future__ import annotations

from datetime import datetime

import peewee as pw

from relmanager.store.fields import AutoIncrementField
from relmanager.store.models import BaseModel, Contact, Interaction


def _now() -> datetime:
    return datetime.now()


class CaptureBatch(BaseModel):
    source = pw.CharField()  # domain.capture.SOURCES: mail | calendar
    location = pw.TextField()  # the file, folder or account as the user named it
    created_at = pw.DateTimeField(default=_now)
    read = pw.IntegerField(default=0)  # messages or event occurrences read
    captured = pw.IntegerField(default=0)  # interaction rows written
    people = pw.IntegerField(default=0)  # contacts matched
    skipped = pw.IntegerField(default=0)  # left out (lists, declined, not contacts...)
    problems = pw.IntegerField(default=0)  # unreadable messages or events
    undone_at = pw.DateTimeField(null=True)


class CaptureItem(BaseModel):
    """Where one captured interaction row came from. ``source_key`` is the Message-ID,
    or the event's UID (and RECURRENCE-ID); with the contact it is unique, which is what
    makes capture idempotent. A row the user deletes by hand keeps its item (interaction
    set to null), so the next run does not bring it back."""

    id = AutoIncrementField()  # never reused: a merge's undo puts rows back by id

    batch = pw.ForeignKeyField(CaptureBatch, backref="items", on_delete="CASCADE")
    interaction = pw.ForeignKeyField(Interaction, null=True, on_delete="SET NULL")
    contact = pw.ForeignKeyField(Contact, on_delete="CASCADE")
    source_key = pw.CharField(max_length=1000)
    #: False for mail only received: recorded, but it does not reset going cold.
    two_way = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("source_key", "contact"), True), (("interaction",), False),
                   (("batch",), False))


CAPTURE_MODELS = (CaptureBatch, CaptureItem)
