"""Importing parsed contacts: a plan first (duplicates flagged, nothing written), then one
transaction recorded as an ImportBatch, and an exact undo.

* :func:`plan_import` (in :mod:`relmanager.store.import_plan`) matches every record
  against the database (same email, same uid, or same name and organisation) and against
  earlier records of the same file, and proposes an action for each: add, merge or skip.
  The user can change any of them.
* :func:`apply_plan` writes the plan in one transaction with bulk inserts (10,000 cards
  in well under two seconds); a large plan is committed in parts of ~0.5 s so other
  writers get a turn, and a cancel or failure takes the written parts back, so it stays
  all or nothing. New contacts land in the Inbox unless the file says otherwise (our
  own vCard export carries X-RELMANAGER-STAGE). A merge fills what the
  existing contact lacks and adds new addresses and tags, never overwrites, and records
  the contact as it was (ImportMerge) so that undo can put it back.
* :func:`undo_import` (in :mod:`relmanager.store.import_undo`) deletes exactly the
  contacts the batch added and restores exactly
  what its merges changed, in one transaction.

An import never contacts, invites or mails anyone.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from relmanager import collector
from relmanager.domain import contact_fields
from relmanager.domain.clock import Clock
from relmanager.domain.text import fold
from relmanager.interchange.records import STAGES, ParsedContact
from relmanager.store import (
    denorm,
    import_lock,
    import_parts,
    kept_cards,
    relations,
    table_rebuild,
)
from relmanager.store.contacts import sort_key, split_name
from relmanager.store.errors import OperationCancelledError
from relmanager.store.import_merge import (
    link_merged_relations,
    merge_added,
    snapshot_contact,
)
from relmanager.store.import_plan import (
    ADD,
    MERGE,
    SKIP,
    Candidate,
    ImportPlan,
    plan_import,
)
from relmanager.store.import_undo import UndoPreview, batches, undo_import, undo_preview
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ImportBatch,
    ImportMerge,
    Tag,
    database,
)
from relmanager.store.page_cache import page_cache
from relmanager.store.schema_ddl import dropped_search_triggers
from relmanager.store.validation import MAX_NAME, is_email

__all__ = [
    "ADD", "MERGE", "SKIP", "Candidate", "ImportPlan", "ImportSummary", "UndoPreview",
    "apply_plan", "batches", "plan_import", "undo_import", "undo_preview",
]

PROGRESS_EVERY = 250
_BULK_CACHE_KIB = 256 * 1024  # the page cache's ceiling while an import writes
#: Fields a merge may fill in when the existing contact has them empty.
FILLABLE = contact_fields.FILLABLE


@dataclass(frozen=True)
class ImportSummary:
    batch_id: int
    added: int
    merged: int
    skipped: int


def _stage(record: ParsedContact) -> str:
    return record.stage if record.stage in STAGES else "inbox"


def _text(value: str | None) -> str:
    return (value or "").replace("\x00", "")


def _contact_row(record: ParsedContact, batch_id: int, now: str) -> tuple:
    name = " ".join(record.display_name.split())[:MAX_NAME]
    first, last = record.first_name, record.last_name
    if not first and not last:
        first, last = split_name(name)
    sphere = record.sphere if record.sphere in ("personal", "business", "both") else "business"
    cadence = record.cadence_days if record.cadence_days and 1 <= record.cadence_days <= 3650 \
        else None
    # The name's parts as they came, like the name itself (a NUL from N's =00 was kept
    # in the name and dropped from the family name: "Ann Nul<NUL>Tail", "NulTail"); the
    # display rule shows it (relmanager.domain.text.visible).
    return (name, first, last, sort_key(name, first, last),
            _text(record.organisation), _text(record.title), record.photo, record.birthday,
            sphere, _stage(record), _text(record.intent), _text(record.how_met),
            _text(record.where_met), record.met_on.isoformat() if record.met_on else None,
            cadence, _text(record.notes), now, now, record.uid or str(uuid.uuid4()), batch_id,
            int(bool(record.archived)))  # our own export marks archived contacts


INSERT_CONTACT = (
    "INSERT INTO contact (id, display_name, first_name, last_name, sort_name, organisation, "
    "title, photo, birthday, sphere, stage, intent, how_met, where_met, met_on, cadence_days, "
    "notes, created_at, updated_at, uid, import_batch_id, search_text, archived) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'',?)"
)
#: Where the uid is in a row of INSERT_CONTACT (the card kept for it must name it).
_UID_AT = INSERT_CONTACT[INSERT_CONTACT.index("(") + 1:INSERT_CONTACT.index(")")] \
    .split(", ").index("uid")


def _tag_ids(names: Iterable[str]) -> dict[str, int]:
    wanted = {fold(n): n.strip() for n in names if n.strip()}
    if not wanted:
        return {}
    for name in wanted.values():
        database.execute_sql("INSERT OR IGNORE INTO tag (name, kind) VALUES (?, 'topic')",
                             [name[:200]])
    ids: dict[str, int] = {}
    for tid, name in Tag.select(Tag.id, Tag.name).tuples():
        key = fold(name)
        # Two tags may fold alike ("Aero" and "Ærø"): the one of the imported name wins.
        if key in wanted and (key not in ids or name == wanted[key][:200]):
            ids[key] = tid
    return ids


@dataclass
class _Children:
    """Rows for the child tables, gathered for many contacts and written in one go."""

    emails: list[tuple] = field(default_factory=list)
    phones: list[tuple] = field(default_factory=list)
    links: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)

    def add(self, contact_id: int, record: ParsedContact, tags: dict[str, int],
            existing_emails: set[str] | None = None) -> None:
        known = set(existing_emails or ())
        for position, (email, label) in enumerate(record.emails):
            address = email.strip().lower()
            if is_email(address) and address not in known:
                known.add(address)
                self.emails.append((contact_id, address, label[:100], position))
        for position, (number, label) in enumerate(record.phones):
            if number.strip():
                self.phones.append((contact_id, number.strip()[:100], label[:100], position))
        for position, (kind, url) in enumerate(record.links):
            if url.strip():
                self.links.append((contact_id, kind, url.strip()[:2000], position))
        for name in record.tags:
            tag_id = tags.get(fold(name))
            if tag_id is not None:
                self.tags.append((contact_id, tag_id))

    def write(self) -> None:
        conn = database.connection()
        conn.executemany("INSERT INTO contact_email (contact_id, email, label, position) "
                         "VALUES (?,?,?,?)", self.emails)
        conn.executemany("INSERT INTO contact_phone (contact_id, number, label, position) "
                         "VALUES (?,?,?,?)", self.phones)
        conn.executemany("INSERT INTO contact_link (contact_id, kind, url, position) "
                         "VALUES (?,?,?,?)", self.links)
        conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
                         self.tags)


def _merge(contact_id: int, record: ParsedContact, batch_id: int,
           tags: dict[str, int]) -> None:
    """Fill what the contact lacks, add new addresses, links and tags; remember the
    contact before and what this merge added (undo takes back only that)."""
    before = snapshot_contact(contact_id)
    contact = Contact.get_by_id(contact_id)
    changes: dict[str, object] = {}
    for name in FILLABLE:
        value = getattr(record, name)
        if value not in (None, "") and getattr(contact, name) in (None, ""):
            changes[name] = value
    if record.photo and not contact.photo:
        changes["photo"] = record.photo
    notes = _text(record.notes).strip()
    if notes and notes not in contact.notes:
        changes["notes"] = f"{contact.notes}\n\n{notes}".strip() if contact.notes else notes
    if changes:
        Contact.update(**changes).where(Contact.id == contact_id).execute()
    existing = {e for (e,) in ContactEmail.select(ContactEmail.email)
                .where(ContactEmail.contact == contact_id).tuples()}
    known_numbers = {p["number"] for p in before["phones"]}
    known_urls = {link["url"] for link in before["links"]}
    extra = ParsedContact(
        emails=record.emails,
        phones=[p for p in record.phones if p[0].strip() not in known_numbers],
        links=[link for link in record.links if link[1].strip() not in known_urls],
        tags=record.tags)
    children = _Children()
    children.add(contact_id, extra, tags, existing)
    children.write()
    if record.card:  # another app's properties: added to the card kept for the contact
        changed, card = kept_cards.merge_in(contact_id, contact.uid, record.card)
        if changed:
            before["card"] = card
    before["added"] = merge_added(
        before, changes, emails=[row[1] for row in children.emails],
        phones=[row[1] for row in children.phones], urls=[row[2] for row in children.links],
        tag_ids=[row[1] for row in children.tags])
    ImportMerge.create(batch=batch_id, contact=contact_id, before_json=json.dumps(before))


def _report(done: int, total: int, progress: Callable[[int, int], None] | None,
            cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelledError()
    if progress is not None:
        progress(done, total)


def _room_for_dirty_pages() -> AbstractContextManager[None]:
    """A 10,000-card import dirties ~40 MB of pages (new keys land all over the contact,
    email and search indexes). The usual 32 MB cache could not hold them: SQLite wrote a
    third of them to the WAL in mid-transaction and read them back, 10,000 extra reads
    and writes. The cache may grow to 256 MB while the import writes (pages are taken as
    needed) and is cut back to its usual size once the transaction is over."""
    return page_cache(_BULK_CACHE_KIB)


@contextmanager
def _merges_deferred() -> Iterator[None]:
    """Full-text segment merging paused during a bulk write (it resumes, incrementally,
    with later writes; searches are exact meanwhile): a third less time per import."""
    tables = ("contact_fts", "contact_words")
    for table in tables:
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")
    try:
        yield
    finally:
        for table in tables:
            database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 4)")


def apply_plan(plan: ImportPlan, clock: Clock,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Write the plan (one transaction, or parts for a large plan); returns the batch id
    and what was done. A cancel (``cancelled()`` turning true) raises
    OperationCancelledError and takes everything back."""
    with collector.paused():  # rows for every contact, no garbage: see collector
        return _apply(plan, clock, progress, cancelled)


