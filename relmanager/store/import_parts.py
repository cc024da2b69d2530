"""Writing a large import in parts, so other writers get their turn.

One transaction for 20,000 cards held the write lock for ~3 s: the open window could not
save a board move meanwhile (it waits at most ~1 s for the lock, see
:mod:`relmanager.store.write_guard`). A large import therefore commits in parts of about
:data:`PART_SECONDS` of writing and sleeps :data:`YIELD_SECONDS` between them, while the
window polls for the lock every few milliseconds and gets in between two parts.

It stays all or nothing: a cancel or a failure in any part rolls that part back and
:func:`take_back` removes what the parts before it committed (contacts, merges restored,
the batch, tags nobody else uses). Each part drops and restores the search triggers
itself, so whatever another writer does between parts is indexed as usual.

A process killed between two parts cannot take anything back itself: its committed parts
stayed for good, under a batch that claimed every card. So the batch is marked unfinished
(a setting naming the process and its lock file, :mod:`relmanager.store.import_lock`) in
the transaction that creates it, the mark goes with the last part's commit, and the next
open of the database (:func:`recover_unfinished`, from ``store.db.init_db``) takes back
any batch whose process is gone: whose lock file's lock can be taken, checked again
while holding the write lock, so an importer that finished meanwhile is left alone.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from relmanager.store import import_lock, schema_level
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.store.in_lists import chunks
from relmanager.store.models import Contact, ImportBatch, ImportMerge, Setting, database

T = TypeVar("T")

#: Cards in the first part; the next ones are sized from how long it took.
COMMIT_EVERY = 2000
#: Writing time per part (the window waits up to ~0.9 s for the lock).
PART_SECONDS = 0.5
#: The pause between parts in which a waiting writer takes the lock.
YIELD_SECONDS = 0.01
#: Smallest part (the progress step of the importer).
MIN_PART = 250
#: The settings key marking a batch whose parts are still being written (schema_level
#: holds it: the openings ask whether one is left without importing this module).
UNFINISHED = schema_level.UNFINISHED

log = logging.getLogger(__name__)

WritePart = Callable[[list[T], list[T], int], list[int]]


def mark_unfinished(batch_id: int, lock: str | None = None) -> int:
    """Mark ``batch_id`` as being written by this process (inside the transaction that
    creates it), naming the lock file it holds (:func:`import_lock.importer_lock`);
    returns the last tag id before it, for :func:`take_back`."""
    (last_tag,) = database.execute_sql("SELECT coalesce(max(id), 0) FROM tag").fetchone()
    mark = {"pid": os.getpid(), "started": _started(os.getpid()), "last_tag": last_tag,
            "lock": lock}
    Setting.insert(key=f"{UNFINISHED}{batch_id}", value=json.dumps(mark)) \
        .on_conflict_replace().execute()
    return int(last_tag)


def db_file() -> str:
    """The bound database's file, beside which the importer's lock file goes."""
    return str(getattr(database.obj, "database", "") or "")


def _started(pid: int) -> str | None:
    """When process ``pid`` started (Linux: ``/proc``), so a new process that was given
    the id of a killed importer is not taken for it; None where that cannot be read."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


def _read(value: str) -> dict | None:
    """A mark as :func:`mark_unfinished` wrote it; None for one that is not (a damaged or
    hostile file's setting): it names no importer, so nothing is taken back for it, and
    the database still opens."""
    try:
        mark = json.loads(value)
        if not isinstance(mark, dict) or not str(mark.get("pid", 0)).isdigit():
            return None
        return dict(mark, pid=int(mark.get("pid", 0)), last_tag=int(mark.get("last_tag", 0)))
    except (ValueError, TypeError):
        return None


def _alive(mark: dict) -> bool:
    """Whether the importer of ``mark`` still runs: its lock file's lock is held (true in
    any pid namespace). The pid and its start time decide only where the mark names no
    lock file or it cannot be looked at (a read-only folder, no ``flock``, a mark from
    an older version, the file removed by hand): they hold within one pid namespace
    only, and a live importer in a container looks dead from the host."""
    held = import_lock.holder_alive(db_file(), mark.get("lock"))
    if held is not None:
        return held
    from relmanager.store.encryption import process_alive

    pid = mark["pid"]
    if pid <= 0 or not process_alive(pid):
        return False
    started = mark.get("started")
    return started is None or _started(pid) in (None, started)


