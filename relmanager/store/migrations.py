"""Numbered, atomic schema migrations, each preceded by a file backup.

``PRAGMA user_version`` holds the schema version. A new database gets the current schema
at once; an older one is backed up with SQLite's online backup API, then walked through
``STEPS`` one version at a time, each step in its own transaction (SQLite DDL is
transactional, and so is ``user_version``), so a failure leaves the previous version
intact. A database from a newer version is refused rather than damaged.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from relmanager.domain.channels import BUILTIN_CHANNELS, ChannelSpec
from relmanager.domain.clock import Clock
from relmanager.paths import ensure_private_dir
from relmanager.store import change_tracking, encryption, rollup, schema_level, table_rebuild
from relmanager.store.errors import NewerSchemaError, StoreError
from relmanager.store.models import (
    ALL_MODELS,
    Channel,
    ContactRelation,
    SyncConflict,
    SyncItem,
    TieOverride,
)
from relmanager.store.schema_ddl import (
    FTS_DDL,
    INTRO_UID_INDEX,
    OCCASION_INDEXES,
    SYNC_CHANGE_DDL,
    UID_INDEXES,
    WORDS_DDL,
)
from relmanager.store.sync_scrub import scrub_sync_credentials

log = logging.getLogger(__name__)


def _channel_row(spec: ChannelSpec) -> dict[str, object]:
    return {"key": spec.key, "name": spec.name, "kind": spec.kind.value,
            "richness": spec.richness, "two_way": spec.two_way,
            "min_stage": spec.min_stage.value, "builtin": True}


def seed_channels(db: pw.Database) -> int:
    """Bring the built-in channels to the table in :mod:`relmanager.domain.channels`:
    missing ones are inserted, changed ones (a new name or rank) updated. Runs on every
    open (one read of a dozen rows; a write only when something differs), so a channel
    added in a release reaches an existing database. Returns the rows written."""
    with db.bind_ctx([Channel]):
        existing = {row["key"]: row for row in Channel.select(
            Channel.key, Channel.name, Channel.kind, Channel.richness, Channel.two_way,
            Channel.min_stage, Channel.builtin).dicts()}
        wanted = [_channel_row(spec) for spec in BUILTIN_CHANNELS]
        missing = [row for row in wanted if row["key"] not in existing]
        changed = [row for row in wanted if row["key"] in existing
                   and any(existing[row["key"]][k] != v for k, v in row.items())]
        if not missing and not changed:
            return 0
        with db.atomic():
            if missing:
                Channel.insert_many(missing).execute()
            for row in changed:
                Channel.update(**{k: v for k, v in row.items() if k != "key"}).where(
                    Channel.key == row["key"]).execute()
        return len(missing) + len(changed)


def _v1_to_v2(db: pw.Database) -> None:
    """Version 2: full-text search over contacts."""
    for statement in FTS_DDL:
        db.execute_sql(statement)
    db.execute_sql("INSERT INTO contact_fts(contact_fts) VALUES ('rebuild')")


def _v2_to_v3(db: pw.Database) -> None:
    """Version 3: word-prefix search for one- and two-letter queries."""
    for statement in WORDS_DDL:
        db.execute_sql(statement)
    db.execute_sql("INSERT INTO contact_words(contact_words) VALUES ('rebuild')")


def _v3_to_v4(db: pw.Database) -> None:
    """Version 4: weekly and monthly interaction sums for the timeline, kept by triggers."""
    rollup.create(db)


def _v4_to_v5(db: pw.Database) -> None:
    """Version 5: give/take per contact read from an index (the list's balance column)."""
    db.execute_sql('CREATE INDEX IF NOT EXISTS "interaction_contact_id_exchange" '
                   'ON "interaction" ("contact_id", "exchange")')


def _v5_to_v6(db: pw.Database) -> None:
    """Version 6: CardDAV/CalDAV sync state and the queue of local changes to push."""
    with db.bind_ctx([SyncItem, SyncConflict]):
        db.create_tables([SyncItem, SyncConflict])
    db.execute_sql(SYNC_CHANGE_DDL)
    for table in ("interaction", "follow_up"):
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "uid" VARCHAR(255)')
    for statement in UID_INDEXES:
        db.execute_sql(statement)


def _v6_to_v7(db: pw.Database) -> None:
    """Version 7: introductions get a uid, so they sync like interactions."""
    db.execute_sql('ALTER TABLE "introduction" ADD COLUMN "uid" VARCHAR(255)')
    db.execute_sql(INTRO_UID_INDEX)


def _v7_to_v8(db: pw.Database) -> None:
    """Version 8: relations between contacts, tie strengths set by hand, and the
    channel in the (contact, occurred_at) index so tie strength reads no table rows."""
    with db.bind_ctx([ContactRelation, TieOverride]):
        db.create_tables([ContactRelation, TieOverride])
    db.execute_sql('DROP INDEX IF EXISTS "interaction_contact_id_occurred_at"')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "interaction_contact_id_occurred_at_channel_id" '
                   'ON "interaction" ("contact_id", "occurred_at", "channel_id")')