def _apply(plan: ImportPlan, clock: Clock, progress: Callable[[int, int], None] | None,
           cancelled: Callable[[], bool] | None) -> ImportSummary:
    now = clock.now()
    adds = [c for c in plan.candidates if c.effective == ADD]
    merges = [c for c in plan.candidates if c.effective == MERGE and c.duplicate_of]
    skipped = len(plan.candidates) - len(adds) - len(merges)
    total = len(adds) + len(merges)
    with _room_for_dirty_pages():
        if total <= import_parts.COMMIT_EVERY:  # one transaction, as small ones always were
            with database.atomic():
                batch = _new_batch(plan, now, adds, merges, skipped)
                new_ids = _write_part(batch.id, adds, merges, 0, total, now, progress,
                                      cancelled)
                _link_introducers(adds, new_ids, now, merges, batch.id)
                _report(total, total, progress, cancelled)
            return ImportSummary(batch.id, len(adds), len(merges), skipped)
        return _apply_in_parts(plan, now, adds, merges, skipped, progress, cancelled)


def _new_batch(plan: ImportPlan, now: object, adds: list[Candidate],
               merges: list[Candidate], skipped: int) -> ImportBatch:
    return ImportBatch.create(source=plan.source, format=plan.format, created_at=now,
                              added=len(adds), merged=len(merges), skipped=skipped)


