"""Hot read paths: the filtered, sorted contact list.

The list returns ids only (one indexed query, ~100k small ints); views fetch row data
for the handful of visible rows with :func:`rows_for`. The list's values (its filter,
its sort keys) and its rows' SQL live in :mod:`relmanager.store.contact_rows`, which
reads without peewee (the window's first page, store/first_look.py); they are named here
as well, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import peewee as pw

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.domain.text import search_terms
from relmanager.store.contact_rows import (
    NET_SQL,
    ContactFilter,
    SortKey,
    WarmthFilter,
    rows_with,
    tag_names_with,
)
from relmanager.store.in_lists import chunks
from relmanager.store.models import (
    Contact,
    ContactTag,
    Tag,
    database,
)

#: Distinct LIKE terms one search applies (see text_condition).
MAX_LIKE_TERMS = 50


def _like_escaped(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def text_condition(text: str) -> Any | None:
    """Every typed term must occur somewhere in the contact's search text.

    Terms of three or more characters match anywhere through the trigram index; shorter
    ones (which trigrams cannot index) match the start of a word through the word-prefix
    index: typing "jo" finds Joanna and Jonas, not every "major".
    """
    terms = search_terms(text)
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= 3]
    condition = None
    if long_terms:
        match = " AND ".join(_fts_phrase(t) for t in long_terms)
        condition = Contact.id.in_(pw.SQL(
            "(SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)", [match]))
    short_terms = [t for t in terms if len(t) < 3 and t.isalnum()]
    if short_terms:
        match = " AND ".join(f"{_fts_phrase(t)}*" for t in short_terms)
        words = Contact.id.in_(pw.SQL(
            "(SELECT rowid FROM contact_words WHERE contact_words MATCH ?)", [match]))
        condition = words if condition is None else condition & words
    # Short terms that are not words (":)", "%_") are matched by LIKE, one flat AND of at
    # most MAX_LIKE_TERMS distinct ones: a search of 500 such terms nested one peewee
    # expression per term (RecursionError) and 100 overflowed SQLite's parser stack, so
    # the list said "could not load" for a pasted text. Beyond the cap a term only
    # narrows what the others found, and none of them is one a person types.
    odd = list(dict.fromkeys(t for t in terms if len(t) < 3 and not t.isalnum()))
    if odd:
        odd = odd[:MAX_LIKE_TERMS]
        patterns = [f"%{_like_escaped(t)}%" for t in odd]
        like = pw.SQL("(" + " AND ".join(["search_text LIKE ? ESCAPE '\\'"] * len(odd)) + ")",
                      patterns)
        condition = like if condition is None else condition & like
    return condition


def where_clause(flt: ContactFilter, now: datetime) -> Any:
    conditions: list[Any] = []
    if flt.archived is not None:
        conditions.append(Contact.archived == flt.archived)
    if flt.stages:
        conditions.append(Contact.stage.in_([Stage(s).value for s in flt.stages]))
    if flt.sphere:
        conditions.append(Contact.sphere.in_([flt.sphere, "both"]))
    if flt.tag:
        conditions.append(Contact.id.in_(
            ContactTag.select(ContactTag.contact).join(Tag)
            .where(pw.fn.lower(Tag.name) == flt.tag.lower())))
    if flt.warmth is WarmthFilter.GOING_COLD:
        conditions.append(Contact.cooling_at <= now)
    elif flt.warmth is WarmthFilter.COLD:
        conditions.append(Contact.cold_at <= now)
    if flt.ids is not None:
        conditions.append(Contact.id.in_(list(flt.ids)))
    if flt.new_from_import:
        conditions.append(new_from_import_condition())
    text = text_condition(flt.text)
    if text is not None:
        conditions.append(text)
    conditions += flt.extra
    clause: Any = pw.SQL("1")
    for condition in conditions:
        clause = clause & condition
    return clause


def _board_rank() -> Any:
    """Stage as its board position, so sorting by stage reads encounter before intimacy."""
    return pw.Case(Contact.stage, [(s.value, i) for i, s in enumerate(BOARD_ORDER)], 99)


def _order(sort: SortKey, descending: bool) -> list[Any]:
    columns: dict[SortKey, list[Any]] = {
        SortKey.NAME: [Contact.sort_name],
        SortKey.ORGANISATION: [Contact.organisation, Contact.sort_name],
        SortKey.STAGE: [Contact.stage, Contact.sort_name],
        SortKey.LAST_CONTACT: [Contact.last_two_way_at, Contact.sort_name],
        SortKey.URGENCY: [Contact.cooling_at.is_null(), Contact.cooling_at, Contact.sort_name],
        SortKey.BOARD_STAGE: [_board_rank(), Contact.sort_name],
        SortKey.BALANCE: [pw.SQL(f"(SELECT coalesce({NET_SQL}, 0) FROM interaction "
                                 "WHERE interaction.contact_id = t1.id)"), Contact.sort_name],
    }
    cols = columns[sort]
    if descending:
        return [c.desc() for c in cols]
    return cols


def contact_ids(
    flt: ContactFilter,
    now: datetime,
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    limit: int | None = None,
) -> list[int]:
    query = (Contact.select(Contact.id).where(where_clause(flt, now))
             .order_by(*_order(sort, descending)))
    if limit is not None:
        query = query.limit(limit)
    sql, params = query.sql()
    # The raw cursor skips peewee's per-row conversion: 100k ids in a few milliseconds.
    return [row[0] for row in database.execute_sql(sql, params)]


def count(flt: ContactFilter, now: datetime) -> int:
    return Contact.select().where(where_clause(flt, now)).count()


def archived_of(contact_id: int) -> bool | None:
    """Whether one contact is archived; None when there is no such contact."""
    row = Contact.select(Contact.archived).where(Contact.id == contact_id).tuples().first()
    return None if row is None else bool(row[0])


def names_of(ids: Sequence[int]) -> dict[int, str]:
    """Display names of contacts (a status message names whom it is about; the duplicates
    dialog, everyone in its groups)."""
    return {cid: name for part in chunks(ids)
            for cid, name in Contact.select(Contact.id, Contact.display_name)
            .where(Contact.id.in_(part)).tuples()}


def rows_for(ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Row data for the visible contacts of a list (see ``contact_rows.rows_with``)."""
    return rows_with(database.execute_sql, ids)