def capture_tables(db: pw.Database) -> None:
    """Capture batches and items (issue 24): where each captured interaction came from.
    Its own function, called by a fresh database too, so the step can be renumbered."""
    from relmanager.store.capture_models import CAPTURE_MODELS

    with db.bind_ctx(CAPTURE_MODELS):
        db.create_tables(CAPTURE_MODELS)


def group_rollup(db: pw.Database) -> None:
    """The timeline's sums count a group event once (issue 24, h24g): the rollup triggers
    are replaced and the sums recomputed. Idempotent; called by a fresh database too, so
    the step can be renumbered."""
    rollup.recreate(db)


def upcoming_events_and_occasions(db: pw.Database) -> None:
    """Upcoming calendar events with their known attendees (meeting briefs), and the
    month-day indexes of occasions (issue 24, items 6 and 7). Idempotent, its own
    function so the step can be renumbered."""
    from relmanager.store.upcoming_models import UPCOMING_MODELS

    with db.bind_ctx(UPCOMING_MODELS):
        db.create_tables(UPCOMING_MODELS)
    for statement in OCCASION_INDEXES:
        db.execute_sql(statement)


def autoincrement_ids(db: pw.Database) -> None:
    """Ids that are never given twice (issue 22): the tables whose rows an undo puts back
    with their ids are rebuilt with ``AUTOINCREMENT`` (see
    :mod:`relmanager.store.table_rebuild`). A rebuild: :func:`upgrade` runs it with
    foreign keys off and checks them before the commit. Idempotent; a fresh database
    gets the keyword from the models and this finds nothing to do."""
    for table in table_rebuild.TABLES:
        table_rebuild.rebuild_with_autoincrement(db, table)


def compact_dismissed_duplicates(db: pw.Database) -> None:
    """'Not duplicates' as one entry per group (issue 22): the pairs older versions stored
    for a dismissed group (4.5 million for 3,000 people) become that group, once, here
    rather than on every read. Idempotent; a database without any has nothing to do."""
    from relmanager.domain.duplicates import compact_dismissed

    if "setting" not in db.get_tables():
        return
    row = db.execute_sql("SELECT value FROM setting WHERE key = ?",
                         (DISMISSED_DUPLICATES,)).fetchone()
    if not row:
        return
    try:
        stored = json.loads(row[0]) or []
    except ValueError:
        return  # not ours to repair here: the reader says it
    compact = compact_dismissed(stored)
    if compact != stored:
        db.execute_sql("UPDATE setting SET value = ? WHERE key = ?",
                       (json.dumps(compact), DISMISSED_DUPLICATES))


#: Settings key of the dismissed duplicates (store.duplicates.DISMISSED_KEY).
DISMISSED_DUPLICATES = "duplicates.not_duplicates"


def refold_plain_letters(db: pw.Database) -> None:
    """Search finds "Ødegård" for "odegard": ``domain.text.fold`` now writes ø, ł, æ...
    plainly (its ``PLAIN_LETTERS``), so the folded text older versions stored keeps them
    until refolded here. Only rows holding one of those letters are read; the new fold of
    a text is the old one with those letters replaced, so the stored text is translated
    as it is. Writing ``search_text`` reindexes both full-text tables (their triggers)."""
    from relmanager.domain.text import PLAIN_LETTERS

    plain = str.maketrans(PLAIN_LETTERS)
    letters = "".join(PLAIN_LETTERS)
    rows = db.execute_sql(
        "SELECT id, search_text, sort_name FROM contact "
        f"WHERE search_text GLOB '*[{letters}]*' OR sort_name GLOB '*[{letters}]*'").fetchall()
    for contact_id, search_text, sort_name in rows:
        db.execute_sql("UPDATE contact SET search_text = ?, sort_name = ? WHERE id = ?",
                       ((search_text or "").translate(plain), (sort_name or "").translate(plain),
                        contact_id))