def _apply_in_parts(plan: ImportPlan, now: object, adds: list[Candidate],
                    merges: list[Candidate], skipped: int,
                    progress: Callable[[int, int], None] | None,
                    cancelled: Callable[[], bool] | None) -> ImportSummary:
    """A large import in parts (see :mod:`relmanager.store.import_parts`), still all or
    nothing: a cancel or failure takes the written parts back."""
    # The lock file says "this importer still runs" to every process, in any namespace,
    # from before its mark is committed until after the mark is gone.
    with import_lock.importer_lock(import_parts.db_file()) as lock:
        return _write_in_parts(plan, now, adds, merges, skipped, progress, cancelled, lock)


def _write_in_parts(plan: ImportPlan, now: object, adds: list[Candidate],
                    merges: list[Candidate], skipped: int,
                    progress: Callable[[int, int], None] | None,
                    cancelled: Callable[[], bool] | None, lock: str | None) -> ImportSummary:
    total = len(adds) + len(merges)
    with database.atomic():
        batch = _new_batch(plan, now, adds, merges, skipped)
        last_tag = import_parts.mark_unfinished(batch.id, lock)

    def part(part_adds: list[Candidate], part_merges: list[Candidate],
             done: int) -> list[int]:
        return _write_part(batch.id, part_adds, part_merges, done, total, now, progress,
                           cancelled)

    def finish(new_ids: list[int]) -> None:
        _link_introducers(adds, new_ids, now, merges, batch.id)
        _report(total, total, progress, cancelled)

    import_parts.write_in_parts(batch.id, adds, merges, part, finish, last_tag)
    return ImportSummary(batch.id, len(adds), len(merges), skipped)


