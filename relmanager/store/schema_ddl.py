"""The schema's SQL that peewee's models do not say: the sync change table, the uid
indexes, the full-text indexes with their triggers, and the occasion indexes; and the
two ways a bulk write sets those triggers aside.

Split out of ``migrations`` (which kept growing with every schema step): the steps and
``_create_fresh`` say *when* each piece is created, this module *what* it is, so the
importer and the demo generator, which only need the search triggers, no longer import
the upgrade machinery.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

#: Local edits waiting to be pushed; filled by triggers that exist only while sync is set
#: up (relmanager.store.sync_state), so an app that never syncs pays nothing for it.
SYNC_CHANGE_DDL = ("CREATE TABLE IF NOT EXISTS sync_change (kind TEXT NOT NULL, "
                   "local_id INTEGER NOT NULL, PRIMARY KEY (kind, local_id)) WITHOUT ROWID")
#: Synced interactions and follow-ups keep their uid on the row (pairings can be
#: forgotten and rows restored by undo; the uid still says which server entry they are).
UID_INDEXES = tuple(f'CREATE UNIQUE INDEX IF NOT EXISTS "{table}_uid" ON "{table}" ("uid") '
                    "WHERE uid IS NOT NULL" for table in ("interaction", "follow_up"))

#: Introductions sync too (schema 7): the same uid rule as interactions and follow-ups.
INTRO_UID_INDEX = ('CREATE UNIQUE INDEX IF NOT EXISTS "introduction_uid" ON "introduction" '
                   '("uid") WHERE uid IS NOT NULL')

# Full-text index over Contact.search_text: trigram tokens make substring search ("ann"
# finds "Joanna") an index lookup instead of a scan of 100,000 rows.
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_fts USING fts5("
    "search_text, content='contact', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS contact_fts_ai AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_fts_ad AFTER DELETE ON contact BEGIN "
    "INSERT INTO contact_fts(contact_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_fts_au AFTER UPDATE OF search_text ON contact "
    "BEGIN INSERT INTO contact_fts(contact_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contact_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
)


# Word-prefix index for queries shorter than a trigram: "jo" finds words starting with
# "jo" (Joanna, Jonas) through the prefix index instead of scanning every row.
WORDS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS contact_words USING fts5("
    "search_text, content='contact', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2')",
    "CREATE TRIGGER IF NOT EXISTS contact_words_ai AFTER INSERT ON contact BEGIN "
    "INSERT INTO contact_words(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_words_ad AFTER DELETE ON contact BEGIN "
    "INSERT INTO contact_words(contact_words, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS contact_words_au AFTER UPDATE OF search_text ON contact "
    "BEGIN INSERT INTO contact_words(contact_words, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO contact_words(rowid, search_text) VALUES (new.id, new.search_text); END",
)
INDEX_TRIGGERS = (
    "contact_fts_ai", "contact_fts_ad", "contact_fts_au",
    "contact_words_ai", "contact_words_ad", "contact_words_au",
)

#: Month-and-day keys of birthdays, meeting days, entry days and interactions, so that
#: today's occasions are an index lookup at 100,000 contacts (store.occasion_reads uses
#: exactly these expressions; a birthday is YYYY-MM-DD or --MM-DD, so its last five).
OCCASION_INDEXES = (
    'CREATE INDEX IF NOT EXISTS "contact_birthday_md" ON "contact" (substr("birthday", -5))',
    'CREATE INDEX IF NOT EXISTS "contact_met_on_md" ON "contact" (substr("met_on", 6, 5))',
    'CREATE INDEX IF NOT EXISTS "contact_created_md" ON "contact" (substr("created_at", 6, 5))',
    'CREATE INDEX IF NOT EXISTS "interaction_occurred_md" ON "interaction" '
    '(substr("occurred_at", 6, 5))',
)


@contextmanager
def dropped_search_triggers(db: pw.Database) -> Iterator[None]:
    """The full-text index triggers dropped for a bulk write that feeds the index itself,
    and put back on the way out. Run it inside the write's transaction: the DROP and the
    CREATE are transactional, so a rollback leaves the triggers exactly as they were."""
    for name in INDEX_TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        for statement in (*FTS_DDL[1:], *WORDS_DDL[1:]):
            db.execute_sql(statement)


@contextmanager
def suspended_search_index(db: pw.Database) -> Iterator[None]:
    """Bulk loads skip the per-row index triggers and rebuild the index once at the end,
    which is several times faster for 100,000 rows."""
    with dropped_search_triggers(db):
        yield
    db.execute_sql("INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')")
    db.execute_sql("INSERT INTO contact_words(contact_words) VALUES ('rebuild')")
