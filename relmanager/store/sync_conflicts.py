"""Sync conflicts (a field two devices changed differently: this device's value kept, the
other one here until the user chooses) and the clean-up of values from the server that the
app cannot keep, which become conflicts too rather than being dropped."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from relmanager.domain.clock import Clock
from relmanager.store.errors import ValidationError
from relmanager.store.models import Contact, FollowUp, Interaction, SyncConflict, database
from relmanager.store.sync_state import Fields, apply, item_for, local_fields


def add_conflicts(clock: Clock, kind: str, local_id: int,
                  conflicts: Iterable[Any]) -> int:
    count = 0
    for conflict in conflicts:
        SyncConflict.insert(kind=kind, local_id=local_id, field=conflict.field,
                            local_json=json.dumps(conflict.local),
                            remote_json=json.dumps(conflict.remote),
                            found_at=clock.now()).on_conflict_replace().execute()
        count += 1
    return count


def drop_conflicts(kind: str, local_id: int, names: Iterable[str]) -> None:
    """The other device changed these fields again: their old conflicts are moot."""
    names = list(names)
    if names:
        SyncConflict.delete().where((SyncConflict.kind == kind)
                                    & (SyncConflict.local_id == local_id)
                                    & SyncConflict.field.in_(names)).execute()


def sanitize_contact(fields: Fields) -> tuple[Fields, dict[str, Any]]:
    """Fields the app would refuse (an address that is not one, an unknown sphere, a
    rhythm that is not a number) taken out of a contact from the server, so the rest of
    it is taken over; returns what was taken out, by field, for the user to see."""
    from relmanager.store.validation import clean_cadence, clean_email, clean_sphere

    clean, dropped = dict(fields), {}
    good = []
    for address, label in fields["emails"]:
        try:
            good.append([clean_email(address), label])
        except (ValidationError, ValueError):
            dropped["emails"] = fields["emails"]
    clean["emails"] = good
    for name, check in (("sphere", clean_sphere), ("cadence_days", clean_cadence)):
        if fields.get(name) is not None:
            try:
                check(fields[name])
            except (ValidationError, ValueError):
                dropped[name] = fields[name]
                clean[name] = None
    return clean, dropped


def conflicts() -> list[SyncConflict]:
    return list(SyncConflict.select().order_by(SyncConflict.found_at.desc()))


def resolve_conflict(clock: Clock, conflict_id: int, use_theirs: bool) -> bool:
    """Keep this device's value (the conflict goes) or take the other device's; the
    choice is pushed on the next sync either way. Returns False when the field has moved
    on since (edited here, or changed again there): the old value is not brought back."""
    with database.atomic():
        conflict = SyncConflict.get_by_id(conflict_id)
        found = local_fields(conflict.kind, [conflict.local_id]).get(conflict.local_id)
        current = found is not None and \
            found[1].get(conflict.field) == json.loads(conflict.local_json)
        if use_theirs and current and found is not None:
            uid, fields = found
            fields[conflict.field] = json.loads(conflict.remote_json)
            item = item_for(conflict.kind, conflict.local_id)
            apply(clock, conflict.kind, conflict.local_id,
                  uid or (item.uid if item else ""), fields)
        database.execute_sql("INSERT OR IGNORE INTO sync_change VALUES (?, ?)",
                             (conflict.kind, conflict.local_id))
        conflict.delete_instance()
    return current or not use_theirs


def has_conflict(kind: str, local_id: int, name: str) -> bool:
    return SyncConflict.select().where((SyncConflict.kind == kind)
                                       & (SyncConflict.local_id == local_id)
                                       & (SyncConflict.field == name)).exists()


def markers(kind: str, local_id: int, fields: Fields) -> list[str]:
    """The open conflicts of one row as the markers its entry carries to the other
    devices (relmanager.sync.outgoing), sorted so equal sets compare equal. A conflict
    whose field was edited here since is moot: it is dropped, not sent."""
    import base64

    found = []
    for row in SyncConflict.select().where((SyncConflict.kind == kind)
                                           & (SyncConflict.local_id == local_id)):
        if json.loads(row.local_json) != fields.get(row.field):
            with database.atomic():
                row.delete_instance()
            continue
        found.append(f"{row.field}=" + base64.b64encode(row.remote_json.encode()).decode())
    return sorted(found)


# -- reads for the command line and the sync page (they never touch the models) --------
def conflict_exists(conflict_id: int) -> bool:
    return SyncConflict.select().where(SyncConflict.id == conflict_id).exists()


def waiting_count() -> int:
    """How many conflicts wait for the user (the sync status line says so)."""
    return SyncConflict.select().count()


def describe(kind: str, local_id: int | None) -> str:
    """What a conflict is about, for a person: the contact's name, or "interaction with
    <name>"; the kind and id when the row is gone."""
    model = {"contact": Contact, "interaction": Interaction, "follow_up": FollowUp,
             }.get(kind)
    found = model.get_or_none(model.id == local_id) if model is not None else None
    if found is None:
        return f"{kind} {local_id}"
    if kind == "contact":
        return found.display_name
    what = "interaction" if kind == "interaction" else "follow-up"
    return f"{what} with {found.contact.display_name}"


@dataclass(frozen=True)
class ConflictRow:
    """A conflict as the sync page lists it."""

    id: int
    kind: str
    local_id: int | None
    field: str
    local_json: str
    remote_json: str
    #: The contact's name for a contact's conflict, else "<kind> <id>".
    who: str


def conflict_rows() -> list[ConflictRow]:
    """Every waiting conflict, newest first, with the contact's name read in one query."""
    rows = conflicts()
    ids = [r.local_id for r in rows if r.kind == "contact"]
    names = {c.id: c.display_name for c in Contact.select(Contact.id, Contact.display_name)
             .where(Contact.id.in_(ids))} if ids else {}
    return [ConflictRow(r.id, r.kind, r.local_id, r.field, r.local_json, r.remote_json,
                        names.get(r.local_id, "") if r.kind == "contact"
                        else f"{r.kind.replace('_', '-')} {r.local_id}") for r in rows]
