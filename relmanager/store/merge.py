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
from typing import Any

import peewee as pw

from relmanager.domain import merging
from relmanager.domain.clock import Clock
from relmanager.domain.merging import Candidate, Plan
from relmanager.domain.stages import Stage
from relmanager.store import denorm, merge_cards, snapshots
from relmanager.store.capture_models import CaptureItem
from relmanager.store.contacts import update_contact
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactRelation,
    ContactTag,
    FollowUp,
    Interaction,
    Introduction,
    StageChange,
    SyncItem,
    TieOverride,
    database,
)
from relmanager.store.upcoming_models import UpcomingParticipant
from relmanager.store.validation import check_count

Rows = list[dict[str, Any]]
_LISTS: tuple[Any, ...] = (ContactEmail, ContactPhone, ContactLink, ContactTag)
_INTRO_ROLES = ("requester", "target", "introducer")


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


def values_of(contact: Contact) -> dict[str, Any]:
    """A contact's values of :data:`relmanager.domain.merging.FIELDS`."""
    values = {name: getattr(contact, name) for name in merging.FIELDS
              if name not in ("name", "introduced_by")}
    values["name"] = (contact.display_name, contact.first_name, contact.last_name)
    values["introduced_by"] = contact.introduced_by_id
    return values


def names_of(contact_ids: Sequence[int]) -> dict[int, str]:
    """id -> display name, for saying who is merged into whom."""
    return dict(Contact.select(Contact.id, Contact.display_name)
                .where(Contact.id.in_(list(contact_ids))).tuples())


def plan_merge(contact_ids: Sequence[int], keep: int | None = None) -> Plan:
    """The default merge of these contacts (see :mod:`relmanager.domain.merging`)."""
    return merging.default_plan(candidates(contact_ids), keep)


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
        survivor = plan.survivor
        record.survivor_row = Contact.select().where(Contact.id == survivor).dicts().get()
        record.survivor_lists = {m._meta.table_name: list(
            m.select().where(m.contact == survivor).dicts()) for m in _LISTS}
        record.card = merge_cards.carry_foreign(survivor, plan.others)
        repointed = _move_interactions(record)
        _move(record, "stage_change", StageChange, plan.others,
              StageChange.from_stage.is_null(False))  # the survivor has its first placement
        _move(record, "follow_up", FollowUp, plan.others)
        _move_capture_items(record, repointed)
        _move_upcoming(record)
        _move_introductions(record)
        _move_introduced(record)
        _move_relations(clock, record)
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


def _move_relations(clock: Clock, record: MergeRecord) -> None:
    """Whom the merged-away contacts know becomes whom the survivor knows (a relation
    between two of the merged people goes with them); a tie strength set by hand for one
    of them is kept when the survivor has none."""
    survivor, others = record.plan.survivor, set(record.plan.others)
    merged = others | {survivor}
    known = {(a, b, kind) for a, b, kind in ContactRelation.select(
        ContactRelation.contact, ContactRelation.other, ContactRelation.kind).where(
        (ContactRelation.contact == survivor) | (ContactRelation.other == survivor)).tuples()}
    rows = ContactRelation.select(ContactRelation.contact, ContactRelation.other,
                                  ContactRelation.kind).where(
        ContactRelation.contact.in_(list(others)) | ContactRelation.other.in_(list(others)))
    for a, b, kind in rows.tuples():
        other = b if a in others else a
        if other in merged:
            continue
        pair = (min(survivor, other), max(survivor, other), kind)
        if pair not in known:
            known.add(pair)
            record.created_relations.append(ContactRelation.insert(
                contact=pair[0], other=pair[1], kind=kind, created_at=clock.now()).execute())
    if not TieOverride.select().where(TieOverride.contact == survivor).exists():
        taken = (TieOverride.select().where(TieOverride.contact.in_(list(others)))
                 .order_by(TieOverride.set_at.desc()).first())
        if taken is not None:
            TieOverride.insert(contact=survivor, score=taken.score,
                               set_at=taken.set_at).execute()
            record.created_override = True


def _move(record: MergeRecord, key: str, model: Any, others: list[int],
          also: Any = True) -> None:
    rows = list(model.select(model.id, model.contact).where(model.contact.in_(others) & also)
                .tuples())
    record.moved[key] = rows
    ids = [row_id for row_id, _owner in rows]
    for start in range(0, len(ids), 900):
        model.update(contact=record.plan.survivor).where(
            model.id.in_(ids[start:start + 900])).execute()


def _move_capture_items(record: MergeRecord, repointed: dict[int, int]) -> None:
    """Where captured interactions came from moves with them, so a capture run after the
    merge still knows them (and does not capture them again for the survivor). A
    message captured for the survivor too stays with the merged-away contact (the
    pair is unique) and comes back with it on undo. An item of a second share of one
    event (``repointed``: the share that goes -> the survivor's) names the kept share."""
    ids = _move_unique(record, CaptureItem, CaptureItem.source_key, "capture_item")
    pointed, mine = [], set(ids)
    for gone, instead in repointed.items():
        for (item_id,) in CaptureItem.select(CaptureItem.id).where(
                CaptureItem.interaction == gone).tuples():
            if item_id not in mine:
                continue
            pointed.append((item_id, gone))
            CaptureItem.update(interaction=instead).where(CaptureItem.id == item_id).execute()
    record.moved["capture_item.interaction"] = pointed