def _write_part(batch_id: int, adds: list[Candidate], merges: list[Candidate], done: int,
                total: int, now: object, progress: Callable[[int, int], None] | None,
                cancelled: Callable[[], bool] | None) -> list[int]:
    """Write some of the plan inside the caller's transaction; returns the new ids."""
    stamp = str(now)
    with _merges_deferred():
        tags = _tag_ids(t for c in adds + merges for t in c.record.tags)
        conn = database.connection()
        new_ids: list[int] = []
        children = _Children()
        # Ids handed out here (the write lock is held since the transaction began) so
        # the rows go in with one executemany per chunk instead of one call each.
        # Past every id ever used: an undo may put a deleted contact back under its id.
        next_id = table_rebuild.next_free_id(database, "contact")
        # New contacts go in with empty search text and without the full-text triggers;
        # one UPDATE and one INSERT per index per chunk then fill in and index the text:
        # several times faster than text arriving row by row through the triggers.
        with dropped_search_triggers(database):
            for start in range(0, len(adds), PROGRESS_EVERY):
                _report(done + start, total, progress, cancelled)
                rows = []
                cards = []
                for offset, candidate in enumerate(adds[start:start + PROGRESS_EVERY]):
                    contact_id = next_id + start + offset
                    rows.append((contact_id, *_contact_row(candidate.record, batch_id,
                                                           stamp)))
                    new_ids.append(contact_id)
                    children.add(contact_id, candidate.record, tags)
                    if candidate.record.card:
                        cards.append((contact_id, rows[-1][_UID_AT], candidate.record.card))
                conn.executemany(INSERT_CONTACT, rows)
                kept_cards.keep(cards)
            children.write()
            denorm.index_new_contacts(new_ids)
        conn.executemany(
            "INSERT INTO stage_change (contact_id, from_stage, to_stage, changed_at) "
            "VALUES (?, NULL, ?, ?)",
            [(cid, _stage(c.record), stamp) for cid, c in zip(new_ids, adds, strict=True)])
        for number, candidate in enumerate(merges, start=done + len(adds)):
            if number % PROGRESS_EVERY == 0:
                _report(number, total, progress, cancelled)
            _merge(int(candidate.duplicate_of), candidate.record, batch_id, tags)
        merged_ids = [int(c.duplicate_of) for c in merges]
        denorm.refresh_search_text(merged_ids)  # existing rows: the triggers reindex them
        tracked = [cid for cid, c in zip(new_ids, adds, strict=True)
                   if _stage(c.record) not in ("inbox", "parked")]
        denorm.refresh_due_dates(tracked + merged_ids)
    return new_ids


def _link_introducers(adds: list[Candidate], new_ids: list[int], now: datetime,
                      merges: list[Candidate], batch_id: int) -> None:
    """RELATED in our own export names who introduced a contact (by uid or name); typed
    RELATED lines are relations to other people (store.relations.link_relations), for
    the contacts added and the ones merged into (whose undo takes them away again)."""
    relations.link_relations(now, [(cid, kind, reference)
                                   for cid, c in zip(new_ids, adds, strict=True)
                                   for kind, reference in c.record.relations])
    link_merged_relations(now, batch_id, [(int(c.duplicate_of), kind, reference)
                                          for c in merges
                                          for kind, reference in c.record.relations])
    wanted = [(cid, c.record.related[0]) for cid, c in zip(new_ids, adds, strict=True)
              if c.record.related]
    for contact_id, reference in wanted:
        introducer = (Contact.select(Contact.id)
                      .where((Contact.uid == reference) | (Contact.display_name == reference))
                      .where(Contact.id != contact_id).first())
        if introducer is not None:
            Contact.update(introduced_by=introducer.id).where(Contact.id == contact_id).execute()
