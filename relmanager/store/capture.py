"""Capture runs in the database (issue 24): plan, apply as one batch, list, undo.

Careful like an import: :func:`plan_capture` only reads (the dry run and the preview are
the same plan), :func:`apply_capture` writes the plan in one transaction, checking the
unique (source key, contact) pairs again inside it, and :func:`undo_capture` removes
exactly the interaction rows of one batch. The user's own addresses are a setting and
never match a contact.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from relmanager.domain.capture import Candidate, Skipped, norm_address, unknown_people
from relmanager.domain.clock import Clock
from relmanager.domain.reciprocity import Exchange
from relmanager.store import denorm, rollup, settings
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.errors import NotFoundError, ValidationError
from relmanager.store.in_lists import chunks, rows_in
from relmanager.store.models import Channel, Contact, ContactEmail, Interaction, database
from relmanager.store.validation import clean_email

ME_KEY = "capture.me"
#: One row per captured interaction; plain SQL because building the statement through
#: the ORM for each of 100,000 rows took most of a large capture's time.
INSERT_SQL = ('INSERT INTO "interaction" ("contact_id", "occurred_at", "channel_id", '
              '"initiated_by", "exchange", "minutes", "note", "group_key", "created_at", "uid") '
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#: The same row with its id given: a capture run writes its rows with one executemany,
#: numbered as AUTOINCREMENT would number them (see :func:`_next_interaction_id`).
APPEND_SQL = ('INSERT INTO "interaction" ("id", "contact_id", "occurred_at", "channel_id", '
              '"initiated_by", "exchange", "minutes", "note", "group_key", "created_at", '
              '"uid") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
ITEM_SQL = ('INSERT INTO "capture_item" ("batch_id", "interaction_id", "contact_id", '
            '"source_key", "two_way") VALUES (?, ?, ?, ?, ?)')
#: Captured rows get their sync uid at once, derived from what was captured: two devices
#: capturing the same event (or message) make the same uid, so when they sync the server
#: holds one entry and each device pairs its row with it instead of pulling a second copy
#: (see :func:`row_uid` for a group's rows).
CAPTURE_UID_NAMESPACE = uuid.UUID("6f1c2a52-4a8e-4d0b-9a59-2b1f0c6e3d24")
_NAMESPACE = CAPTURE_UID_NAMESPACE.bytes


def me_addresses() -> frozenset[str]:
    return frozenset(settings.get_value(ME_KEY, []))


def add_me(addresses: Iterable[str]) -> list[str]:
    """Add the user's own addresses (validated, lower case); returns them all."""
    mine = list(settings.get_value(ME_KEY, []))
    for address in addresses:
        cleaned = clean_email(address)
        if cleaned not in mine:
            mine.append(cleaned)
    settings.set_value(ME_KEY, mine)
    return mine


def remove_me(addresses: Iterable[str]) -> list[str]:
    drop = {norm_address(a) for a in addresses}
    mine = [a for a in settings.get_value(ME_KEY, []) if a not in drop]
    settings.set_value(ME_KEY, mine)
    return mine


def contacts_by_address(addresses: Iterable[str]) -> dict[str, int]:
    """Address -> contact id for the addresses that belong to a contact (the oldest
    contact when several share one)."""
    wanted = sorted({norm_address(a) for a in addresses})
    found: dict[str, int] = {}
    for email, contact_id in rows_in(
            f'SELECT "email", "contact_id" FROM "{ContactEmail._meta.table_name}" '
            'WHERE "email" IN ({marks}) ORDER BY "contact_id"', wanted):
        found.setdefault(email, contact_id)
    return found


