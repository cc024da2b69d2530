"""Undoing a merge (:func:`relmanager.store.merge.merge_contacts`): every moved row goes
back to its owner and the merged-away contacts come back with their ids; the survivor's
fields and lists go back only where they still hold what the merge set, so an edit made
after the merge is the user's newer word and stays (``MergeRecord.kept_edits`` names
it)."""

from __future__ import annotations

from typing import Any

from relmanager.store import denorm, kept_cards, merge_cards, snapshots
from relmanager.store.capture_models import CaptureItem
from relmanager.store.merge import _DERIVED, _LISTS, MergeRecord, Rows, _list_values
from relmanager.store.models import (
    Contact,
    ContactRelation,
    FollowUp,
    Interaction,
    Introduction,
    StageChange,
    TieOverride,
    database,
)
from relmanager.store.upcoming_models import UpcomingParticipant

#: The columns of one name (the display name, its parts and its sort key).
_NAME = frozenset({"display_name", "first_name", "last_name", "sort_name"})


def undo_merge(record: MergeRecord) -> None:
    """Put every contact and row back exactly as before the merge (same ids)."""
    survivor = record.plan.survivor
    with database.atomic():
        if record.snapshot is not None:
            snapshots.restore_snapshot(record.snapshot)
        for key, rows in record.moved.items():
            model, column = _target(key)
            for row_id, value in rows:
                model.update({column: value}).where(model.id == row_id).execute()
        record.kept_edits = _put_back_survivor(record)
        if record.stage_change_id is not None:
            StageChange.delete().where(StageChange.id == record.stage_change_id).execute()
        if record.created_relations:
            ContactRelation.delete().where(
                ContactRelation.id.in_(record.created_relations)).execute()
        if record.created_override:
            TieOverride.delete().where(TieOverride.contact == survivor).execute()
        merge_cards.put_back(record.card)
        if record.kept_card[0]:
            kept_cards.put_back(survivor, record.kept_card[1])
        denorm.refresh_all(record.contact_ids)


def _put_back_survivor(record: MergeRecord) -> list[str]:
    """The survivor's fields and lists as before the merge, each only where it still
    holds what the merge set (one edited since is the user's newer word, and stays);
    returns what was kept that way."""
    survivor = record.plan.survivor
    now = Contact.select().where(Contact.id == survivor).dicts().get()
    kept: list[str] = []
    row: dict[str, Any] = {}
    for name, before in record.survivor_row.items():
        merged = record.merged_row.get(name, before)
        if name in _DERIVED or before == merged:
            continue
        if now[name] == merged:
            row[name] = before
        else:
            kept.append(name)
    if _NAME & set(kept):  # a name is one field: edited in part, it stays whole
        kept += [name for name in row if name in _NAME]
        row = {name: value for name, value in row.items() if name not in _NAME}
    if row:
        if not kept:
            row["updated_at"] = record.survivor_row["updated_at"]
        Contact.update(row).where(Contact.id == survivor).execute()
    if record.stage_change_id is not None and "stage" in kept:
        record.stage_change_id = None  # the merge's stage change is history now
    for model in _LISTS:
        table = model._meta.table_name
        merged_list = record.merged_lists.get(table)
        before_rows = record.survivor_lists.get(table, [])
        if merged_list is None or _list_values(model, survivor) != merged_list:
            if merged_list is not None and merged_list != _values_of_rows(model, before_rows):
                kept.append(table)
            continue
        model.delete().where(model.contact == survivor).execute()
        if before_rows:
            model.insert_many(before_rows).execute()
    return kept


def _values_of_rows(model: Any, rows: Rows) -> list[tuple[Any, ...]]:
    names = [f.name for f in model._meta.sorted_fields if f.name not in ("id", "contact")]
    columns = [model._meta.fields[n].column_name for n in names]
    return sorted(tuple(row.get(c, row.get(n)) for n, c in zip(names, columns, strict=True))
                  for row in rows)


def _target(key: str) -> tuple[Any, Any]:
    return {
        "interaction": (Interaction, Interaction.contact),
        "stage_change": (StageChange, StageChange.contact),
        "follow_up": (FollowUp, FollowUp.contact),
        "capture_item": (CaptureItem, CaptureItem.contact),
        "capture_item.interaction": (CaptureItem, CaptureItem.interaction),
        "upcoming_participant": (UpcomingParticipant, UpcomingParticipant.contact),
        "follow_up.interaction": (FollowUp, FollowUp.interaction),
        "introduction.requester": (Introduction, Introduction.requester),
        "introduction.target": (Introduction, Introduction.target),
        "introduction.introducer": (Introduction, Introduction.introducer),
        "contact.introduced_by": (Contact, Contact.introduced_by),
    }[key]
