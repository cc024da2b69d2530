"""The database side of sync: what changed here, and taking over what changed there.

Edits are queued in ``sync_change`` by triggers that exist only while sync is set up;
deletions turn the item's sync row into a ``deleted`` one (its ``local_id`` cleared, so a
reused row id is never mistaken for the old one). New things are the ones without a sync
row. Every change from the server is written through the same functions the app uses
(contacts, stage moves with their history, interactions with warmth kept current).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import peewee as pw

from relmanager.domain.clock import Clock
from relmanager.domain.stages import Stage
from relmanager.store import change_tracking, denorm, relations
from relmanager.store.activity import move_stage
from relmanager.store.contacts import create_contact, set_tags, update_contact
from relmanager.store.errors import ValidationError
from relmanager.store.event_edits import write_event_fields
from relmanager.store.models import (
    Channel,
    Contact,
    FollowUp,
    Interaction,
    Introduction,
    SyncConflict,
    SyncItem,
    database,
)
from relmanager.store.sync_history import (
    apply_introduction,
    histories,
    introduction_fields_of,
    set_history,
)
from relmanager.store.sync_pairs import (  # noqa: F401  (the pairing API, used as sync_state.*)
    RAW_DDL,
    base_of,
    deleted_items,
    ensure_tables,
    forget,
    item_by_href,
    item_by_uid,
    item_for,
    known_hrefs,
    leave_behind,
    left_behind,
    pending_hrefs,
    raw_of,
    record_pairing,
    set_raw,
)

Fields = dict[str, Any]  # as relmanager.sync.entries.Fields, without importing icalendar

KINDS = change_tracking.KINDS
_TABLES = {"contact": "contact", "interaction": "interaction", "follow_up": "follow_up",
           "introduction": "introduction"}


def enable_tracking() -> None:
    with database.atomic():
        ensure_tables()
        change_tracking.create(database)


def disable_tracking() -> None:
    """Sync switched off: drop the triggers and forget every pairing (a later set-up
    starts afresh, matching contacts by uid)."""
    with database.atomic():
        change_tracking.drop(database)
        SyncItem.delete().execute()
        SyncConflict.delete().execute()
        database.execute_sql("DELETE FROM sync_change")
        ensure_tables()  # emptied, not dropped: a sync on its way may still write to it
        database.execute_sql("DELETE FROM sync_raw")
        database.execute_sql("DELETE FROM sync_left")


# -- reading this side ----------------------------------------------------------------
def changed_ids(kind: str) -> list[int]:
    """Edited, and new (never synced), ``kind`` rows: the push candidates."""
    table = _TABLES[kind]
    group_rows = ""
    if kind == "interaction":  # a group event travels as its lead row (group_sync)
        from relmanager.store import group_sync

        group_sync.normalise_changes()
        group_rows = f" AND id NOT IN (SELECT i.id FROM interaction AS i WHERE " \
                     f"{group_sync.NOT_LEAD})"
    cursor = database.execute_sql(
        f"SELECT local_id FROM sync_change WHERE kind = ? UNION "
        f"SELECT id FROM {table} WHERE id NOT IN "
        f"(SELECT local_id FROM sync_item WHERE kind = ? AND local_id IS NOT NULL)"
        f"{group_rows}", (kind, kind))
    return sorted(row[0] for row in cursor)


def clear_changed(kind: str, ids: Iterable[int]) -> None:
    for local_id in ids:
        database.execute_sql("DELETE FROM sync_change WHERE kind = ? AND local_id = ?",
                             (kind, local_id))


def local_fields(kind: str, ids: Sequence[int]) -> dict[int, tuple[str | None, Fields]]:
    """id -> (uid or None when never synced and uid-less, fields) for rows that exist."""
    from relmanager.interchange.sync_fields import (
        contact_fields,
        follow_up_fields,
        interaction_fields,
    )

    if kind == "contact":
        from relmanager.store.exporter import contact_records

        present = _existing(Contact, ids)
        found_contacts = {row_id: (record.uid, contact_fields(record))
                          for row_id, record in zip(present, contact_records(present),
                                                    strict=True)}
        for row_id, moves in histories(present).items():
            found_contacts[row_id][1]["stage_history"] = moves
        return found_contacts
    found: dict[int, tuple[str | None, Fields]] = {}
    if kind == "introduction":
        return introduction_fields_of(ids)
    if kind == "interaction":
        query = (Interaction.select(Interaction, Contact.uid, Channel.key)
                 .join(Contact).switch(Interaction).join(Channel)
                 .where(Interaction.id.in_(list(ids))))
        for row in query:
            found[row.id] = (row.uid, interaction_fields(
                row.contact.uid, row.occurred_at, row.channel.key, row.exchange,
                row.initiated_by, row.minutes, row.note))
        from relmanager.store import group_sync

        skip, extras = group_sync.extras(list(found))
        for row_id in skip:  # inside its lead's entry
            del found[row_id]
        for row_id, extra in extras.items():
            found[row_id][1].update(extra)
    else:
        for row in (FollowUp.select(FollowUp, Contact.uid).join(Contact)
                    .where(FollowUp.id.in_(list(ids)))):
            found[row.id] = (row.uid, follow_up_fields(
                row.contact.uid, row.title, row.due_at, row.done_at, row.note))
    return found


def _existing(model: type[pw.Model], ids: Sequence[int]) -> list[int]:
    present = {r.id for r in model.select(model.id).where(model.id.in_(list(ids)))}
    return [i for i in ids if i in present]


def contact_name(uid: str) -> str:
    row = Contact.get_or_none(Contact.uid == uid)
    return row.display_name if row is not None else ""


def contact_id_by_uid(uid: str) -> int | None:
    row = Contact.select(Contact.id).where(Contact.uid == uid).first()
    return row.id if row is not None else None


_MODELS: dict[str, Any] = {"contact": Contact, "interaction": Interaction,
                           "follow_up": FollowUp, "introduction": Introduction}


def local_id_by_uid(kind: str, uid: str) -> int | None:
    model = _MODELS[kind]
    row = model.select(model.id).where(model.uid == uid).first()
    return row.id if row is not None else None


def set_row_uid(kind: str, local_id: int, uid: str) -> None:
    """Interactions and follow-ups get their uid when first sent (contacts have one)."""
    if kind != "contact":
        model = _MODELS[kind]
        model.update(uid=uid).where((model.id == local_id) & model.uid.is_null()).execute()


def has_unsent_activity(contact_id: int) -> bool:
    """Interactions or follow-ups of the contact that the server has not got yet."""
    from relmanager.store import group_sync

    for kind, model in (("interaction", Interaction), ("follow_up", FollowUp)):
        ids = [r.id for r in model.select(model.id).where(model.contact == contact_id)]
        if kind == "interaction":  # a group's other rows travel inside its lead's entry
            ids = [i for i in ids if i not in group_sync.extras(ids)[0]]
        if not ids:
            continue
        synced = {i.local_id for i in SyncItem.select(SyncItem.local_id).where(
            (SyncItem.kind == kind) & (SyncItem.state == "synced")
            & SyncItem.local_id.in_(ids))}
        if set(ids) - synced or set(ids) & set(changed_ids_among(kind, ids)):
            return True
    return False


def changed_ids_among(kind: str, ids: Sequence[int]) -> list[int]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return [r[0] for r in database.execute_sql(
        f"SELECT local_id FROM sync_change WHERE kind = ? AND local_id IN ({marks})",
        (kind, *ids))]


# -- taking over the other side ---------------------------------------------------------
def apply(clock: Clock, kind: str, local_id: int | None, uid: str, fields: Fields) -> int:
    """Write ``fields`` to the local row (created when ``local_id`` is None); returns its
    id. Raises ValueError (ValidationError, NotFoundError) for data the app refuses."""
    if kind == "contact":
        return _apply_contact(clock, local_id, uid, fields)
    if kind == "introduction":
        return apply_introduction(local_id, uid, fields)
    contact_id = contact_id_by_uid(fields["contact"])
    if contact_id is None:
        raise LookupError(f"its contact ({fields['contact']}) is not here yet")
    if kind == "interaction":
        channel = Channel.get_or_none(Channel.key == fields["channel"])
        if channel is None:  # a channel the user added on the other device only
            raise ValidationError(f"channel '{fields['channel']}' is not set up here; add "
                                  "it under Settings > Channels and sync again")
        values = {"contact": contact_id, "occurred_at": _dt(fields["occurred_at"]),
                  "channel": channel, "exchange": fields["exchange"],
                  "initiated_by": fields["initiated_by"], "minutes": int(fields["minutes"]),
                  "note": fields["note"]}
        if local_id is None:
            local_id = Interaction.create(**values, uid=uid, created_at=clock.now()).id
        else:
            old = Interaction.get_by_id(local_id).contact_id
            write_event_fields([local_id], values)  # another device's edit: the user's
            denorm.refresh_last_interaction([old])
        from relmanager.store import group_sync

        group_sync.apply_participants(clock, local_id, fields)  # refreshes warmth
        return local_id
    values = {"contact": contact_id, "title": fields["title"] or "Follow up",
              "due_at": _dt(fields["due_at"]), "done_at": _dt(fields["done_at"]),
              "note": fields["note"]}
    if local_id is None:
        return FollowUp.create(**values, uid=uid, created_at=clock.now()).id
    FollowUp.update(**values).where(FollowUp.id == local_id).execute()
    return local_id


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _apply_contact(clock: Clock, local_id: int | None, uid: str, fields: Fields) -> int:
    introducer = contact_id_by_uid(fields["introduced_by"]) if fields["introduced_by"] else None
    plain = {"first_name": fields["first_name"], "last_name": fields["last_name"],
             "organisation": fields["organisation"], "title": fields["title"],
             "notes": fields["notes"], "introduced_by": introducer}
    if fields["sphere"] is not None:
        plain["sphere"] = fields["sphere"]
    for name in ("intent", "how_met", "where_met"):
        plain[name] = fields[name] or ""
    plain["cadence_days"] = fields["cadence_days"]  # None: cleared, the stage's rhythm
    plain["met_on"] = date.fromisoformat(fields["met_on"]) if fields["met_on"] else None
    if fields.get("archived") is not None:
        plain["archived"] = bool(fields["archived"])
    lists = {"emails": [tuple(e) for e in fields["emails"]],
             "phones": [tuple(p) for p in fields["phones"]],
             "links": [tuple(k) for k in fields["links"]]}
    stage = Stage(fields["stage"]) if fields["stage"] else None
    history = fields.get("stage_history")
    name = fields["display_name"] or " ".join(
        p for p in (fields["first_name"], fields["last_name"]) if p) or "(no name)"
    with database.atomic():
        if local_id is None:
            contact = create_contact(clock, name, stage=stage or Stage.INBOX, uid=uid,
                                     tags=fields["tags"], **lists, **plain)
            local_id = contact.id
        else:
            if local_id == introducer:
                plain["introduced_by"] = None
            update_contact(clock, local_id, display_name=name, **lists, **plain)
            set_tags(local_id, fields["tags"])
            if stage is not None and history is not None:  # the move keeps its own time
                Contact.update(stage=stage.value).where(Contact.id == local_id).execute()
                denorm.refresh_due_dates([local_id])
            elif stage is not None:
                move_stage(clock, [local_id], stage)
        if history is not None:
            set_history(local_id, history)
        if fields.get("relations") is not None:  # None: the card does not carry ours
            relations.set_relations_by_uid(clock.now(), local_id, fields["relations"])
        Contact.update(birthday=fields["birthday"], photo=_photo(fields["photo"])).where(
            Contact.id == local_id).execute()
    return local_id


def link_introducers(pairs: Iterable[tuple[int, str]]) -> None:
    """Point each contact at its introducer by uid, where both are here."""
    for contact_id, uid in pairs:
        introducer = contact_id_by_uid(uid)
        if introducer is not None and introducer != contact_id:
            Contact.update(introduced_by=introducer).where(
                (Contact.id == contact_id)
                & (Contact.introduced_by.is_null() | (Contact.introduced_by != introducer))
            ).execute()


def _photo(value: str | None) -> bytes | None:
    import base64

    return base64.b64decode(value) if value else None


def delete_local(kind: str, local_id: int) -> None:
    if kind == "contact":
        from relmanager.store.snapshots import delete_contacts

        delete_contacts([local_id])
    elif kind == "interaction":  # the entry was the whole event: every participant's row
        from relmanager.store.activity import delete_interactions
        from relmanager.store.event_edits import event_rows

        delete_interactions(event_rows(local_id, everyone=True))
    else:
        _MODELS[kind].delete().where(_MODELS[kind].id == local_id).execute()
