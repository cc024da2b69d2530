"""The triggers that queue local edits for sync, derived from the field tables, and kept
current on every open.

They exist only while sync is set up (relmanager.store.sync_state enables and disables
them). ``CREATE TRIGGER IF NOT EXISTS`` alone would keep a trigger written by an older
version for ever, so a field added since would never sync on an existing install:
:func:`refresh` compares each live trigger's text with the one the spec gives and
re-creates the ones that differ. This module is light (no peewee models) because it runs
on every open.
"""

from __future__ import annotations

import peewee as pw

from relmanager.domain.contact_fields import TRACKED_COLUMNS

KINDS = ("contact", "interaction", "follow_up", "introduction")
#: Columns whose update queues the row; the contact's come from the one field table.
TRACKED: dict[str, tuple[str, ...]] = {
    "contact": TRACKED_COLUMNS,
    "interaction": ("contact_id", "occurred_at", "channel_id", "exchange", "initiated_by",
                    "minutes", "note"),
    "follow_up": ("title", "due_at", "done_at", "note", "contact_id"),
    "introduction": ("requester_id", "target_id", "introducer_id", "reason_requester",
                     "reason_target", "status", "requested_at", "consent_asked_at",
                     "consent_given_at", "declined_at", "made_at", "followed_up_at",
                     "closed_at", "follow_up_due_at", "outcome", "note"),
}
CHILDREN = ("contact_email", "contact_phone", "contact_link", "contact_tag")
#: The trigger that says tracking is on.
MARKER = "sync_contact_au"
#: The last text and base of entries the server lost while they were changed here (deleted
#: there by another client, kept here by the edit), by kind and uid: the entry goes back
#: as a new one, patched into this text (its UID, and every property Relmanager does not
#: model, as the other client last stored them), not rebuilt from Relmanager's fields
#: (relmanager.store.sync_pairs). Here because the deletion triggers below empty it: a
#: row deleted here before its revival went up is not revived, and its text would stay.
LEFT_DDL = ("CREATE TABLE IF NOT EXISTS sync_left (kind TEXT NOT NULL, uid TEXT NOT NULL, "
            "text TEXT NOT NULL, base_json TEXT, PRIMARY KEY (kind, uid)) WITHOUT ROWID")


def triggers() -> list[tuple[str, str]]:
    """(name, body) of every change-tracking trigger; the body follows the name in
    ``CREATE TRIGGER name body`` (which is also how SQLite stores it)."""
    found = [(f"sync_{kind}_au",
              f"AFTER UPDATE OF {', '.join(TRACKED[kind])} ON {kind} BEGIN "
              f"INSERT OR IGNORE INTO sync_change VALUES ('{kind}', new.id); END")
             for kind in KINDS]
    for table in CHILDREN:
        for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
            found.append((f"sync_{table}_{event[:3].lower()}",
                          f"AFTER {event} ON {table} BEGIN INSERT OR IGNORE INTO sync_change "
                          f"VALUES ('contact', {row}.contact_id); END"))
    found += relation_triggers()
    for kind in KINDS:
        # A deleted row's conflicts go with it (SQLite reuses the highest id: they must
        # never land on the next row created), and so does the text kept for its revival
        # (a row deleted here is not sent back: nothing would ever read it again).
        found.append((f"sync_{kind}_ad",
                      f"AFTER DELETE ON {kind} BEGIN UPDATE sync_item SET "
                      f"local_id = NULL, state = 'deleted' WHERE kind = '{kind}' AND "
                      f"local_id = old.id; DELETE FROM sync_conflict WHERE kind = '{kind}' "
                      f"AND local_id = old.id; DELETE FROM sync_left WHERE kind = '{kind}' "
                      f"AND uid = old.uid; END"))
    return found


def relation_triggers() -> list[tuple[str, str]]:
    """An entered relation is written on BOTH people's cards (each card lists its
    relations), so adding, removing or changing one queues both contacts; an update
    that moves it queues the people it left too."""
    found = []
    for event, rows in (("INSERT", ("new",)), ("DELETE", ("old",)),
                        ("UPDATE", ("old", "new"))):
        marks = " ".join(f"INSERT OR IGNORE INTO sync_change VALUES ('contact', "
                         f"{row}.{column});"
                         for row in rows for column in ("contact_id", "other_id"))
        found.append((f"sync_contact_relation_{event[:3].lower()}",
                      f"AFTER {event} ON contact_relation BEGIN {marks} END"))
    return found


def live(db: pw.Database) -> dict[str, str]:
    """The change-tracking triggers in ``db``: name -> stored SQL."""
    rows = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                          "AND name LIKE 'sync\\_%' ESCAPE '\\'").fetchall()
    return dict(rows)


def create(db: pw.Database) -> None:
    """Create the missing triggers and re-create the stale ones (run in a transaction).
    The table the deletion triggers empty comes first: a database whose tracking was
    set up before it existed gets these triggers on open (:func:`refresh`), before any
    sync run makes it, and a deletion would fail on the missing table."""
    db.execute_sql(LEFT_DDL)
    present = live(db)
    for name, body in triggers():
        wanted = f"CREATE TRIGGER {name} {body}"
        if present.get(name) == wanted:
            continue
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        db.execute_sql(wanted)


def drop(db: pw.Database) -> None:
    for name, _body in triggers():
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def refresh(db: pw.Database) -> bool:
    """On open: when tracking is on and a trigger differs from the spec (a field added
    or removed since it was written), re-create them; True when something was rewritten.
    One read of sqlite_master otherwise."""
    present = live(db)
    if MARKER not in present:
        return False
    if all(present.get(name) == f"CREATE TRIGGER {name} {body}" for name, body in triggers()):
        return False
    with db.atomic():
        create(db)
    return True
