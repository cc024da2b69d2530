"""Reads for the stage board: every column's ids in one pass, and card data for the few
cards on screen.

The ids come as (id, stage, sort key) in one indexed query, split by stage in Python
(~100,000 small tuples in well under the board's 150 ms budget, and off the UI thread);
card details are fetched a page at a time, like the contact list's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.store import queries
from relmanager.store.models import Contact, database

#: "The richest channel used lately" looks back this far.
LATELY = timedelta(days=90)

RICHEST_SQL = (
    "SELECT i.contact_id, c.key, min(c.richness) FROM interaction AS i "
    "JOIN channel AS c ON c.id = i.channel_id "
    "WHERE i.contact_id IN ({marks}) AND i.occurred_at >= ? GROUP BY i.contact_id"
)


@dataclass
class Column:
    """One stage's cards in board order: ids with their sort keys (for placing a moved
    card without asking the database again)."""

    stage: Stage
    ids: list[int]
    keys: list[str]


def columns(flt: queries.ContactFilter, now: datetime) -> dict[Stage, Column]:
    """Every board column under ``flt`` (archived contacts never show on the board)."""
    result = {stage: Column(stage, [], []) for stage in BOARD_ORDER}
    query = (Contact.select(Contact.id, Contact.stage, Contact.sort_name)
             .where(queries.where_clause(flt, now)).order_by(Contact.sort_name, Contact.id))
    sql, params = query.sql()
    for contact_id, stage, key in database.execute_sql(sql, params):
        column = result.get(Stage(stage))
        if column is not None:
            column.ids.append(contact_id)
            column.keys.append(key)
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
