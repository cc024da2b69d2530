from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.domain.clock import FakeClock
from relmanager.paths import backup_dir
from relmanager.store import migrations, queries
from relmanager.store.db import close_db, init_db, open_database
from relmanager.store.errors import NewerSchemaError, NotADatabaseError, StoreError
from relmanager.store.models import Channel, Contact, Interaction, StageChange, database

FIXTURE_V1 = Path(__file__).parent / "fixtures" / "schema_v1.sql"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_fresh_database_has_current_schema_wal_fk_and_private_modes(
    db_path: Path, clock: FakeClock
) -> None:
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert Channel.select().count() == len(BUILTIN_CHANNELS)
    assert _mode(db_path) == 0o600
    assert _mode(db_path.parent) == 0o700


def test_reopening_is_idempotent(db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    Contact.create(display_name="A", sort_name="a", uid="u1")
    close_db()
    init_db(db_path, clock=clock)
    assert Contact.select().count() == 1 and Channel.select().count() == len(BUILTIN_CHANNELS)
    assert not (db_path.parent / "backups").exists(), "no migration, no backup"


def _build_v1(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE_V1.read_text())
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_v1_database_is_backed_up_then_migrated(db_path: Path, clock: FakeClock) -> None:
    _build_v1(db_path)
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    backups = list(backup_dir(db_path).glob("pre-migration-v1-*.sqlite3"))
    assert len(backups) == 1 and _mode(backups[0]) == 0o600
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    # Data survived, and the new full-text index covers the old rows.
    assert Contact.select().count() == 2
    assert Interaction.select().count() == 1 and StageChange.select().count() == 3
    found = queries.contact_ids(queries.ContactFilter(text="pydata"), clock.now())
    assert [Contact.get_by_id(i).display_name for i in found] == ["Joanna Kowalski"]


def test_failed_migration_step_leaves_previous_version(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build_v1(db_path)

    def broken(db: object) -> None:
        db.execute_sql("CREATE TABLE half_done (x)")  # type: ignore[attr-defined]
        raise RuntimeError("step failed")

    monkeypatch.setattr(migrations, "STEPS", (broken,))
    with pytest.raises(RuntimeError):
        init_db(db_path, clock=clock)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in tables, "the step's transaction was rolled back"


def test_newer_schema_is_refused_and_untouched(db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    database.execute_sql(f"PRAGMA user_version = {migrations.LATEST + 5}")
    close_db()
    before = db_path.read_bytes()
    with pytest.raises(NewerSchemaError, match="newer Relmanager"):
        init_db(db_path, clock=clock)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused_and_untouched(db_path: Path, clock: FakeClock) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"BEGIN:VCARD\r\nFN:Not a database\r\nEND:VCARD\r\n")
    with pytest.raises(NotADatabaseError, match="not an SQLite file"):
        init_db(db_path, clock=clock)
    assert db_path.read_bytes().startswith(b"BEGIN:VCARD")


def test_damaged_database_is_refused(db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    close_db()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page after the header
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        init_db(db_path, clock=clock)


def test_foreign_sqlite_database_is_refused(db_path: Path, clock: FakeClock) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(StoreError, match="not a Relmanager one"):
        init_db(db_path, clock=clock)


def test_open_database_does_not_migrate(db_path: Path) -> None:
    _build_v1(db_path)
    raw = open_database(db_path)
    assert migrations.schema_version(raw) == 1
    raw.close()


def test_an_edit_on_another_thread_waits_for_a_write_in_progress(db, db_path, clock):
    """A write that reads first (the contact, then its update) on a second connection,
    while another process or worker holds the write lock for a moment: it waits out the
    busy timeout instead of failing at once with "database is locked" (which a deferred
    transaction does once it holds a read snapshot)."""
    from relmanager.store.contacts import create_contact, update_contact
    from tests.store.other_writer import while_another_writes

    person = create_contact(clock, "Ada Lovelace")
    outcome = while_another_writes(  # e.g. the sync worker writing
        db_path, "UPDATE contact SET notes = 'from sync' WHERE id = ?", (person.id,),
        lambda: update_contact(clock, person.id, organisation="Analytical Engines"))
    assert not isinstance(outcome, Exception), outcome
    saved = Contact.get_by_id(person.id)
    assert (saved.organisation, saved.notes) == ("Analytical Engines", "from sync")
