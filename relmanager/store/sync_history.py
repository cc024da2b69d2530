"""Stage history and introductions as sync carries them: each stage move with the time it
was made, each introduction with its people (by uid) and the time of each step."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from relmanager.store.errors import ValidationError
from relmanager.store.in_lists import chunks
from relmanager.store.models import Contact, Introduction, StageChange

Fields = dict[str, Any]


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def contact_id_by_uid(uid: str) -> int | None:
    row = Contact.select(Contact.id).where(Contact.uid == uid).first()
    return row.id if row is not None else None


def introduction_fields_of(ids: Sequence[int]) -> dict[int, tuple[str | None, Fields]]:
    from relmanager.interchange.sync_fields import (
        INTRO_PEOPLE,
        INTRO_TEXTS,
        INTRO_TIMES,
        introduction_fields,
    )

    rows = list(Introduction.select().where(Introduction.id.in_(list(ids))))
    people = {c.id: c.uid for c in Contact.select(Contact.id, Contact.uid).where(
        Contact.id.in_([getattr(r, f"{n}_id") for r in rows for n in INTRO_PEOPLE]))}
    return {row.id: (row.uid, introduction_fields(
        {n: people.get(getattr(row, f"{n}_id")) for n in INTRO_PEOPLE},
        {n: getattr(row, n) for n in INTRO_TEXTS},
        {n: getattr(row, n) for n in INTRO_TIMES})) for row in rows}


def apply_introduction(local_id: int | None, uid: str, fields: Fields) -> int:
    """An introduction as the other device has it: its steps happened there (and their
    interactions come as interactions), so the row is set, not advanced again here."""
    from relmanager.interchange.sync_fields import INTRO_PEOPLE, INTRO_TEXTS, INTRO_TIMES

    values: dict[str, Any] = {}
    for name in INTRO_PEOPLE:
        if fields[name]:
            values[name] = contact_id_by_uid(fields[name])
            if values[name] is None:
                raise LookupError(f"its {name} ({fields[name]}) is not here yet")
        else:
            values[name] = None
    values.update({n: fields[n] or "" for n in INTRO_TEXTS})
    values.update({n: _dt(fields[n]) for n in INTRO_TIMES})
    if values["requested_at"] is None:
        raise ValidationError("an introduction without the time it was asked for")
    if local_id is None:
        return Introduction.create(**values, uid=uid).id
    Introduction.update(**values).where(Introduction.id == local_id).execute()
    return local_id


def histories(ids: Sequence[int]) -> dict[int, list[list[str]]]:
    """Each contact's stage moves as sync carries them: [from or "", to, ISO time]."""
    found: dict[int, list[list[str]]] = {i: [] for i in ids}
    for chunk in chunks(ids):
        for row in (StageChange.select().where(StageChange.contact.in_(chunk))
                    .order_by(StageChange.changed_at, StageChange.id)):
            found[row.contact_id].append([row.from_stage or "", row.to_stage,
                                          _when(row.changed_at)])
    return found


def _when(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def set_history(contact_id: int, moves: list[list[str]]) -> None:
    """Make the contact's stage history the moves given (each at its own time)."""
    wanted = [tuple(m) for m in moves]
    for row in StageChange.select().where(StageChange.contact == contact_id):
        key = (row.from_stage or "", row.to_stage, _when(row.changed_at))
        if key in wanted:
            wanted.remove(key)
        else:
            row.delete_instance()
    for old, new, when in wanted:
        StageChange.create(contact=contact_id, from_stage=old or None, to_stage=new,
                           changed_at=datetime.fromisoformat(when))

