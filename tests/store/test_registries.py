"""The registries reach existing databases: built-in channels are seeded and updated on
every open, and the sync change-tracking triggers match the one contact field table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relmanager.domain import contact_fields
from relmanager.domain.channels import BUILTIN_CHANNELS, ChannelKind
from relmanager.domain.clock import FakeClock
from relmanager.store import change_tracking, contacts, migrations, sync_state
from relmanager.store.db import close_db, init_db
from relmanager.store.models import Channel, Contact, database

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "schema_v1.sql"


def _live_channels() -> dict[str, tuple]:
    return {c.key: (c.name, c.kind, c.richness, c.two_way, c.min_stage, c.builtin)
            for c in Channel.select()}


def _spec_channels(specs=BUILTIN_CHANNELS) -> dict[str, tuple]:
    return {s.key: (s.name, s.kind.value, s.richness, s.two_way, s.min_stage.value, True)
            for s in specs}


def test_a_new_or_renamed_builtin_channel_reaches_an_existing_database(
        db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    init_db(db_path, clock=clock)
    assert _live_channels() == _spec_channels()
    ids = {c.key: c.id for c in Channel.select()}
    close_db()
    pigeon = BUILTIN_CHANNELS[-1]._replace(key="carrier_pigeon", name="Carrier pigeon",
                                           kind=ChannelKind.WRITTEN_PERSONAL, richness=13)
    renamed = (BUILTIN_CHANNELS[0]._replace(name="One to one"),
               *BUILTIN_CHANNELS[1:], pigeon)
    monkeypatch.setattr(migrations, "BUILTIN_CHANNELS", renamed)
    init_db(db_path, clock=clock)
    assert _live_channels() == _spec_channels(renamed)
    # Existing rows keep their ids (interactions point at them).
    assert all(Channel.get(Channel.key == k).id == i for k, i in ids.items())


def test_an_old_database_missing_a_channel_gets_it_on_open(
        db_path: Path, clock: FakeClock) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db_path)
    conn.executescript(FIXTURE_V1.read_text())
    conn.execute("DELETE FROM channel WHERE key = 'blog'")
    conn.execute("UPDATE channel SET name = 'Old name' WHERE key = 'wiki'")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    init_db(db_path, clock=clock)
    assert _live_channels() == _spec_channels()


def test_reopening_an_up_to_date_database_writes_nothing(
        db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    assert migrations.seed_channels(database) == 0
    assert change_tracking.refresh(database) is False


# -- the contact field table ---------------------------------------------------------
_DERIVED_COLUMNS = {"id", "sort_name", "created_at", "updated_at", "last_interaction_at",
                    "last_two_way_at", "last_channel_id", "cooling_at", "cold_at",
                    "search_text", "import_batch_id", "uid"}


def test_every_contact_column_is_in_the_field_table_or_named_as_derived() -> None:
    columns = {f.column_name for f in Contact._meta.sorted_fields}
    spec = {f.sql_column for f in contact_fields.CONTACT_FIELDS}
    assert columns - _DERIVED_COLUMNS == spec, "a contact column must be in CONTACT_FIELDS"
    assert not spec & _DERIVED_COLUMNS


def test_the_lists_are_derived_from_the_field_table() -> None:
    assert contacts.EDITABLE_FIELDS == contact_fields.EDITABLE
    assert "stage" not in contact_fields.EDITABLE  # moved with its history, not edited
    assert set(contact_fields.FILLABLE) <= set(contact_fields.MERGE_UNDO)
    assert set(contact_fields.TEXT) <= set(contact_fields.EDITABLE)


def _tracked_contact_columns() -> list[str]:
    sql = change_tracking.live(database)["sync_contact_au"]
    between = sql.split("AFTER UPDATE OF ", 1)[1].split(" ON contact", 1)[0]
    return [c.strip() for c in between.split(",")]


def test_live_triggers_match_the_field_table(db, clock: FakeClock) -> None:
    sync_state.enable_tracking()
    assert _tracked_contact_columns() == list(contact_fields.TRACKED_COLUMNS)
    live = change_tracking.live(database)
    for name, body in change_tracking.triggers():
        assert live[name] == f"CREATE TRIGGER {name} {body}"
    # And they work: an edit of every synced field queues the contact.
    contact = contacts.create_contact(clock, "Ada Lovelace")
    database.execute_sql("DELETE FROM sync_change")
    for column in contact_fields.TRACKED_COLUMNS:
        database.execute_sql(f'UPDATE contact SET "{column}" = "{column}" WHERE id = ?',
                             (contact.id,))
        queued = database.execute_sql("SELECT count(*) FROM sync_change").fetchone()[0]
        assert queued == 1, f"{column} does not queue the contact"
        database.execute_sql("DELETE FROM sync_change")


def test_stale_triggers_are_recreated_on_open(db_path: Path, clock: FakeClock) -> None:
    """A trigger written by an older version (missing a field) is replaced when the
    database is opened, not kept by CREATE TRIGGER IF NOT EXISTS."""
    init_db(db_path, clock=clock)
    sync_state.enable_tracking()
    old = [c for c in contact_fields.TRACKED_COLUMNS if c != "where_met"]
    with database.atomic():
        database.execute_sql("DROP TRIGGER sync_contact_au")
        database.execute_sql(f"CREATE TRIGGER sync_contact_au AFTER UPDATE OF {', '.join(old)} "
                             "ON contact BEGIN INSERT OR IGNORE INTO sync_change "
                             "VALUES ('contact', new.id); END")
    close_db()
    init_db(db_path, clock=clock)
    assert _tracked_contact_columns() == list(contact_fields.TRACKED_COLUMNS)


def test_tracking_off_stays_off_on_open(db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    close_db()
    init_db(db_path, clock=clock)
    assert change_tracking.live(database) == {}


def test_every_field_travels_in_every_format_and_reaches_the_profile() -> None:
    """A field added to the table but forgotten in a format or the profile fails here."""
    from dataclasses import fields as dataclass_fields

    from relmanager.interchange.records import ParsedContact
    from relmanager.interchange.sync_fields import CONTACT_FIELDS as SYNCED
    from relmanager.store.profile_reads import Profile

    record = {f.name for f in dataclass_fields(ParsedContact)}
    profile = {f.name for f in dataclass_fields(Profile)}
    in_record = {"introduced_by": "related"}  # the introducer travels as a RELATED uid
    for spec in contact_fields.CONTACT_FIELDS:
        assert in_record.get(spec.name, spec.name) in record, f"{spec.name}: not in ParsedContact"
        if spec.name != "photo":  # the profile shows no photo (the blob is not read)
            assert spec.sql_column in profile, f"{spec.name}: not in the profile's read"
        if spec.synced:
            assert spec.name in SYNCED, f"{spec.name}: not in the sync entry's fields"