def tag_names() -> list[str]:
    """Every tag's name in order, for the pages' tag filters."""
    return tag_names_with(database.execute_sql)


def database_counts() -> dict[str, int]:
    tables = ("contact", "interaction", "stage_change", "follow_up", "introduction", "tag")
    return {t: database.execute_sql(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def any_active_contact() -> bool:
    """Whether anyone is in the address book (not archived): an empty list then means "no
    one yet", not "well kept" (one indexed probe, not a count)."""
    row = database.execute_sql("SELECT EXISTS(SELECT 1 FROM contact WHERE archived = 0)")
    return bool(row.fetchone()[0])


def new_from_import_condition() -> Any:
    """``domain.stages.new_from_import`` in SQL: imported, still in the Inbox, and not
    archived (parity-tested).

    ``unlikely()`` tells the planner that few contacts are imported and unreviewed: after
    ANALYZE it read the Inbox's tens of thousands of rows through the stage index to find
    them (the board's count: 140-300 ms at 100k contacts) instead of the import-batch
    index (under 1 ms)."""
    return (pw.fn.unlikely(Contact.import_batch.is_null(False))
            & (Contact.stage == Stage.INBOX.value)
            & (Contact.archived == False))  # noqa: E712


def only_takes_condition() -> Any:
    """For ``ContactFilter.extra``: contacts the user has asked of or received from but
    never given to ("people I only take from"). One grouped pass over interactions; at a
    million interactions it takes a fraction of a second, so lists run it in a worker."""
    return Contact.id.in_(pw.SQL(
        "(SELECT contact_id FROM interaction GROUP BY contact_id "
        "HAVING sum(exchange = 'give') = 0 AND sum(exchange IN ('ask', 'receive')) > 0)"))
