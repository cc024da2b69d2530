"""A backup's triggers and views are Relmanager's own, or it is not restored.

A trigger runs inside every write of the program that opens the file: a "backup" with
``AFTER INSERT ON contact BEGIN DELETE FROM interaction; END`` was restored, and the next
contact added wiped every interaction (and could rename everyone ``<b>pwned</b>``). The
schema has no views, and its triggers come from constants (the search indexes, the
timeline sums, sync's change tracking), so a backup is checked against them without
opening a database of our own: every trigger must carry one of our names, and in a
backup of the current schema, our exact text. Change-tracking triggers may be stale
(a field added since they were written) as long as the set is on: each open then
re-creates the ones that differ (:func:`relmanager.store.change_tracking.refresh`).
A backup of an older schema may hold older versions of our triggers; their names are
checked, and the migration steps replace what changed.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from relmanager.store import change_tracking, rollup
from relmanager.store.schema_ddl import FTS_DDL, WORDS_DDL

_IF_NOT_EXISTS = "CREATE TRIGGER IF NOT EXISTS "


@cache
def our_triggers() -> dict[str, str]:
    """name -> the SQL SQLite stores for it (``CREATE TRIGGER name body``)."""
    found: dict[str, str] = {}
    for statement in (*FTS_DDL, *WORDS_DDL):
        if statement.startswith(_IF_NOT_EXISTS):
            name, body = statement[len(_IF_NOT_EXISTS):].split(" ", 1)
            found[name] = f"CREATE TRIGGER {name} {body}"
    for name, body in rollup.TRIGGERS.items():
        found[name] = f"CREATE TRIGGER {name} {body}"
    for name, body in change_tracking.triggers():
        found[name] = f"CREATE TRIGGER {name} {body}"
    return found


def foreign_objects(conn: sqlite3.Connection, latest: bool) -> list[str]:
    """The backup's triggers and views that are not ours, as "trigger 'x'" (sorted);
    ``latest``: the backup is at this version's schema, so ours must be word for word."""
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master "
                        "WHERE type IN ('trigger', 'view')").fetchall()
    ours = our_triggers()
    tracking_on = any(name == change_tracking.MARKER for _type, name, _sql in rows)
    foreign = []
    for kind, raw_name, sql in rows:
        name = str(raw_name)
        shown = " ".join("".join(c if c.isprintable() else " " for c in name).split())[:60]
        wanted = ours.get(name) if kind == "trigger" else None
        if wanted is None:
            foreign.append(f"{kind} '{shown}'")
        elif latest and sql != wanted and not (
                tracking_on and name.startswith("sync_")):
            foreign.append(f"{kind} '{shown}' (not as Relmanager writes it)")
    return sorted(foreign)
