"""Reads for the stage board: each column's first cards and count, further pages on
demand (card data: :mod:`relmanager.store.board_cards`).

A column loads its first :data:`PAGE_IDS` ids (by name) and its count from the
``(stage, archived, sort_name)`` index, and the rest a page at a time as it scrolls, by
key (name, id) rather than OFFSET, so the 40,000th card costs what the first did. The
whole board at 100,000 contacts opens in a few milliseconds of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import peewee as pw

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.store import queries
from relmanager.store.in_lists import chunks
from relmanager.store.models import Contact, database

#: Ids per column read (the first page with the columns, then as it scrolls): about five
#: screens of cards. Each id is a row Qt's list lays out (one Python ``rowCount`` call per
#: row per layout, and a first show lays out twice): 300 made the board's first show
#: spend ~2 ms of UI thread on ids no one sees yet.
PAGE_IDS = 60


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
    narrowed = flt._replace(new_from_import=True)
    return Contact.select().where(queries.where_clause(narrowed, now)).count()


#: Stands for the stage in the first pages' statement, built once per read (peewee took
#: ~0.4 ms of the worker's Python, holding the interpreter lock, to build each of the
#: seven, while the UI thread built the page).
_STAGE_MARK = "\x00board stage\x00"


def _first_pages(flt: queries.ContactFilter, now: datetime) -> Callable[[Stage], list]:
    """``page(flt, now, stage)`` for any stage: the same statement, built once."""
    condition = queries.where_clause(flt, now) & (Contact.stage == _STAGE_MARK)
    sql, params = (Contact.select(Contact.id, Contact.sort_name).where(condition)
                   .order_by(Contact.sort_name, Contact.id).limit(PAGE_IDS)).sql()
    marks = [i for i, value in enumerate(params) if value == _STAGE_MARK]
    if len(marks) != 1:  # a filter value is the stand-in: each page built as it is
        return lambda stage: page(flt, now, stage)

    def first_page(stage: Stage) -> list:
        bound = list(params)
        bound[marks[0]] = stage.value
        return list(database.execute_sql(sql, bound))

    return first_page


def columns(flt: queries.ContactFilter, now: datetime) -> dict[Stage, Column]:
    """Every board column under ``flt``: counts and first pages (archived contacts never
    show on the board)."""
    counts = dict(Contact.select(Contact.stage, pw.fn.count(Contact.id))
                  .where(queries.where_clause(flt, now)).group_by(Contact.stage).tuples())
    first_page = _first_pages(flt, now)
    result = {}
    for stage in BOARD_ORDER:
        column = Column(stage, total=counts.get(stage.value, 0))
        if column.total:
            rows = first_page(stage)
            column.ids = [r[0] for r in rows]
            column.keys = [r[1] for r in rows]
        result[stage] = column
    return result


def sort_keys(ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(stage, sort key) of each id, for moving cards between columns at once."""
    found: dict[int, tuple[str, str]] = {}
    for chunk in chunks(ids):
        for contact_id, stage, key in (Contact.select(Contact.id, Contact.stage,
                                                      Contact.sort_name)
                                       .where(Contact.id.in_(chunk)).tuples()):
            found[contact_id] = (stage, key)
    return found
