"""Reads for the stage board: each column's first cards and count, further pages on
demand, and card data for the few cards on screen.

A column loads its first :data:`PAGE_IDS` ids (by name) and its count from the
``(stage, archived, sort_name)`` index, and the rest a page at a time as it scrolls, by
key (name, id) rather than OFFSET, so the 40,000th card costs what the first did. The
whole board at 100,000 contacts opens in a few milliseconds of queries.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import peewee as pw

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.store import queries
from relmanager.store.models import Contact, database

#: "The richest channel used lately" looks back this far.
LATELY = timedelta(days=90)
PAGE_IDS = 300

RICHEST_SQL = (
    "SELECT i.contact_id, c.key, min(c.richness) FROM interaction AS i "
    "JOIN channel AS c ON c.id = i.channel_id "
    "WHERE i.contact_id IN ({marks}) AND i.occurred_at >= ? GROUP BY i.contact_id"
)


@dataclass
class Column:
    """One stage's cards loaded so far, in board order, with their sort keys (to load the
    next page and to place a moved card), and how many match in all."""

    stage: Stage
    ids: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def complete(self) -> bool:
        return len(self.ids) >= self.total


def page(flt: queries.ContactFilter, now: datetime, stage: Stage,
         after: tuple[str, int] | None = None, limit: int | None = None
         ) -> list[tuple[int, str]]:
    """Up to ``limit`` (id, sort key) of ``stage`` under ``flt``, after ``after``."""
    condition = queries.where_clause(flt, now) & (Contact.stage == stage.value)
    if after is not None:
        condition &= pw.Tuple(Contact.sort_name, Contact.id) > pw.Tuple(*after)
    query = (Contact.select(Contact.id, Contact.sort_name).where(condition)
             .order_by(Contact.sort_name, Contact.id).limit(limit or PAGE_IDS))
    sql, params = query.sql()
    return list(database.execute_sql(sql, params))


def new_from_import_count(flt: queries.ContactFilter, now: datetime) -> int:
    """How many of the contacts ``flt`` shows are new from an import (in the Inbox)."""
    narrowed = dataclasses.replace(flt, new_from_import=True)
    return Contact.select().where(queries.where_clause(narrowed, now)).count()


def columns(flt: queries.ContactFilter, now: datetime) -> dict[Stage, Column]:
    """Every board column under ``flt``: counts and first pages (archived contacts never
    show on the board)."""
    counts = dict(Contact.select(Contact.stage, pw.fn.count(Contact.id))
                  .where(queries.where_clause(flt, now)).group_by(Contact.stage).tuples())
    result = {}
    for stage in BOARD_ORDER:
        column = Column(stage, total=counts.get(stage.value, 0))
        if column.total:
            rows = page(flt, now, stage)
            column.ids = [r[0] for r in rows]
            column.keys = [r[1] for r in rows]
        result[stage] = column
    return result


def sort_keys(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(stage, sort key) of each id, for moving cards between columns at once."""
    found: dict[int, tuple[str, str]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        for contact_id, stage, key in (Contact.select(Contact.id, Contact.stage,
                                                      Contact.sort_name)
                                       .where(Contact.id.in_(chunk)).tuples()):
            found[contact_id] = (stage, key)
    return found


def cards(ids: Sequence[int], now: datetime) -> dict[int, dict[str, Any]]:
    """Card data: the list's row data plus the richest channel used in the last 90 days."""
    rows = queries.rows_for(ids)
    since = str(now - LATELY)
    ids = list(ids)
    for row in rows.values():
        row["richest"] = None
        row["richest_rank"] = None
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        sql = RICHEST_SQL.format(marks=",".join("?" * len(chunk)))
        for contact_id, key, rank in database.execute_sql(sql, [*chunk, since]):
            if contact_id in rows:
                rows[contact_id]["richest"] = key
                rows[contact_id]["richest_rank"] = rank
    return rows
