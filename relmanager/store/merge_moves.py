"""Moving the merged-away contacts' rows to the survivor (a step of
:func:`relmanager.store.merge.merge_contacts`, inside its transaction).

Each move remembers every row it changed with the owner it had (``record.moved``), which
is all :mod:`relmanager.store.merge_undo` needs to put them back; a row that would become
meaningless for the survivor (a second share of one event, a second seat at a meeting,
an introduction between two of the merged people) is left with the merged-away contact
and goes with its delete (the snapshot brings it back on undo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relmanager.domain.clock import Clock
from relmanager.store.capture_models import CaptureItem
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Contact,
    ContactRelation,
    FollowUp,
    Interaction,
    Introduction,
    TieOverride,
)
from relmanager.store.upcoming_models import UpcomingParticipant

if TYPE_CHECKING:
    from relmanager.store.merge import MergeRecord

_INTRO_ROLES = ("requester", "target", "introducer")


def move_relations(clock: Clock, record: MergeRecord) -> None:
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


def move_rows(record: MergeRecord, key: str, model: Any, others: list[int],
          also: Any = True) -> None:
    rows = list(model.select(model.id, model.contact).where(model.contact.in_(others) & also)
                .tuples())
    record.moved[key] = rows
    ids = [row_id for row_id, _owner in rows]
    for chunk in chunks(ids):
        model.update(contact=record.plan.survivor).where(model.id.in_(chunk)).execute()


def move_capture_items(record: MergeRecord, repointed: dict[int, int]) -> None:
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


def move_upcoming(record: MergeRecord) -> None:
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
    for chunk in chunks(ids):
        model.update(contact=survivor).where(model.id.in_(chunk)).execute()
    return ids


def move_interactions(record: MergeRecord) -> dict[int, int]:
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
    for chunk in chunks(ids):
        Interaction.update(contact=survivor).where(Interaction.id.in_(chunk)).execute()
    pointed = []
    for gone, instead in repoint:
        for (follow_up_id,) in FollowUp.select(FollowUp.id).where(
                FollowUp.interaction == gone).tuples():
            pointed.append((follow_up_id, gone))
            FollowUp.update(interaction=instead).where(FollowUp.id == follow_up_id).execute()
    record.moved["follow_up.interaction"] = pointed
    return dict(repoint)


def move_introductions(record: MergeRecord) -> None:
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


def move_introduced(record: MergeRecord) -> None:
    """People a merged-away contact introduced were introduced by the survivor."""
    group = record.contact_ids
    rows = list(Contact.select(Contact.id, Contact.introduced_by).where(
        Contact.introduced_by.in_(record.plan.others) & Contact.id.not_in(group)).tuples())
    record.moved["contact.introduced_by"] = rows
    for contact_id, _introducer in rows:
        Contact.update(introduced_by=record.plan.survivor).where(
            Contact.id == contact_id).execute()