def capture_uid(source_key: str, contact_uid: str) -> str:
    """``capture-`` and ``uuid5(CAPTURE_UID_NAMESPACE, "key|contact uid")``, spelled out
    (SHA-1 of namespace and name, version and variant bits): building a UUID object
    for each of a large capture's 80,000 events cost more than the hash (tested equal)."""
    digest = bytearray(hashlib.sha1(
        _NAMESPACE + f"{source_key}|{contact_uid}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"capture-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def row_uid(source_key: str, contact_uid: str, group: str | None, led: set[str],
             taken: set[str], event_uid: str | None = None) -> str | None:
    """A captured event syncs as ONE entry carried by its lead row (the group's first
    row: rows go in contact order, so its lowest id), so only that row gets a uid, and
    it is derived from the event alone: another device capturing the same event pairs
    with it whichever participant leads there. The group's other rows travel inside the
    lead's entry and get none. An event captured before (a participant added since) keeps
    its entry; the new row gets the per-person uid. ``event_uid`` is
    ``capture_uid(source_key, "")`` when the caller has it already."""
    if group is not None and group in led:
        return None
    event_uid = event_uid or capture_uid(source_key, "")
    if group is not None:
        led.add(group)
    if event_uid in taken:
        return capture_uid(source_key, contact_uid)
    taken.add(event_uid)
    return event_uid


def taken_uids(wanted: Iterable[str]) -> set[str]:
    return {uid for (uid,) in rows_in(
        f'SELECT "uid" FROM "{Interaction._meta.table_name}" WHERE "uid" IN ({{marks}})',
        sorted(set(wanted)))}


def contact_uids(ids: Iterable[int]) -> dict[int, str]:
    return dict(rows_in(
        f'SELECT "id", "uid" FROM "{Contact._meta.table_name}" WHERE "id" IN ({{marks}})',
        sorted(set(ids))))


def _captured_pairs(keys: Sequence[str]) -> set[tuple[str, int]]:
    return set(rows_in(
        f'SELECT "source_key", "contact_id" FROM "{CaptureItem._meta.table_name}" '
        'WHERE "source_key" IN ({marks})', sorted(set(keys))))


def _next_interaction_id() -> int:
    """The id AUTOINCREMENT would give the next interaction: above every id the table
    holds and every id it ever gave (sqlite_sequence), so an undone capture's ids are
    never given again. Read inside the write transaction, so nobody takes it meanwhile."""
    (next_id,) = database.execute_sql(
        "SELECT max(coalesce((SELECT max(id) FROM interaction), 0), coalesce((SELECT seq "
        "FROM sqlite_sequence WHERE name = 'interaction'), 0)) + 1").fetchone()
    return int(next_id)


@dataclass
class PlannedRow:
    candidate: Candidate
    contact_ids: list[int]


@dataclass
class CapturePlan:
    """What a run would write: the preview, and the input of :func:`apply_capture`."""

    source: str
    location: str
    read: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    per_contact: dict[int, int] = field(default_factory=dict)  # contact id -> interactions
    unknown: dict[str, int] = field(default_factory=dict)  # address -> messages/events
    unknown_names: dict[str, str] = field(default_factory=dict)  # address -> header name
    already: int = 0  # (item, contact) pairs captured by an earlier run
    skipped: Skipped = field(default_factory=Skipped)
    problems: list[str] = field(default_factory=list)

    @property
    def interactions(self) -> int:
        return sum(len(r.contact_ids) for r in self.rows)

    def names(self) -> dict[int, str]:
        ids = sorted(self.per_contact)
        names: dict[int, str] = {}
        for part in chunks(ids):
            names.update(Contact.select(Contact.id, Contact.display_name)
                         .where(Contact.id.in_(part)).tuples())
        return names


def plan_capture(source: str, location: str, candidates: Sequence[Candidate], *,
                 read: int, skipped: Skipped | None = None,
                 problems: Sequence[str] = ()) -> CapturePlan:
    """Match the candidates' addresses to contacts and leave out what an earlier run
    captured. Reads only."""
    me = me_addresses()
    plan = CapturePlan(source, location, read, skipped=skipped or Skipped(),
                       problems=list(problems))
    relevant = [c for c in candidates if any(a not in me for a in c.addresses)]
    by_address = contacts_by_address(a for c in relevant for a in c.addresses if a not in me)
    done = _captured_pairs([c.source_key for c in relevant])
    for candidate in relevant:
        ids: list[int] = []
        seen: set[int] = set()  # not ids: a pair captured before counts once as "already"
        for address in candidate.addresses:
            cid = by_address.get(address)
            if cid is None or address in me or cid in seen:
                continue
            seen.add(cid)
            if (candidate.source_key, cid) in done:
                plan.already += 1
                continue
            ids.append(cid)
        if ids:
            plan.rows.append(PlannedRow(candidate, ids))
    for row in plan.rows:
        for cid in row.contact_ids:
            plan.per_contact[cid] = plan.per_contact.get(cid, 0) + 1
    plan.unknown = unknown_people(relevant, by_address.keys(), me)
    for candidate in relevant:
        for address, name in candidate.names:
            if address in plan.unknown:
                plan.unknown_names.setdefault(address, name)
    return plan


def add_to_inbox(clock: Clock, people: Sequence[tuple[str, str]]) -> list[int]:
    """New Inbox contacts for people of the "not contacts" list: (address, display name,
    "" for none). One transaction, and an address a contact has by then (added twice,
    or by another window) is skipped, so the same person is never added twice; returns
    the new contacts' ids."""
    from relmanager.domain.stages import Stage
    from relmanager.store.contacts import create_contact

    created: list[int] = []
    with database.atomic():
        for address, name in people:
            key = norm_address(address)
            # One given twice is found here too: the first was created in this transaction.
            if not key or contacts_by_address([key]):
                continue
            created.append(create_contact(clock, name.strip() or key, emails=[key],
                                          stage=Stage.INBOX).id)
    return created


def apply_capture(plan: CapturePlan, clock: Clock) -> int:
    """Write the plan as one batch in one transaction; returns the batch id. Pairs an
    earlier (or concurrent) run captured meanwhile are left out, never doubled.

    100,000 messages make ~130,000 rows in a table of a million with ten indexes, so the
    write is built for bulk: the rows are numbered as AUTOINCREMENT would number them and
    written with one executemany each (interactions, then items), from generators so the
    rows are never all held at once, and the timeline's sums are added once per group
    instead of by the insert trigger per row (:func:`rollup.appending`). (A larger page
    cache for the transaction, as imports have, took 100 MB more memory for no time
    measured.)"""
    now = clock.now()
    channels = dict(Channel.select(Channel.key, Channel.id).tuples())
    with database.atomic():
        done = _captured_pairs([r.candidate.source_key for r in plan.rows])
        uids = contact_uids(cid for r in plan.rows for cid in r.contact_ids)
        batch = CaptureBatch.create(
            source=plan.source, location=plan.location, created_at=now, read=plan.read,
            skipped=sum(plan.skipped.reasons.values()), problems=len(plan.problems))
        pending: list[tuple[int, str, Candidate, str | None]] = []
        for row in plan.rows:
            cand = row.candidate
            ids = [cid for cid in row.contact_ids if (cand.source_key, cid) not in done]
            if not ids:
                continue
            if cand.occurred_at > now:
                raise ValidationError("a captured interaction cannot be in the future")
            group = str(uuid.uuid4()) if len(ids) > 1 else None
            pending += [(cid, str(cand.occurred_at), cand, group) for cid in ids]
        # In contact order: three of the interaction indexes lead with the contact, so
        # consecutive rows land on the same index pages (about 6% faster at 1M rows;
        # time order was slower still).
        pending.sort(key=lambda p: (p[0], p[1]))
        events = {key: capture_uid(key, "") for key in {p[2].source_key for p in pending}}
        taken = taken_uids(events.values())
        led: set[str] = set()
        first = _next_interaction_id()
        rows = ((number, cid, occurred_at, channels[cand.channel], cand.initiated_by.value,
                 Exchange.NEUTRAL.value, cand.minutes, cand.note, group, str(now),
                 row_uid(cand.source_key, uids[cid], group, led, taken,
                         events[cand.source_key]))
                for number, (cid, occurred_at, cand, group) in enumerate(pending, first))
        cursor = database.cursor()
        if pending:  # (an empty run leaves the schema alone)
            with rollup.appending(database, first):
                cursor.executemany(APPEND_SQL, rows)
        # executemany: building 100,000 rows through the ORM's insert_many took seconds.
        cursor.executemany(ITEM_SQL, ((batch.id, number, cid, cand.source_key, cand.two_way)
                                      for number, (cid, _at, cand, _group)
                                      in enumerate(pending, first)))
        touched = {p[0] for p in pending}
        batch.captured = len(pending)
        batch.people = len(touched)
        batch.save()
        denorm.refresh_last_interaction(touched)
        denorm.refresh_due_dates(touched)
    return batch.id


@dataclass(frozen=True)
class UndoneCapture:
    batch_id: int
    source: str
    location: str
    removed: int


def undo_capture(clock: Clock, batch_id: int | None = None) -> UndoneCapture:
    """Remove the interaction rows one batch wrote (default: the latest batch not yet
    undone) and forget their items, so a later run may capture them again. Rows the user
    has edited since (in History, or on another device and pulled by sync: both through
    ``event_edits.write_event_fields``) or deleted are no longer the batch's: left as they
    are, still known as captured."""
    # The received-only marks sync brings (store.group_sync) are no capture run of
    # this device: undoing them would delete interactions that came from another one.
    query = CaptureBatch.select().where(CaptureBatch.undone_at.is_null()
                                        & (CaptureBatch.source != "sync"))
    batch = (query.order_by(CaptureBatch.id.desc()).first() if batch_id is None
             else CaptureBatch.get_or_none(CaptureBatch.id == batch_id))
    if batch is None:
        raise NotFoundError("no capture to undo" if batch_id is None
                            else f"no capture number {batch_id} (see `relmanager captures`)")
    if batch.source == "sync":
        raise ValidationError(f"capture {batch.id} holds the received-only marks that came "
                              "with sync; it is not a capture run and cannot be undone")
    if batch.undone_at is not None:
        raise ValidationError(f"capture {batch.id} was already undone on "
                              f"{batch.undone_at:%Y-%m-%d %H:%M}")
    with database.atomic():
        rows = list(CaptureItem.select(CaptureItem.interaction, CaptureItem.contact)
                    .where(CaptureItem.batch == batch.id).tuples())
        interaction_ids = [i for i, _ in rows if i is not None]
        # Only the items still holding their interaction go (before it does: deleting it
        # sets their link to null). Those that let go of it stay: the user edited it (it
        # is theirs, kept) or deleted it since, and a later run must bring neither back.
        CaptureItem.delete().where((CaptureItem.batch == batch.id)
                                   & CaptureItem.interaction.is_null(False)).execute()
        for part in chunks(interaction_ids):
            Interaction.delete().where(Interaction.id.in_(part)).execute()
        CaptureBatch.update(undone_at=clock.now()).where(CaptureBatch.id == batch.id).execute()
        contacts = {cid for _, cid in rows}
        denorm.refresh_last_interaction(contacts)
        denorm.refresh_due_dates(contacts)
    return UndoneCapture(batch.id, batch.source, batch.location, len(interaction_ids))


def batches() -> list[CaptureBatch]:
    return list(CaptureBatch.select().order_by(CaptureBatch.id))


__all__ = ["CapturePlan", "apply_capture", "batches", "plan_capture", "undo_capture"]