def _move_upcoming(record: MergeRecord) -> None:
    """The merged-away contacts' seats at coming meetings become the survivor's, so the
    meeting (and its brief) still names the person. A seat at a meeting the survivor is
    already at stays with the merged-away contact (one seat per person, the pair is
    unique): it goes with the delete and comes back on undo (the snapshot keeps it)."""
    _move_unique(record, UpcomingParticipant, UpcomingParticipant.event,
                 "upcoming_participant")


def _move_unique(record: MergeRecord, model: Any, key: Any, name: str) -> list[int]:
    """Move the merged-away contacts' rows of ``model`` to the survivor, one per ``key``
    (a row whose key the survivor already holds stays, and goes with the delete); the
    (id, old owner) pairs are remembered under ``name`` for undo. Returns the ids moved."""
    survivor = record.plan.survivor
    taken = {value for (value,) in model.select(key).where(
        model.contact == survivor).tuples()}
    moving = []
    for row_id, owner, value in (model.select(model.id, model.contact, key)
                                 .where(model.contact.in_(record.plan.others))
                                 .order_by(model.id).tuples()):
        if value not in taken:
            taken.add(value)
            moving.append((row_id, owner))
    record.moved[name] = moving
    ids = [row_id for row_id, _owner in moving]
    for start in range(0, len(ids), 900):
        model.update(contact=survivor).where(model.id.in_(ids[start:start + 900])).execute()
    return ids


def _move_interactions(record: MergeRecord) -> dict[int, int]:
    """Each interaction moves, except a second share of one event: the survivor was
    there already, so that row goes (and its follow-ups point at the survivor's).
    Returns those shares: the one that goes -> the survivor's."""
    survivor, others = record.plan.survivor, record.plan.others
    kept: dict[str, int] = dict(
        Interaction.select(Interaction.group_key, Interaction.id)
        .where((Interaction.contact == survivor) & Interaction.group_key.is_null(False))
        .tuples())
    moving, repoint = [], []
    for row_id, owner, key in (Interaction.select(Interaction.id, Interaction.contact,
                                                  Interaction.group_key)
                               .where(Interaction.contact.in_(others))
                               .order_by(Interaction.id).tuples()):
        if key is not None and key in kept:
            repoint.append((row_id, kept[key]))
            continue
        if key is not None:
            kept[key] = row_id
        moving.append((row_id, owner))
    record.moved["interaction"] = moving
    ids = [row_id for row_id, _owner in moving]
    for start in range(0, len(ids), 900):
        Interaction.update(contact=survivor).where(
            Interaction.id.in_(ids[start:start + 900])).execute()
    pointed = []
    for gone, instead in repoint:
        for (follow_up_id,) in FollowUp.select(FollowUp.id).where(
                FollowUp.interaction == gone).tuples():
            pointed.append((follow_up_id, gone))
            FollowUp.update(interaction=instead).where(FollowUp.id == follow_up_id).execute()
    record.moved["follow_up.interaction"] = pointed
    return dict(repoint)


def _move_introductions(record: MergeRecord) -> None:
    """Introductions of a merged-away contact become the survivor's; one between two of
    the merged people (now one person) goes with the merged-away contact."""
    group = set(record.contact_ids)
    for role in _INTRO_ROLES:
        record.moved[f"introduction.{role}"] = []
    column = {role: getattr(Introduction, role) for role in _INTRO_ROLES}
    query = Introduction.select().where(
        column["requester"].in_(record.plan.others) | column["target"].in_(record.plan.others)
        | column["introducer"].in_(record.plan.others))
    for intro in query:
        people = [getattr(intro, f"{role}_id") for role in _INTRO_ROLES]
        if sum(1 for p in people if p in group) > 1:
            continue
        for role, person in zip(_INTRO_ROLES, people, strict=True):
            if person in record.plan.others:
                record.moved[f"introduction.{role}"].append((intro.id, person))
                Introduction.update({column[role]: record.plan.survivor}).where(
                    Introduction.id == intro.id).execute()


def _move_introduced(record: MergeRecord) -> None:
    """People a merged-away contact introduced were introduced by the survivor."""
    group = record.contact_ids
    rows = list(Contact.select(Contact.id, Contact.introduced_by).where(
        Contact.introduced_by.in_(record.plan.others) & Contact.id.not_in(group)).tuples())
    record.moved["contact.introduced_by"] = rows
    for contact_id, _introducer in rows:
        Contact.update(introduced_by=record.plan.survivor).where(
            Contact.id == contact_id).execute()


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
