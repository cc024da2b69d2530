"""The contact list's values and its rows' SQL, without peewee: what the list names (its
filter, its sort keys) and how a page of rows is read, on any DB-API connection.

:mod:`relmanager.store.queries` reads through the store's connection with these; the
window's first page is read with them through ``sqlite3`` alone, before the store is
opened (:mod:`relmanager.store.first_look`), so that its first paint does not wait for
peewee's import (~95 M instructions with the standard library it brings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from relmanager.domain.stages import Stage
from relmanager.store.in_lists import chunks, marks

#: Runs one statement with its parameters and returns its rows (``execute_sql`` of the
#: store's database, or a ``sqlite3`` connection's ``execute``).
Execute = Callable[..., Iterable[Sequence[Any]]]


class WarmthFilter(StrEnum):
    ANY = "any"
    GOING_COLD = "going_cold"  # cooling or cold
    COLD = "cold"


#: Gives minus takes (asks and receives) of a group of interactions.
NET_SQL = "sum(exchange = 'give') - sum(exchange IN ('ask', 'receive'))"


class SortKey(StrEnum):
    NAME = "name"
    ORGANISATION = "organisation"
    STAGE = "stage"
    LAST_CONTACT = "last_contact"  # last two-way contact, what warmth counts from
    URGENCY = "urgency"  # most overdue first
    BOARD_STAGE = "board_stage"  # inbox, encounter .. intimacy, parked (board order)
    BALANCE = "balance"  # gives minus takes, people I only take from first


class ContactFilter(NamedTuple):
    """What the contact list (and the board) select: a value, changed by ``_replace``."""

    text: str = ""
    stages: Sequence[Stage] = ()
    sphere: str | None = None  # personal / business: "both" contacts match either
    tag: str | None = None
    warmth: WarmthFilter = WarmthFilter.ANY
    archived: bool | None = False  # None: archived and active
    ids: Sequence[int] | None = None
    extra: Sequence[Any] = ()  # more peewee expressions
    new_from_import: bool = False  # only imported contacts still in the Inbox


#: The first ``?`` ids of the default list (``ContactFilter()``, by name), as
#: ``queries.contact_ids`` writes it: the same text, so SQLite plans it alike and ties
#: of ``sort_name`` come in the same order (tests/store/test_first_look.py holds the two
#: to each other, text and answers).
DEFAULT_FIRST_IDS_SQL = ('SELECT "t1"."id" FROM "contact" AS "t1" WHERE (1 AND '
                         '("t1"."archived" = ?)) ORDER BY "t1"."sort_name" LIMIT ?')

ROW_FIELDS = ("id", "display_name", "organisation", "title", "stage", "sphere", "archived",
              "last_interaction_at", "last_two_way_at", "import_batch_id", "cooling_at",
              "cold_at", "last_channel", "last_channel_name", "last_richness", "last_kind",
              "last_channel_two_way")
ROWS_SQL = (
    "SELECT c.id, c.display_name, c.organisation, c.title, c.stage, c.sphere, c.archived, "
    "c.last_interaction_at, c.last_two_way_at, c.import_batch_id, c.cooling_at, c.cold_at, "
    "ch.key, ch.name, ch.richness, ch.kind, ch.two_way "
    "FROM contact AS c LEFT OUTER JOIN channel AS ch ON c.last_channel_id = ch.id "
    "WHERE c.id IN ({marks})"
)
EMAILS_SQL = ("SELECT contact_id, email FROM contact_email WHERE contact_id IN ({marks}) "
              "ORDER BY position")
TAGS_SQL = ("SELECT ct.contact_id, t.name FROM contact_tag AS ct JOIN tag AS t "
            "ON ct.tag_id = t.id WHERE ct.contact_id IN ({marks}) ORDER BY t.name")
NET_BY_CONTACT_SQL = (f"SELECT contact_id, {NET_SQL} FROM interaction WHERE contact_id IN "
                      "({marks}) AND exchange != 'neutral' GROUP BY contact_id")
TAG_NAMES_SQL = "SELECT name FROM tag ORDER BY name"


def when(value: Any) -> datetime | None:
    """A stored date and time as peewee's DateTimeField gives it back."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def rows_with(execute: Execute, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Row data for the visible contacts of a list: one query each for contacts,
    primary emails, tags and give/take, whatever the number of ids (chunked).

    Plain SQL on the raw cursor, with the dates and flags converted here: peewee's
    per-row iteration and conversion took three quarters of the time of a keystroke's
    200-row page (~50 ms against ~15 ms for the same SQL raw)."""
    result: dict[int, dict[str, Any]] = {}
    for chunk in chunks(ids):
        listed = marks(len(chunk))
        for values in execute(ROWS_SQL.format(marks=listed), chunk):
            row = dict(zip(ROW_FIELDS, values, strict=True))
            row["archived"] = bool(row["archived"])
            for key in ("last_interaction_at", "last_two_way_at", "cooling_at", "cold_at"):
                row[key] = when(row[key])
            if row["last_channel_two_way"] is not None:
                row["last_channel_two_way"] = bool(row["last_channel_two_way"])
            row["emails"] = []
            row["tags"] = []
            row["give_take"] = None
            result[row["id"]] = row
        for contact_id, email in execute(EMAILS_SQL.format(marks=listed), chunk):
            result[contact_id]["emails"].append(email)
        for contact_id, name in execute(TAGS_SQL.format(marks=listed), chunk):
            result[contact_id]["tags"].append(name)
        for contact_id, net in execute(NET_BY_CONTACT_SQL.format(marks=listed), chunk):
            if contact_id in result:
                result[contact_id]["give_take"] = net
    return result


def tag_names_with(execute: Execute) -> list[str]:
    """Every tag's name in order, for the tag filters and completions."""
    return [name for (name,) in execute(TAG_NAMES_SQL)]
