"""Keeping the denormalised columns of Contact true, in SQL.

One implementation serves a single edited contact and a 100,000-contact bulk update
(demo data, imports, a changed stage cadence): an UPDATE over ``WHERE id IN (...)`` or
over everything. Python loops over rows would take seconds at that size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from relmanager.domain import contact_fields
from relmanager.domain.stages import Stage
from relmanager.domain.text import fold
from relmanager.domain.warmth import is_tracked
from relmanager.store.in_lists import chunks, marks
from relmanager.store.models import database
from relmanager.store.settings import stage_cadences


def register_functions(db: object) -> None:
    """SQL functions the denormalisation needs; called for every opened database."""
    db.register_function(fold, "rm_fold", 1)  # type: ignore[attr-defined]


def _run(sql: str, ids: Iterable[int] | None) -> None:
    with database.atomic():
        if ids is None:
            database.execute_sql(sql.format(where="1"))
            return
        for batch in chunks(map(int, ids)):
            where = f"id IN ({marks(len(batch))})"
            database.execute_sql(sql.format(where=where), batch)


# The searchable fields come from the one field table (relmanager.domain.contact_fields),
# then the e-mail addresses and tags.
SEARCH_SQL = """
UPDATE contact SET search_text = rm_fold(
    """ + " || ' ' || ".join(contact_fields.SEARCHABLE) + """ || ' '
    || coalesce((SELECT group_concat(email, ' ') FROM contact_email
                 WHERE contact_email.contact_id = contact.id), '') || ' '
    || coalesce((SELECT group_concat(tag.name, ' ') FROM contact_tag
                 JOIN tag ON tag.id = contact_tag.tag_id
                 WHERE contact_tag.contact_id = contact.id), ''))
WHERE {where}
"""


def refresh_search_text(ids: Iterable[int] | None = None) -> None:
    """Rebuild the search text (name, organisation, emails, tags, notes) of contacts."""
    _run(SEARCH_SQL, ids)


#: The full-text indexes over ``search_text`` (see schema_ddl.FTS_DDL and WORDS_DDL).
SEARCH_INDEXES = ("contact_fts", "contact_words")


def index_new_contacts(ids: Sequence[int]) -> None:
    """Fill in the search text of contacts written while the index triggers were dropped
    (schema_ddl.dropped_search_triggers) and add it to both full-text indexes, 900 rows
    per statement. With the triggers, every new row went into each index three times
    (empty on insert, then out and in again when its text was filled in)."""
    refresh_search_text(ids)
    for table in SEARCH_INDEXES:
        _run(f"INSERT INTO {table}(rowid, search_text) SELECT id, search_text FROM contact "
             "WHERE {where}", ids)


LAST_SQL = """
UPDATE contact SET
    last_interaction_at = (SELECT max(occurred_at) FROM interaction
                           WHERE interaction.contact_id = contact.id),
    last_two_way_at = (SELECT max(i.occurred_at) FROM interaction i
                       JOIN channel c ON c.id = i.channel_id
                       WHERE i.contact_id = contact.id AND c.two_way  -- is_two_way
                       AND NOT EXISTS (SELECT 1 FROM capture_item ci
                                       WHERE ci.interaction_id = i.id AND NOT ci.two_way)),
    last_channel_id = (SELECT i.channel_id FROM interaction i
                       WHERE i.contact_id = contact.id
                       ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1)
WHERE {where}
"""


def refresh_last_interaction(ids: Iterable[int] | None = None) -> None:
    """Recompute last interaction, last two-way interaction and last channel from the
    interactions themselves (after a delete, an undo, an import). Two-way is
    ``domain.channels.is_two_way`` (the channel's ``two_way`` flag), parity-tested; a
    captured e-mail only received (capture_item.two_way false) is an interaction but not
    two-way contact: relmanager.domain.capture says why."""
    _run(LAST_SQL, ids)


def _due_sql() -> str:
    """An UPDATE whose CASE carries each stage's cadence as literals."""
    cadences = stage_cadences()
    ideal_cases, max_cases = [], []
    # Only relationship stages have a cadence (settings.set_stage_cadence refuses others).
    for stage, cadence in cadences.items():
        ratio = cadence.max_days / cadence.ideal_days
        ideal_cases.append(f"WHEN '{stage.value}' THEN {cadence.ideal_days}")
        max_cases.append(
            f"WHEN '{stage.value}' THEN CASE WHEN cadence_days IS NULL THEN "
            f"{cadence.max_days} ELSE max(cadence_days, "
            f"CAST(round(cadence_days * {ratio:.6f}) AS INTEGER)) END"
        )
    tracked = ",".join(f"'{s.value}'" for s in cadences if is_tracked(s))
    # Counted from the last two-way interaction, or from when the contact entered the
    # network (met, or added: an old LinkedIn connection imported today starts today).
    anchor = (
        "max(coalesce(last_two_way_at, ''), coalesce(met_on || ' 00:00:00', ''), created_at)"
    )
    ideal = f"coalesce(cadence_days, CASE stage {' '.join(ideal_cases)} END)"
    maximum = f"CASE stage {' '.join(max_cases)} END"
    return f"""
UPDATE contact SET
    cooling_at = CASE WHEN archived OR stage NOT IN ({tracked}) THEN NULL
        ELSE datetime({anchor}, '+' || {ideal} || ' days') END,
    cold_at = CASE WHEN archived OR stage NOT IN ({tracked}) THEN NULL
        ELSE datetime({anchor}, '+' || {maximum} || ' days') END
WHERE {{where}}
"""


def refresh_due_dates(ids: Iterable[int] | None = None) -> None:
    """Recompute when contacts turn cooling and cold, from their stage's cadence (or
    their own override) counted from the last two-way interaction or when met."""
    _run(_due_sql(), ids)


def refresh_all(ids: Iterable[int]) -> None:
    """Every denormalised column of ``ids`` (a merge's survivor, the contacts an undone
    merge brings back)."""
    ids = list(ids)
    refresh_search_text(ids)
    refresh_last_interaction(ids)
    refresh_due_dates(ids)


__all__ = [
    "Stage",
    "index_new_contacts",
    "refresh_all",
    "refresh_due_dates",
    "refresh_last_interaction",
    "refresh_search_text",
    "register_functions",
]
