"""What a board card shows, read in one go off the UI thread, as frozen values.

The board's delegate paints from memory: a column's first cards come with the columns in
the page loader's worker read (:func:`load`), later pages from the same worker as they
scroll into view (:func:`cards`). Painting never reaches the database, so a paint costs
what the text and icons cost. Before this, each card's details were read through peewee
while Qt painted, on the UI thread: the board cost 4.4x its floor.

The SQL is plain (three statements per page, whatever its size: the contacts, their
tags, the richest channel used lately), and the rows become :class:`Card` values with no
model objects in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from relmanager.domain.stages import Stage, new_from_import
from relmanager.domain.warmth import DueDates, Warmth, warmth_at
from relmanager.store import board_queries, queries
from relmanager.store.in_lists import chunks, marks
from relmanager.store.models import database

#: "The richest channel used lately" looks back this far.
LATELY = timedelta(days=90)
#: Cards read with the columns, per column: about two screens of the tallest column.
FIRST_CARDS = 30

CONTACT_SQL = (
    "SELECT id, display_name, organisation, title, archived, last_interaction_at, "
    "cooling_at, cold_at, last_two_way_at, stage, import_batch_id "
    "FROM contact WHERE id IN ({marks})"
)
TAG_SQL = (
    "SELECT ct.contact_id, t.name FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id "
    "WHERE ct.contact_id IN ({marks}) ORDER BY t.name"
)
RICHEST_SQL = (
    "SELECT i.contact_id, c.key, min(c.richness) FROM interaction AS i "
    "JOIN channel AS c ON c.id = i.channel_id "
    "WHERE i.contact_id IN ({marks}) AND i.occurred_at >= ? GROUP BY i.contact_id"
)


@dataclass(frozen=True)
class Card:
    """One card: who, where they work, when last in touch, how warm, the richest channel
    used in the last 90 days and the tags. Frozen: painted from any thread's copy."""

    id: int
    display_name: str
    organisation: str
    title: str
    last_interaction_at: datetime | None
    #: None for contacts that never go cold (archived, or a stage without a cadence).
    due: DueDates | None
    tags: tuple[str, ...] = ()
    richest: str | None = None
    richest_rank: int | None = None
    #: The last two-way contact: what the card's corner counts days from (as warmth).
    last_two_way_at: datetime | None = None
    #: Brought in by an import and still in the Inbox (domain.stages.new_from_import).
    new_from_import: bool = False

    def warmth(self, now: datetime) -> Warmth:
        """Warmth at ``now``, by the domain's one rule (``warmth_at``)."""
        return warmth_at(now, self.due)

    @property
    def subtitle(self) -> str:
        return self.organisation or self.title or ""


@dataclass(frozen=True)
class BoardRead:
    """Everything the board shows after one worker read: the columns (counts, first ids),
    the first cards of each column, and the tag names for the filter."""

    columns: dict[Stage, board_queries.Column]
    cards: dict[int, Card]
    tags: list[str]
    #: How many of the unfiltered board are new from an import (the Inbox's button).
    imported: int = 0


def _dt(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _due(archived: object, cooling_at: object, cold_at: object) -> DueDates | None:
    cooling = _dt(cooling_at)
    if archived or cooling is None:
        return None
    return DueDates(cooling, _dt(cold_at) or datetime.max)


def cards(ids: Sequence[int], now: datetime) -> dict[int, Card]:
    """Cards for ``ids`` (those that still exist), three queries per chunk of ids."""
    result: dict[int, Card] = {}
    since = str(now - LATELY)
    for chunk in chunks(dict.fromkeys(ids)):
        listed = marks(len(chunk))
        tags: dict[int, list[str]] = {}
        for contact_id, name in database.execute_sql(TAG_SQL.format(marks=listed), chunk):
            tags.setdefault(contact_id, []).append(name)
        richest = {contact_id: (key, rank) for contact_id, key, rank in database.execute_sql(
            RICHEST_SQL.format(marks=listed), [*chunk, since])}
        for (contact_id, name, organisation, title, archived, last, cooling, cold, two_way,
             stage, batch) in database.execute_sql(CONTACT_SQL.format(marks=listed), chunk):
            key, rank = richest.get(contact_id, (None, None))
            result[contact_id] = Card(
                contact_id, name, organisation or "", title or "", _dt(last),
                _due(archived, cooling, cold), tuple(tags.get(contact_id, ())), key, rank,
                _dt(two_way), new_from_import(stage, batch is not None, bool(archived)))
    return result


def load(flt: queries.ContactFilter, now: datetime, first: int | None = None) -> BoardRead:
    """The board's whole read (run on its worker): columns, the first ``first`` cards
    (:data:`FIRST_CARDS`) of each column in one card read, and the tag names."""
    first = FIRST_CARDS if first is None else first
    columns = board_queries.columns(flt, now)
    wanted = [i for column in columns.values() for i in column.ids[:first]]
    unfiltered = flt._replace(new_from_import=False)
    return BoardRead(columns, cards(wanted, now), queries.tag_names(),
                     board_queries.new_from_import_count(unfiltered, now))