#: STEPS[n] migrates version n+1 to n+2. Append only; never edit a released step.
STEPS: tuple[Callable[[pw.Database], None], ...] = (
    _v1_to_v2, _v2_to_v3, _v3_to_v4, _v4_to_v5, _v5_to_v6, _v6_to_v7, _v7_to_v8,
    capture_tables, group_rollup, upcoming_events_and_occasions, autoincrement_ids,
    compact_dismissed_duplicates, refold_plain_letters)
#: Steps that rebuild tables: run with foreign keys off (SQLite's procedure), and
#: checked before they commit.
TABLE_REBUILDS: frozenset[Callable[[pw.Database], None]] = frozenset({autoincrement_ids})
#: The schema after the last step: one constant with schema_level's (a test checks that
#: ``len(STEPS) + 1`` is it), which reading commands compare with and never import this.
LATEST = schema_level.LATEST
schema_version = schema_level.schema_version


def _set_version(db: pw.Database, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def _create_fresh(db: pw.Database) -> None:
    with db.atomic(), db.bind_ctx(ALL_MODELS):
        db.create_tables(ALL_MODELS)
        for statement in (*FTS_DDL, *WORDS_DDL):
            db.execute_sql(statement)
        rollup.create(db)
        db.execute_sql(SYNC_CHANGE_DDL)
        for statement in (*UID_INDEXES, INTRO_UID_INDEX):
            db.execute_sql(statement)
        capture_tables(db)
        group_rollup(db)
        upcoming_events_and_occasions(db)
        autoincrement_ids(db)
        seed_channels(db)
        _set_version(db, LATEST)


def backup_file(db: pw.Database, target: Path) -> Path:
    """Copy the live database to ``target`` (0600) with the online backup API, which
    gives a consistent snapshot even with other readers and the WAL in use."""
    ensure_private_dir(target.parent)
    source = db.connection()
    passphrase = getattr(db, "connect_params", {}).get("passphrase")
    # An encrypted database backs up encrypted, with the same key.
    dest = encryption.connect(target, passphrase) if passphrase else sqlite3.connect(str(target))
    try:
        source.backup(dest)
        # A copy is one self-contained file: out of WAL mode (page 1 came from the live
        # database), so opening it later never leaves -wal/-shm files beside it.
        dest.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        dest.close()
    target.chmod(0o600)
    return target


def _backup_then_rename(db: pw.Database, target: Path) -> Path:
    """A copy that only gets its name once it is whole: one cut short by a kill keeps
    its temporary name (0600 from the start), and is never taken for a backup."""
    ensure_private_dir(target.parent)
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        backup_file(db, partial)
        partial.replace(target)
    finally:
        for suffix in ("", "-journal"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return target


def upgrade(db: pw.Database, path: Path, backups: Path, clock: Clock) -> int:
    """Bring ``db`` to :data:`LATEST`; returns the version it was at."""
    version = schema_version(db)
    tables = db.get_tables()
    if version > LATEST:
        raise NewerSchemaError(
            f"{path} was written by a newer Relmanager (schema {version}, this version "
            f"knows {LATEST}); update Relmanager to open it. Nothing was changed"
        )
    if version == 0:
        if tables:
            raise StoreError(
                f"{path} is an SQLite database, but not a Relmanager one; nothing was changed"
            )
        _create_fresh(db)
        return 0
    scrub_sync_credentials(db)
    if version == LATEST:
        _every_open(db)
        return version
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    _backup_then_rename(db, backups / f"pre-migration-v{version}-{stamp}.sqlite3")
    for step_from in range(version, LATEST):
        _run_step(db, STEPS[step_from - 1], step_from + 1)
    _every_open(db)
    return version


def _run_step(db: pw.Database, step: Callable[[pw.Database], None], version: int) -> None:
    """One step in one transaction. A table rebuild runs with foreign keys off, which
    SQLite only allows outside a transaction, and checks them all before committing."""
    rebuild = step in TABLE_REBUILDS
    if rebuild:
        db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            before = table_rebuild.broken_references(db) if rebuild else set()
            step(db)
            if rebuild:
                table_rebuild.check_foreign_keys(db, before)
            _set_version(db, version)
    finally:
        if rebuild:
            db.execute_sql("PRAGMA foreign_keys = ON")


def _every_open(db: pw.Database) -> None:
    """What the registries derive, brought up to date on each open of a database at the
    current schema: the built-in channels and the sync change-tracking triggers."""
    seed_channels(db)
    change_tracking.refresh(db)
