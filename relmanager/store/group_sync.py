"""Group events and the received-only mark through sync (issue 24).

A group event is one interaction row per participant sharing a ``group_key``; on the
server it is ONE VJOURNAL (one uid) with an ATTENDEE per participant. The *lead* row (the
group's lowest id, as in :mod:`relmanager.store.rollup`) is the one paired with the server
entry and carries the uid; the other rows travel inside it. So:

* a change to any participant's row queues the lead (:func:`normalise_changes`);
* the lead's fields gain ``participants`` (contact uids), the others are never sent;
* an entry pulled with participants creates, updates and removes the rows of its group
  (:func:`apply_participants`): a participant removed on the server loses that row only;
* captured mail only received (``capture_item.two_way`` false) is sent as
  ``received_only`` and, pulled on another device, marked the same way there, so going
  cold is not reset by it anywhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from relmanager.domain.clock import Clock
from relmanager.interchange.sync_fields import interaction_extras
from relmanager.store import denorm
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.event_edits import write_event_fields
from relmanager.store.in_lists import chunks, marks
from relmanager.store.models import Contact, ContactEmail, Interaction, database
from relmanager.store.rollup import lead

#: Non-lead rows of a group: never paired with a server entry of their own.
NOT_LEAD = f"i.group_key IS NOT NULL AND NOT {lead('i')}"
#: Where the received-only marks pulled from another device are kept (a capture batch, so
#: the one rule in denorm's last_two_way_at applies to them as to local captures).
SYNC_LOCATION = "received-only marks from other devices"
#: Its source; `relmanager undo-capture` never takes such a batch (store.capture).
SYNC_SOURCE = "sync"


def normalise_changes() -> None:
    """Queue the lead of every group whose non-lead row changed, and unqueue those rows."""
    with database.atomic():
        database.execute_sql(
            "INSERT OR IGNORE INTO sync_change SELECT 'interaction', (SELECT min(g.id) FROM "
            "interaction AS g WHERE g.group_key = i.group_key) FROM sync_change AS sc "
            "JOIN interaction AS i ON i.id = sc.local_id WHERE sc.kind = 'interaction' "
            f"AND {NOT_LEAD}")
        database.execute_sql(
            "DELETE FROM sync_change WHERE kind = 'interaction' AND local_id IN "
            f"(SELECT i.id FROM interaction AS i WHERE {NOT_LEAD})")


def mark_changed(interaction_ids: Sequence[int]) -> None:
    """Queue rows for sending when sync is set up (the tracking triggers exist)."""
    on = database.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND "
                              "name = 'sync_interaction_au'").fetchone()
    if on:
        for row in interaction_ids:
            database.execute_sql("INSERT OR IGNORE INTO sync_change VALUES "
                                 "('interaction', ?)", (row,))


def extras(ids: Sequence[int]) -> tuple[set[int], dict[int, dict[str, Any]]]:
    """(non-lead rows among ``ids``, lead row -> its extra fields)."""
    skip: set[int] = set()
    extra: dict[int, dict[str, Any]] = {}
    for chunk in chunks(ids):
        listed = marks(len(chunk))
        skip |= {r[0] for r in database.execute_sql(
            f"SELECT i.id FROM interaction AS i WHERE i.id IN ({listed}) AND {NOT_LEAD}",
            chunk)}
        people: dict[int, list[str]] = {}
        for row, uid in database.execute_sql(
                "SELECT i.id, c.uid FROM interaction AS i JOIN interaction AS m "
                "ON m.group_key = i.group_key JOIN contact AS c ON c.id = m.contact_id "
                f"WHERE i.id IN ({listed}) AND i.group_key IS NOT NULL", chunk):
            people.setdefault(row, []).append(uid)
        received = {r for (r,) in CaptureItem.select(CaptureItem.interaction).where(
            CaptureItem.interaction.in_(chunk) & ~CaptureItem.two_way).tuples()}
        for row in chunk:
            found = interaction_extras(people.get(row), row in received)
            if found and row not in skip:
                extra[row] = found
    return skip, extra


def people(uids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Contact uid -> (name, first e-mail or "") for an entry's ATTENDEE lines."""
    found: dict[str, tuple[str, str]] = {}
    for uid, cid, name in (Contact.select(Contact.uid, Contact.id, Contact.display_name)
                           .where(Contact.uid.in_(list(uids))).tuples()):
        email = (ContactEmail.select(ContactEmail.email).where(ContactEmail.contact == cid)
                 .order_by(ContactEmail.position, ContactEmail.id).scalar())
        found[uid] = (name, email or "")
    return found


def apply_participants(clock: Clock, local_id: int, fields: dict[str, Any]) -> None:
    """After the lead row took ``fields``: the group's other rows follow the entry's
    participants (created, updated, or removed: a participant taken off on the server
    loses that row only), and the received-only mark follows ``received_only``."""
    row = Interaction.get_by_id(local_id)
    wanted = [u for u in fields.get("participants") or () if u != fields["contact"]]
    touched = {row.contact_id}
    if wanted or row.group_key:
        key = row.group_key or str(uuid.uuid4())
        if not row.group_key:
            Interaction.update(group_key=key).where(Interaction.id == local_id).execute()
        ids = dict(Contact.select(Contact.uid, Contact.id).where(
            Contact.uid.in_(wanted)).tuples()) if wanted else {}
        missing = [u for u in wanted if u not in ids]
        if missing:
            raise LookupError(f"a participant ({missing[0]}) is not here yet")
        others = {r.contact_id: r for r in Interaction.select().where(
            (Interaction.group_key == key) & (Interaction.id != local_id))}
        values = {"occurred_at": row.occurred_at, "channel": row.channel_id,
                  "exchange": row.exchange, "initiated_by": row.initiated_by,
                  "minutes": row.minutes, "note": row.note}
        for uid in wanted:
            cid = ids[uid]
            if cid in others:  # the event as edited there, for each participant
                write_event_fields([others[cid].id], values)
            elif cid != row.contact_id:
                Interaction.create(contact=cid, group_key=key, created_at=clock.now(),
                                   **values)
        gone = [r.id for cid, r in others.items() if cid not in set(ids.values())]
        if gone:
            Interaction.delete().where(Interaction.id.in_(gone)).execute()
        touched |= set(others) | set(ids.values())
    _received_only(clock, local_id, row.contact_id, bool(fields.get("received_only")))
    denorm.refresh_last_interaction(touched)
    denorm.refresh_due_dates(touched)


def _received_only(clock: Clock, local_id: int, contact_id: int, mark: bool) -> None:
    item = CaptureItem.get_or_none(CaptureItem.interaction == local_id)
    if item is not None:
        if item.two_way == mark:  # the other device's word: received only, or answered
            CaptureItem.update(two_way=not mark).where(CaptureItem.id == item.id).execute()
        return
    if not mark:
        return
    batch = CaptureBatch.get_or_none(CaptureBatch.source == SYNC_SOURCE)
    if batch is None:
        batch = CaptureBatch.create(source=SYNC_SOURCE, location=SYNC_LOCATION,
                                    created_at=clock.now())
    CaptureItem.create(batch=batch, interaction=local_id, contact=contact_id,
                       source_key=f"sync:{uuid.uuid4()}", two_way=False)
