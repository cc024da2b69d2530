"""Which local row is which server entry: the pairings (href, ETag, the fields both sides
last agreed on) and the text of each entry as the server has it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from relmanager.store.change_tracking import LEFT_DDL, MARKER
from relmanager.store.in_lists import rows_in
from relmanager.store.models import SyncItem, database

Fields = dict[str, Any]


#: The text of each entry as last fetched from (or sent to) the server, by href. A change
#: made here is patched into it (relmanager.interchange.card_patch), so the properties other clients
#: store and Relmanager does not model survive. Created on demand (like the triggers):
#: an app that never syncs has no such table.
RAW_DDL = ("CREATE TABLE IF NOT EXISTS sync_raw (href TEXT PRIMARY KEY NOT NULL, "
           "text TEXT NOT NULL) WITHOUT ROWID")


# sync_left (change_tracking.LEFT_DDL): the last text and base of entries the server lost
# while they were changed here, kept by kind and uid for their revival; its rows go when
# the revival is paired (record_pairing) or the row is deleted here (the triggers).


def ensure_tables() -> None:
    database.execute_sql(RAW_DDL)
    database.execute_sql(LEFT_DDL)


def raw_of(href: str) -> str | None:
    row = database.execute_sql("SELECT text FROM sync_raw WHERE href = ?", (href,)).fetchone()
    return row[0] if row is not None else None


def set_raw(href: str, text: str) -> None:
    database.execute_sql("INSERT OR REPLACE INTO sync_raw VALUES (?, ?)", (href, text))


def item_by_href(href: str) -> SyncItem | None:
    return SyncItem.get_or_none(SyncItem.href == href)


def item_for(kind: str, local_id: int) -> SyncItem | None:
    return SyncItem.get_or_none((SyncItem.kind == kind) & (SyncItem.local_id == local_id))


def item_by_uid(kind: str, uid: str) -> SyncItem | None:
    return SyncItem.get_or_none((SyncItem.kind == kind) & (SyncItem.uid == uid))


def base_of(item: SyncItem | None) -> Fields | None:
    return json.loads(item.base_json) if item is not None and item.base_json else None


def record_pairing(kind: str, local_id: int | None, uid: str, href: str, etag: str,
                   base: Fields | None, state: str = "synced", raw: str | None = None) -> None:
    """Pair a row with a server entry (replacing older pairings of the uid or href);
    ``raw`` is the entry's text as the server has it now."""
    old = SyncItem.select(SyncItem.href).where(((SyncItem.kind == kind) & (SyncItem.uid == uid))
                                               | (SyncItem.href == href))
    for row in old:
        if row.href != href:
            database.execute_sql("DELETE FROM sync_raw WHERE href = ?", (row.href,))
    SyncItem.delete().where(((SyncItem.kind == kind) & (SyncItem.uid == uid))
                            | (SyncItem.href == href)).execute()
    if raw is not None:  # paired with its text: a text kept for its revival is done with
        set_raw(href, raw)
        database.execute_sql("DELETE FROM sync_left WHERE kind = ? AND uid = ?", (kind, uid))
    SyncItem.create(kind=kind, local_id=local_id, uid=uid, href=href, etag=etag or "",
                    base_json=json.dumps(base) if base is not None else None, state=state)


def deleted_items(kind: str) -> list[SyncItem]:
    return list(SyncItem.select().where((SyncItem.kind == kind) &
                                        (SyncItem.state == "deleted")))


def pending_hrefs(kinds: Sequence[str]) -> list[str]:
    return [i.href for i in SyncItem.select(SyncItem.href).where(
        SyncItem.kind.in_(list(kinds)) & (SyncItem.state == "pending"))]


def known_hrefs(kinds: Sequence[str]) -> dict[str, str]:
    return {i.href: i.etag for i in SyncItem.select(SyncItem.href, SyncItem.etag).where(
        SyncItem.kind.in_(list(kinds)))}


def leave_behind(item: SyncItem) -> None:
    """Forget the pairing of an entry deleted on the server but changed here (so sent
    again as a new entry), keeping its last text and base for :func:`left_behind`."""
    raw = raw_of(item.href)
    forget(item.href)
    if raw is not None:
        database.execute_sql("INSERT OR REPLACE INTO sync_left VALUES (?, ?, ?, ?)",
                             (item.kind, item.uid, raw, item.base_json))


def kept_texts(kind: str, rows: Sequence[dict[str, Any]]) -> list[tuple[str, str, str, str | None]]:
    """(kind, uid, text, base JSON) of what the server last had for ``rows`` of ``kind``
    about to be deleted here (dicts with their ``id`` and ``uid``): the paired entry's text,
    or the one kept for its revival. A deletion that is undone gives them back
    (:func:`keep_for_revival`), so the row returns to the server patched into the text
    other clients wrote, not rebuilt from Relmanager's fields (sync has DELETEd the entry
    meanwhile, or the deletion emptied ``sync_left``). Nothing before sync is set up."""
    if not rows or not _tracking():
        return []
    ensure_tables()  # a database tracked by a version before the texts were kept
    ids = [row["id"] for row in rows]
    uids = [row["uid"] for row in rows if row.get("uid")]
    found: dict[str, tuple[str, str, str, str | None]] = {}
    for uid, text, base in rows_in(
            "SELECT uid, text, base_json FROM sync_left WHERE kind = ? AND uid IN ({marks})",
            uids, lambda part: [kind, *part]):
        found[uid] = (kind, uid, text, base)
    for uid, text, base in rows_in(
            "SELECT i.uid, r.text, i.base_json FROM sync_item AS i JOIN sync_raw AS r "
            "ON r.href = i.href WHERE i.kind = ? AND i.state = 'synced' AND "
            "i.local_id IN ({marks})", ids, lambda part: [kind, *part]):
        found[uid] = (kind, uid, text, base)
    return list(found.values())


def keep_for_revival(texts: Sequence[tuple[str, str, str, str | None]]) -> None:
    """Deleted rows are back (an undo): their server texts (:func:`kept_texts`) are kept
    as a revival's, by kind and uid, where the uid has no pairing any more (DELETEd
    there: it goes back as a new entry patched into its text, engine ``_prepare``). One
    still paired (the deletion not synced yet, or a group event's entry that went on
    with its next row) is paired again as it was; one whose DELETE is on its way is kept
    by the sync itself (engine ``_push``). Kept only while sync is on: a later set-up
    starts afresh."""
    if texts and _tracking():
        ensure_tables()
        for kind, uid, text, base in texts:
            database.execute_sql(
                "INSERT OR REPLACE INTO sync_left SELECT ?, ?, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sync_item WHERE kind = ? AND uid = ?)",
                (kind, uid, text, base, kind, uid))


def _tracking() -> bool:
    """Sync is set up: its triggers are there (and with them sync_raw and sync_left)."""
    return database.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND "
                                "name = ?", (MARKER,)).fetchone() is not None


def left_behind(kind: str, uid: str) -> tuple[str, Fields | None] | None:
    """(the text, the base) an entry of ``uid`` had when the server lost it, or None."""
    row = database.execute_sql("SELECT text, base_json FROM sync_left WHERE kind = ? AND "
                               "uid = ?", (kind, uid)).fetchone()
    return None if row is None else (row[0], json.loads(row[1]) if row[1] else None)


def forget(href: str) -> None:
    SyncItem.delete().where(SyncItem.href == href).execute()
    database.execute_sql("DELETE FROM sync_raw WHERE href = ?", (href,))

