"""Interaction counts per week and per month, by channel, sphere and stage, kept by triggers.

The overall timeline sums a million interactions: grouping them on every redraw takes
~450 ms in SQLite, so the sums are maintained as rows change instead (a few hundred
thousand small upserts' worth of work spread over the writes that cause them). Filters by
sphere and stage read the same table; a tag filter, which the rollup cannot know, falls
back to grouping the interactions themselves (see :mod:`relmanager.store.timeline_queries`).

A contact's interactions count under its *current* stage and sphere: moving a contact
moves its sums. A deleted contact's sums are removed before the delete cascades to its
interactions (SQLite runs the cascade after the contact row is gone).

An event with several people is one row per participant sharing a ``group_key``; it is
counted ONCE (``count(DISTINCT coalesce(group_key, id))``), through its *lead* row, the
participant's row with the lowest id. Its minutes are counted once too, and under a stage
or sphere filter it counts under its lead participant's stage and sphere. Deleting the
lead row hands the count to the next participant's row; a row put back below the lead
(an undone delete restores old ids) takes it over; so does a change of ``group_key``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

WEEK = "date({col}, '-6 days', 'weekday 1')"  # the Monday on or before
MONTH = "substr({col}, 1, 7)"
GRAINS = {"week": WEEK, "month": MONTH}

TABLE_DDL = (
    "CREATE TABLE IF NOT EXISTS interaction_rollup ("
    "grain TEXT NOT NULL, period TEXT NOT NULL, channel_id INTEGER NOT NULL, "
    "sphere TEXT NOT NULL, stage TEXT NOT NULL, n INTEGER NOT NULL, minutes INTEGER NOT NULL, "
    "PRIMARY KEY (grain, period, channel_id, sphere, stage)) WITHOUT ROWID"
)
UPSERT = (" ON CONFLICT (grain, period, channel_id, sphere, stage) DO UPDATE SET "
          "n = n + excluded.n, minutes = minutes + excluded.minutes")


def lead(row: str) -> str:
    """SQL true when ``row`` counts for its event: no group, or no row of its group with a
    lower id (the table's other rows; ``row`` may be OLD, already gone)."""
    return (f"({row}.group_key IS NULL OR NOT EXISTS (SELECT 1 FROM interaction AS g "
            f"WHERE g.group_key = {row}.group_key AND g.id < {row}.id))")


def _add(row: str, sign: str, contact: str = "c") -> str:
    """Statements adding (sign '+') or removing ('-') interaction ``row`` under its
    contact's stage and sphere, for both grains, when it is its event's lead row."""
    return "".join(
        f"INSERT INTO interaction_rollup (grain, period, channel_id, sphere, stage, n, minutes) "
        f"SELECT '{grain}', {expr.format(col=row + '.occurred_at')}, {row}.channel_id, "
        f"{contact}.sphere, {contact}.stage, {sign}1, {sign}{row}.minutes "
        f"FROM contact AS {contact} WHERE {contact}.id = {row}.contact_id AND {lead(row)}"
        f"{UPSERT}; "
        for grain, expr in GRAINS.items())


def _hand_over(row: str, sign: str, when: str = "1") -> str:
    """Statements for the row that is its group's lead apart from ``row``, when that row
    has a higher id than ``row``: adding it (sign '+') once ``row``, the lead, has left
    the group (the event still happened, with the others), or removing it ('-') once
    ``row`` has come in below it (a restored snapshot puts rows back with their old ids)."""
    return "".join(
        f"INSERT INTO interaction_rollup (grain, period, channel_id, sphere, stage, n, minutes) "
        f"SELECT '{grain}', {expr.format(col='n.occurred_at')}, n.channel_id, c.sphere, "
        f"c.stage, {sign}1, {sign}n.minutes FROM interaction AS n, contact AS c "
        f"WHERE {when} AND {row}.group_key IS NOT NULL AND c.id = n.contact_id "
        f"AND n.id = (SELECT min(m.id) FROM interaction AS m "
        f"WHERE m.group_key = {row}.group_key AND m.id != {row}.id) AND n.id > {row}.id"
        f"{UPSERT}; "
        for grain, expr in GRAINS.items())


def _move(contact: str, sign: str) -> str:
    """Statements adding or removing all of a contact's interactions under ``contact``'s
    (OLD or NEW) stage and sphere."""
    return "".join(
        f"INSERT INTO interaction_rollup (grain, period, channel_id, sphere, stage, n, minutes) "
        f"SELECT '{grain}', {expr.format(col='i.occurred_at')}, i.channel_id, {contact}.sphere, "
        f"{contact}.stage, {sign}count(*), {sign}sum(i.minutes) FROM interaction AS i "
        f"WHERE i.contact_id = {contact}.id AND {lead('i')} GROUP BY 2, 3{UPSERT}; "
        for grain, expr in GRAINS.items())


TRIGGERS = {
    "rollup_interaction_ai": ("AFTER INSERT ON interaction BEGIN " + _hand_over("NEW", "-")
                              + _add("NEW", "+") + "END"),
    "rollup_interaction_ad": ("AFTER DELETE ON interaction BEGIN " + _add("OLD", "-")
                              + _hand_over("OLD", "+") + "END"),
    "rollup_interaction_au": (
        "AFTER UPDATE OF occurred_at, channel_id, minutes, contact_id, group_key ON "
        "interaction BEGIN " + _add("OLD", "-")
        + _hand_over("OLD", "+", "OLD.group_key IS NOT NEW.group_key")
        + _hand_over("NEW", "-", "OLD.group_key IS NOT NEW.group_key")
        + _add("NEW", "+") + "END"),
    "rollup_contact_au": (
        "AFTER UPDATE OF stage, sphere ON contact "
        "WHEN OLD.stage IS NOT NEW.stage OR OLD.sphere IS NOT NEW.sphere BEGIN "
        + _move("OLD", "-") + _move("NEW", "+") + "END"),
    "rollup_contact_bd": "BEFORE DELETE ON contact BEGIN " + _move("OLD", "-") + "END",
}


def create(db: pw.Database) -> None:
    """The table and its triggers (idempotent), filled from the interactions."""
    db.execute_sql(TABLE_DDL)
    _create_triggers(db)
    rebuild(db)


def recreate(db: pw.Database) -> None:
    """Replace the triggers with the current ones and recompute the sums (a migration:
    ``CREATE TRIGGER IF NOT EXISTS`` would keep an older database's triggers)."""
    db.execute_sql(TABLE_DDL)
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    _create_triggers(db)
    rebuild(db)


def _create_triggers(db: pw.Database) -> None:
    for name, body in TRIGGERS.items():
        db.execute_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def _summed(grain: str, join: str, where: str, upsert: str = "") -> str:
    """The grouped sums of the interactions ``where`` selects (their lead rows), as one
    INSERT into the rollup: the per-row triggers' rule over many rows at once."""
    return ("INSERT INTO interaction_rollup (grain, period, channel_id, sphere, stage, n, "
            f"minutes) SELECT '{grain}', {GRAINS[grain].format(col='i.occurred_at')}, "
            "i.channel_id, c.sphere, c.stage, count(*), sum(i.minutes) FROM interaction AS i "
            f"{join} contact AS c ON c.id = i.contact_id WHERE {where} AND {lead('i')} "
            f"GROUP BY 2, 3, 4, 5{upsert}")


def rebuild(db: pw.Database) -> None:
    """Recompute every sum from the interactions (migrations, bulk loads, repair)."""
    db.execute_sql("DELETE FROM interaction_rollup")
    for grain in GRAINS:
        db.execute_sql(_summed(grain, "JOIN", "1"))


INSERT_TRIGGER = "rollup_interaction_ai"


@contextmanager
def appending(db: pw.Database, first_id: int) -> Iterator[None]:
    """A bulk write of new interactions (a capture run: 100,000 rows) adds their sums
    once, grouped, instead of four upserts per row from the insert trigger: the
    trigger's work was over half of that write. Inside one transaction: the trigger is
    dropped, the rows written, their sums added and the trigger put back (its own text,
    from the schema), so no other writer ever sees the table without it.

    Every row written in the block must have an id of ``first_id`` or more, above every
    existing id (what AUTOINCREMENT gives): then no existing row stops being its event's
    lead, and the new rows' sums are :func:`rebuild`'s over ``id >= first_id`` (a
    parity test holds the two to the trigger's result)."""
    if not db.in_transaction():
        raise RuntimeError("rollup.appending needs the caller's transaction")
    (last,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM interaction").fetchone()
    if first_id <= last:
        raise ValueError(f"appended ids must start above {last}, not at {first_id}")
    (trigger,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                "AND name = ?", (INSERT_TRIGGER,)).fetchone()
    db.execute_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    try:
        yield
        for grain in GRAINS:  # the new rows first: a full scan of contacts was 3x slower
            db.execute_sql(_summed(grain, "CROSS JOIN", "i.id >= ?", UPSERT), (first_id,))
    finally:
        db.execute_sql(trigger)


@contextmanager
def suspended(db: pw.Database) -> Iterator[None]:
    """Bulk loads (the demo generator) skip the per-row triggers and rebuild once."""
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        _create_triggers(db)
        rebuild(db)
