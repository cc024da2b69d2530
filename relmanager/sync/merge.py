"""Three-way, field-by-field merge of one synced thing.

``base`` is the version both sides last agreed on. A field only one side changed takes
that side's value; a field both changed to the same value is no conflict; a field both
changed differently is a real conflict: this device's value stays, the other one is kept
next to it for the user to choose (nothing is dropped). A remote value of None for one of
our own fields means the other side does not carry it (a phone's address book), which
is no change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relmanager.sync.entries import OWN_FIELDS, Fields


@dataclass
class Conflict:
    field: str
    local: Any
    remote: Any


@dataclass
class MergeResult:
    merged: Fields
    conflicts: list[Conflict] = field(default_factory=list)


def carried(local: Fields, remote: Fields) -> Fields:
    """``remote`` with our own fields taken from ``local`` when the remote card does not
    carry them (no stage: a phone dropped them, or made the card); when it does carry
    them, an absent one was cleared and None is its value."""
    if remote.get("stage") is not None:
        if remote.get("stage_history") is None and "stage_history" in local:
            return {**remote, "stage_history": local["stage_history"]}
        return remote
    return {k: (local.get(k) if k in OWN_FIELDS else v) for k, v in remote.items()}


def merge(base: Fields | None, local: Fields, remote: Fields) -> MergeResult:
    """Merge ``remote`` into ``local``; with no base (first sync of a pair matched by uid),
    every difference counts as a change on both sides."""
    remote = carried(local, remote)
    merged: Fields = {}
    conflicts: list[Conflict] = []
    for name in local.keys() | remote.keys():
        mine, theirs = local.get(name), remote.get(name)
        if mine == theirs:
            merged[name] = mine
            continue
        was = base.get(name) if base is not None else object()
        if mine == was:
            merged[name] = theirs
        elif theirs == was:
            merged[name] = mine
        elif name == "stage_history" and isinstance(mine, list) and isinstance(theirs, list):
            # A history: both sides' moves, less those one side took back (undo).
            was = was if isinstance(was, list) else []
            merged[name] = sorted([m for m in mine if m in theirs or m not in was]
                                  + [m for m in theirs if m not in was and m not in mine],
                                  key=lambda m: m[2])
        elif isinstance(mine, list) and isinstance(theirs, list) and (
                name == "relations" or (isinstance(was, list) and name == "tags")):
            # Tags and entered relations are sets: both sides' additions and removals
            # apply (with no base, nothing was removed: the union).
            was = was if isinstance(was, list) else []
            added = [t for t in theirs if t not in was and t not in mine]
            merged[name] = sorted([t for t in mine if t in theirs or t not in was] + added,
                                  key=str.casefold if name == "tags" else None)
        else:
            merged[name] = mine
            conflicts.append(Conflict(name, mine, theirs))
    return MergeResult(merged, sorted(conflicts, key=lambda c: c.field))
