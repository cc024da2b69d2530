"""Deleting contacts so that the deletion can be undone exactly.

A snapshot holds every row that belongs to the deleted contacts (emails, tags,
interactions, stage history, follow-ups, introductions, relations to other contacts and
a tie strength set by hand, their seats at coming meetings) and every reference from other
contacts that the delete will null out, so restoring puts back the same rows with the
same ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from relmanager.store import denorm, kept_cards, sync_pairs
from relmanager.store.capture_models import CaptureItem
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    BaseModel,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactRelation,
    ContactTag,
    FollowUp,
    ImportMerge,
    Interaction,
    Introduction,
    StageChange,
    TieOverride,
    database,
)
from relmanager.store.upcoming_models import UpcomingEvent, UpcomingParticipant

Rows = list[dict[str, Any]]

# Restored in this order so that every foreign key points at a row already back.
_CHILDREN: tuple[type[BaseModel], ...] = (
    ContactEmail, ContactPhone, ContactLink, ContactTag, Interaction, StageChange,
    Introduction, FollowUp, ImportMerge, ContactRelation, TieOverride, CaptureItem,
    UpcomingParticipant,
)


@dataclass
class Snapshot:
    tables: dict[str, Rows] = field(default_factory=dict)
    introduced_by_refs: list[tuple[int, int]] = field(default_factory=list)
    #: What the server last had for the synced rows (sync_pairs.kept_texts): an undo
    #: sends them back patched into it, every other client's property kept.
    sync_texts: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    #: The cards the contacts were imported from (store.kept_cards), by contact id: the
    #: deletion takes them with the contacts (ON DELETE CASCADE), the undo puts them back.
    cards: dict[int, str] = field(default_factory=dict)

    @property
    def contact_ids(self) -> list[int]:
        return [row["id"] for row in self.tables.get("contact", [])]


def _rows(model: type[BaseModel], *lists: tuple[Any, Sequence[int]]) -> Rows:
    """The rows of ``model`` where a column holds one of its ids (``(column, ids)``, an id
    list per column: a follow-up is its contact's, its introduction's or its interaction's),
    each row once, by primary key, whichever lists find it: a statement per column and
    chunk. (One statement ORing the chunks' IN lists binds every id at once: past
    SQLite's limit it fails as a single list does.)"""
    key = model._meta.primary_key.name
    found: dict[Any, dict[str, Any]] = {}
    for column, ids in lists:
        for part in chunks(ids):
            for row in model.select().where(column.in_(part)).dicts():
                found.setdefault(row[key], row)
    return [found[k] for k in sorted(found)]


def take_snapshot(contact_ids: Sequence[int]) -> Snapshot:
    ids = list(contact_ids)
    snap = Snapshot()
    snap.tables["contact"] = _rows(Contact, (Contact.id, ids))
    interactions = _rows(Interaction, (Interaction.contact, ids))
    intros = _rows(Introduction, (Introduction.requester, ids), (Introduction.target, ids),
                   (Introduction.introducer, ids))
    snap.tables["interaction"] = interactions
    snap.tables["introduction"] = intros
    snap.tables["follow_up"] = _rows(
        FollowUp, (FollowUp.contact, ids),
        (FollowUp.introduction, [row["id"] for row in intros]),
        (FollowUp.interaction, [row["id"] for row in interactions]))
    for model in (ContactEmail, ContactPhone, ContactLink, ContactTag, StageChange,
                  ImportMerge, CaptureItem, UpcomingParticipant):
        snap.tables[model._meta.table_name] = _rows(model, (model.contact, ids))
    # Relations from either side, and a tie strength set by hand: the network's part.
    snap.tables["contact_relation"] = _rows(
        ContactRelation, (ContactRelation.contact, ids), (ContactRelation.other, ids))
    snap.tables["tie_override"] = _rows(TieOverride, (TieOverride.contact, ids))
    mine = set(ids)
    snap.introduced_by_refs = [
        (contact_id, introducer_id) for part in chunks(ids)
        for contact_id, introducer_id in Contact.select(Contact.id, Contact.introduced_by)
        .where(Contact.introduced_by.in_(part)).tuples()
        if contact_id not in mine
    ]
    for kind in ("contact", "interaction", "follow_up", "introduction"):
        snap.sync_texts += sync_pairs.kept_texts(kind, snap.tables[kind])
    snap.cards = kept_cards.cards_of(snap.contact_ids)
    return snap


def delete_contacts(contact_ids: Sequence[int]) -> Snapshot:
    """Delete contacts and everything that is theirs; returns what restores them."""
    with database.atomic():
        snap = take_snapshot(contact_ids)
        ids = snap.contact_ids
        for part in chunks([r["id"] for r in snap.tables["follow_up"]]):
            FollowUp.delete().where(FollowUp.id.in_(part)).execute()
        for part in chunks(ids):
            Contact.delete().where(Contact.id.in_(part)).execute()
    return snap


def _insert(model: type[BaseModel], rows: Rows) -> None:
    for start in range(0, len(rows), 200):
        model.insert_many(rows[start:start + 200]).execute()


def _still_wanted(model: type[BaseModel], rows: Rows) -> Rows:
    """A seat at a coming meeting whose event a later calendar read replaced or forgot
    has nothing to come back to (the meeting is gone for everyone): the rest is restored
    rather than the whole undo failing on the missing event."""
    if model is not UpcomingParticipant or not rows:
        return rows
    alive = {e for part in chunks({row["event"] for row in rows})
             for (e,) in UpcomingEvent.select(UpcomingEvent.id)
             .where(UpcomingEvent.id.in_(part)).tuples()}
    return [row for row in rows if row["event"] in alive]


def restore_snapshot(snap: Snapshot) -> None:
    """Put deleted contacts back exactly as they were, with the same ids."""
    with database.atomic():
        contacts = snap.tables["contact"]  # take_snapshot fills every table
        # Contacts that introduced each other: insert without the reference first.
        _insert(Contact, [{**row, "introduced_by": None} for row in contacts])
        for row in contacts:
            if row["introduced_by"] is not None:
                Contact.update(introduced_by=row["introduced_by"]).where(
                    Contact.id == row["id"]).execute()
        for model in _CHILDREN:
            _insert(model, _still_wanted(model, snap.tables[model._meta.table_name]))
        for contact_id, introducer_id in snap.introduced_by_refs:
            Contact.update(introduced_by=introducer_id).where(Contact.id == contact_id).execute()
        denorm.refresh_search_text(snap.contact_ids)
        sync_pairs.keep_for_revival(snap.sync_texts)
        for contact_id, text in snap.cards.items():
            kept_cards.put_back(contact_id, text)