def recover_unfinished() -> list[int]:
    """Take back every import whose process was killed between two of its parts; the
    batch ids taken back. An importer that looks gone is looked at again holding the
    write lock, where it cannot commit: if its mark went meanwhile, it finished. A
    failure (the database locked or read only) leaves them for the next open."""
    try:
        marks = list(Setting.select().where(Setting.key.startswith(UNFINISHED)))
        taken: list[int] = []
        for row in marks:
            mark = _read(row.value)
            if mark is None or not row.key[len(UNFINISHED):].isdigit() or _alive(mark):
                continue
            with database.atomic():
                now = Setting.get_or_none(Setting.key == row.key)
                mark = _read(now.value) if now is not None else None
                if mark is None or _alive(mark):
                    continue
                batch_id = int(row.key[len(UNFINISHED):])
                take_back(batch_id, mark["last_tag"])
            import_lock.remove_leftover(db_file(), mark.get("lock"))
            log.warning("import %d was killed before it finished: taken back", batch_id)
            taken.append(batch_id)
        _sweep()
        return taken
    except DB_EXCEPTIONS as error:
        log.warning("an unfinished import could not be taken back yet: %s", error)
        return []


def _sweep() -> None:
    """Remove lock files killed importers left that no mark names (see
    :func:`import_lock.sweep_leftovers`); the marks are read again after any taking back."""
    named = set()
    for (value,) in Setting.select(Setting.value).where(
            Setting.key.startswith(UNFINISHED)).tuples():
        mark = _read(value)
        if mark is not None and isinstance(mark.get("lock"), str):
            named.add(mark["lock"])
    for name in import_lock.sweep_leftovers(db_file(), named):
        log.info("removed %s, left by an importer killed before its mark", name)


def write_in_parts(batch_id: int, adds: Sequence[T], merges: Sequence[T],
                   write_part: WritePart, finish: Callable[[list[int]], None],
                   last_tag: int | None = None) -> list[int]:
    """``write_part(adds, merges, done)`` for successive slices, each in its own
    transaction, then ``finish(new_ids)`` in a last one (which also clears the batch's
    unfinished mark); the new contact ids. ``last_tag``: as :func:`mark_unfinished`
    returned it."""
    if last_tag is None:
        (last_tag,) = database.execute_sql("SELECT coalesce(max(id), 0) FROM tag").fetchone()
    # Each part's commit would otherwise checkpoint the growing WAL into the database
    # (an fsync each); one checkpoint after the last part, as a single transaction has.
    (checkpoint_pages,) = database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()
    database.execute_sql("PRAGMA wal_autocheckpoint = 0")
    new_ids: list[int] = []
    try:
        done, size = 0, COMMIT_EVERY
        for kind in (adds, merges):
            start = 0
            while start < len(kind):
                part = list(kind[start:start + size])
                began = time.monotonic()
                with database.atomic():
                    new_ids += write_part(part if kind is adds else [],
                                          part if kind is merges else [], done)
                # Parts sized by time, not count: a loaded machine writes slower, and
                # the lock must still come free well within the window's wait.
                took = max(time.monotonic() - began, 1e-3)
                size = max(MIN_PART, min(4 * COMMIT_EVERY,
                                         int(len(part) * PART_SECONDS / took)))
                start += len(part)
                done += len(part)
                time.sleep(YIELD_SECONDS)
        with database.atomic():
            finish(new_ids)
            _clear_mark(batch_id)
    except BaseException:
        take_back(batch_id, last_tag)
        raise
    finally:
        database.execute_sql(f"PRAGMA wal_autocheckpoint = {int(checkpoint_pages)}")
    return new_ids


def take_back(batch_id: int, last_tag: int) -> None:
    """Remove what the committed parts of a failed or cancelled import wrote (its
    contacts, merges, batch, and the tags after ``last_tag`` that nobody uses)."""
    # Imported here: every start asks recover_unfinished, which seldom takes anything
    # back, and the merge machinery (with the relations it restores) is not on the way
    # to the window's first paint.
    from relmanager.store.import_merge import restore_contact

    with database.atomic():
        for merge in ImportMerge.select().where(ImportMerge.batch == batch_id) \
                .order_by(ImportMerge.id.desc()):
            restore_contact(merge.contact_id, json.loads(merge.before_json))
        ImportMerge.delete().where(ImportMerge.batch == batch_id).execute()
        ids = [cid for (cid,) in Contact.select(Contact.id)
               .where(Contact.import_batch == batch_id).tuples()]
        for chunk in chunks(ids):
            Contact.delete().where(Contact.id.in_(chunk)).execute()
        ImportBatch.delete().where(ImportBatch.id == batch_id).execute()
        _clear_mark(batch_id)
        database.execute_sql("DELETE FROM tag WHERE id > ? AND NOT EXISTS (SELECT 1 FROM "
                             "contact_tag WHERE tag_id = tag.id)", (last_tag,))


def _clear_mark(batch_id: int) -> None:
    Setting.delete().where(Setting.key == f"{UNFINISHED}{batch_id}").execute()
