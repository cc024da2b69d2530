"""Merging contacts into one, in one transaction, and undoing it exactly.

Everything of the merged-away contacts moves to the survivor: interactions, stage
history, follow-ups, introductions (as requester, target or introducer), the people they
introduced, tags, e-mails, phones and links (the last four as a union without repeats;
reciprocity is counted from the interactions, so it moves with them). What would become
meaningless is not moved but goes with the merged-away contact (and comes back with an
undo): its share of an event the survivor was also at (the same ``group_key``), and an
introduction between two of the merged people. Then the merged-away contacts are
deleted, which sync turns into a DELETE on the server (``sync_state`` triggers), while
the survivor's changes are sent as an edit of its card.

A :class:`MergeRecord` holds what :func:`undo_merge` needs to put every row back with its
id: the survivor's row and lists as they were, each moved row's old owner, and a
:mod:`~relmanager.store.snapshots` snapshot of the deleted contacts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import peewee as pw

from relmanager.domain import merging
from relmanager.domain.clock import Clock
from relmanager.domain.merging import Candidate, Plan
from relmanager.domain.stages import Stage
from relmanager.store import denorm, kept_cards, merge_cards, merge_moves, snapshots
from relmanager.store.contacts import update_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactTag,
    FollowUp,
    Interaction,
    Introduction,
    StageChange,
    SyncItem,
    database,
)
from relmanager.store.validation import check_count

Rows = list[dict[str, Any]]
_LISTS: tuple[Any, ...] = (ContactEmail, ContactPhone, ContactLink, ContactTag)


@dataclass
class MergeRecord:
    """What one merge changed, enough to undo it row for row."""

    plan: Plan
    survivor_row: dict[str, Any] = field(default_factory=dict)
    survivor_lists: dict[str, Rows] = field(default_factory=dict)
    #: The survivor as the merge left it: undo puts back only what still holds the
    #: merged value, so an edit made after the merge is kept.
    merged_row: dict[str, Any] = field(default_factory=dict)
    merged_lists: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    #: What the last undo left as edited after the merge (column or list names).
    kept_edits: list[str] = field(default_factory=list)
    #: table (or "introduction.<role>", "follow_up.interaction", "contact.introduced_by")
    #: -> [(row id, the value it had)]
    moved: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    stage_change_id: int | None = None
    #: Relations copied to the survivor, and whether it took over a tie strength set by
    #: hand: removed again on undo (the merged-away rows come back with the snapshot).
    created_relations: list[int] = field(default_factory=list)
    created_override: bool = False
    snapshot: snapshots.Snapshot | None = None
    card: merge_cards.CardBefore | None = None
    #: Whether the survivor's imported card took in the merged-away ones' lines
    #: (store.kept_cards), and that card before: undo puts it back.
    kept_card: tuple[bool, str | None] = (False, None)

    @property
    def contact_ids(self) -> list[int]:
        return [self.plan.survivor, *self.plan.others]


# -- reading ----------------------------------------------------------------------------
def candidates(contact_ids: Sequence[int]) -> list[Candidate]:
    """The contacts to merge as the domain rules see them, in the order given."""
    ids = list(dict.fromkeys(contact_ids))
    rows = {c.id: c for c in Contact.select().where(Contact.id.in_(ids))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFoundError(f"no contact with id {missing[0]}")
    counts = dict(Interaction.select(Interaction.contact, pw.fn.count(Interaction.id))
                  .where(Interaction.contact.in_(ids)).group_by(Interaction.contact).tuples())
    synced = {i for (i,) in SyncItem.select(SyncItem.local_id).where(
        (SyncItem.kind == "contact") & (SyncItem.state == "synced")
        & SyncItem.local_id.in_(ids)).tuples()}
    return [Candidate(i, values_of(rows[i]), counts.get(i, 0), rows[i].created_at,
                      i in synced) for i in ids]


class MergeOpening(NamedTuple):
    """What the Merge dialog shows when it opens: the contacts, and the names it says
    (theirs and their introducers')."""

    candidates: list[Candidate]
    names: dict[int, str]


def opening(contact_ids: Sequence[int]) -> MergeOpening:
    """The Merge dialog's first read, made on its worker (a contact's interactions are
    counted, and the dialog opens at once, saying it reads, whatever their number)."""
    found = candidates(contact_ids)
    names = names_of([c.id for c in found])
    introducers = [c.values["introduced_by"] for c in found if c.values["introduced_by"]]
    names.update(names_of([i for i in introducers if i not in names]))
    return MergeOpening(found, names)


def values_of(contact: Contact) -> dict[str, Any]:
    """A contact's values of :data:`relmanager.domain.merging.FIELDS`."""
    values = {name: getattr(contact, name) for name in merging.FIELDS
              if name not in ("name", "introduced_by")}
    values["name"] = (contact.display_name, contact.first_name, contact.last_name)
    values["introduced_by"] = contact.introduced_by_id
    return values


def names_of(contact_ids: Sequence[int]) -> dict[int, str]:
    """id -> display name, for saying who is merged into whom (every group the duplicates
    search found: thousands of ids on a large book)."""
    return {cid: name for part in chunks(contact_ids)
            for cid, name in Contact.select(Contact.id, Contact.display_name)
            .where(Contact.id.in_(part)).tuples()}


@dataclass
class Preview:
    """What a merge will move, in numbers (the dialog's summary, ``--dry-run``)."""

    interactions: int = 0
    stage_changes: int = 0
    follow_ups: int = 0
    introductions: int = 0
    tags: int = 0
    emails: int = 0
    phones: int = 0
    links: int = 0


def preview(plan: Plan) -> Preview:
    others = plan.others
    intro = Introduction.select().where(
        Introduction.requester.in_(others) | Introduction.target.in_(others)
        | Introduction.introducer.in_(others)).count()
    lists = _union_lists(plan)
    return Preview(
        Interaction.select().where(Interaction.contact.in_(others)).count(),
        StageChange.select().where(StageChange.contact.in_(others)).count(),
        FollowUp.select().where(FollowUp.contact.in_(others)).count(), intro,
        len(_union_tags(plan)), len(lists["emails"]), len(lists["phones"]),
        len(lists["links"]))


# -- merging ------------------------------------------------------------------------------
def merge_contacts(clock: Clock, plan: Plan) -> MergeRecord:
    """Merge ``plan.others`` into ``plan.survivor`` with the survivor's fields set to
    ``plan.values``, all in one transaction; returns what undoes it."""
    record = MergeRecord(plan)
    with database.atomic():
        ids = record.contact_ids
        present = {c.id for c in Contact.select(Contact.id).where(Contact.id.in_(ids))}
        if len(set(ids)) != len(ids):  # the survivor among the others, or one twice
            raise ValidationError("each contact can be merged only once, and not into "
                                  "itself")
        if len(present) != len(set(ids)) or len(set(ids)) < 2:
            raise NotFoundError("one of the contacts to merge no longer exists")
        changed = merging.changed_since(plan, candidates(ids)) if plan.seen else None
        if changed is not None:
            who, name = changed
            raise ValidationError(
                f"{names_of([who]).get(who, 'a contact')}'s "
                f"{merging.LABELS.get(name, name).lower()} changed since this merge was "
                "shown; nothing was merged: look at the merge again")
        survivor = plan.survivor
        record.survivor_row = Contact.select().where(Contact.id == survivor).dicts().get()
        record.survivor_lists = {m._meta.table_name: list(
            m.select().where(m.contact == survivor).dicts()) for m in _LISTS}
        record.card = merge_cards.carry_foreign(survivor, plan.others)
        record.kept_card = kept_cards.carry_in(survivor, record.survivor_row["uid"],
                                               plan.others)
        repointed = merge_moves.move_interactions(record)
        # the survivor keeps its first placement (from_stage null): only later ones move
        merge_moves.move_rows(record, "stage_change", StageChange, plan.others,
                              StageChange.from_stage.is_null(False))
        merge_moves.move_rows(record, "follow_up", FollowUp, plan.others)
        merge_moves.move_capture_items(record, repointed)
        merge_moves.move_upcoming(record)
        merge_moves.move_introductions(record)
        merge_moves.move_introduced(record)
        merge_moves.move_relations(clock, record)
        _set_survivor(clock, record)
        record.snapshot = snapshots.delete_contacts(plan.others)
        denorm.refresh_all([survivor])
        record.merged_row = Contact.select().where(Contact.id == survivor).dicts().get()
        record.merged_lists = {m._meta.table_name: _list_values(m, survivor) for m in _LISTS}
    return record


#: Columns kept by the store from the contact's rows (recomputed by an undo), and the
#: bookkeeping of a write: never a reason to keep or restore on their own.
_DERIVED = frozenset({"id", "search_text", "last_interaction_at", "last_two_way_at",
                      "last_channel", "cooling_at", "cold_at", "updated_at"})


def _list_values(model: Any, contact_id: int) -> list[tuple[Any, ...]]:
    """A contact's e-mails (phones, links, tags) without their row ids, in order."""
    columns = [f for f in model._meta.sorted_fields if f.name not in ("id", "contact")]
    return [tuple(row) for row in model.select(*columns).where(model.contact == contact_id)
            .order_by(*columns).tuples()]


def _union_lists(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    order = [plan.survivor, *plan.others]

    def of(model: Any, a: Any, b: Any) -> list[list[tuple[str, str]]]:
        found: dict[int, list[tuple[str, str]]] = {i: [] for i in order}
        for owner, x, y in model.select(model.contact, a, b).where(
                model.contact.in_(order)).order_by(model.position, model.id).tuples():
            found[owner].append((x, y))
        return [found[i] for i in order]

    return {"emails": merging.union_emails(of(ContactEmail, ContactEmail.email,
                                              ContactEmail.label)),
            "phones": merging.union_phones(of(ContactPhone, ContactPhone.number,
                                              ContactPhone.label)),
            "links": merging.union_links(of(ContactLink, ContactLink.kind, ContactLink.url))}


def _union_tags(plan: Plan) -> list[int]:
    ids = [plan.survivor, *plan.others]
    return sorted({t for (t,) in ContactTag.select(ContactTag.tag).where(
        ContactTag.contact.in_(ids)).tuples()})


def _set_survivor(clock: Clock, record: MergeRecord) -> None:
    plan, survivor = record.plan, record.plan.survivor
    values = dict(plan.values)
    display, first, last = values.pop("name")
    stage = Stage(values.pop("stage"))
    if values.get("introduced_by") in record.contact_ids:
        values["introduced_by"] = None
    tags = _union_tags(plan)
    check_count(len(tags), "tags")
    update_contact(clock, survivor, display_name=display, first_name=first, last_name=last,
                   **values, **_union_lists(plan))
    ContactTag.insert_many([{"contact": survivor, "tag": t} for t in tags]) \
        .on_conflict_ignore().execute()
    before = record.survivor_row["stage"]
    if stage.value != before:
        now = clock.now()
        record.stage_change_id = StageChange.create(
            contact=survivor, from_stage=before, to_stage=stage.value, changed_at=now).id
        Contact.update(stage=stage.value).where(Contact.id == survivor).execute()


# -- undoing ------------------------------------------------------------------------------
def undo_merge(record: MergeRecord) -> None:
    """Put every contact and row back as before the merge (same ids), keeping what was
    edited on the survivor since (see :mod:`relmanager.store.merge_undo`)."""
    from relmanager.store import merge_undo

    merge_undo.undo_merge(record)


def redo_merge(clock: Clock, record: MergeRecord) -> MergeRecord:
    """Merge again what :func:`undo_merge` took back (the same contacts, same choices)."""
    return merge_contacts(clock, record.plan)
