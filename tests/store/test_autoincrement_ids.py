"""Ids are never given twice (issue 22, item 18): a schema-9 database is rebuilt with
AUTOINCREMENT ids, keeping its rows, search indexes and triggers, and an undo that puts
a deleted contact back no longer collides with a contact added in between."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from relmanager.domain.clock import FakeClock
from relmanager.paths import backup_dir
from relmanager.store import (
    change_tracking,
    contacts,
    merge,
    migrations,
    queries,
    snapshots,
    table_rebuild,
)
from relmanager.store.db import init_db
from relmanager.store.errors import StoreError
from relmanager.store.models import Contact, FollowUp, Interaction, database
from tests.store.merge_fixture import dump, plan_merge, two_annas

FIXTURE_V9 = Path(__file__).parent / "fixtures" / "schema_v9.sql"


def _build_v9(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE_V9.read_text())
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()


def _schema(db: object) -> dict[str, str]:
    return dict(database.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        "AND sql IS NOT NULL").fetchall())


def _names(found: list[int]) -> list[str]:
    return sorted(Contact.get_by_id(i).display_name for i in found)


def test_a_v9_database_gets_autoincrement_ids_keeping_rows_search_and_triggers(
        db_path: Path, clock: FakeClock) -> None:
    _build_v9(db_path)
    with sqlite3.connect(db_path) as old:
        before_rows = {t: old.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()
                       for t in ("contact", "interaction", "follow_up", "contact_email")}
        before_schema = dict(old.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
            "AND sql IS NOT NULL").fetchall())
        assert "AUTOINCREMENT" not in old.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert len(list(backup_dir(db_path).glob("pre-migration-v9-*.sqlite3"))) == 1
    for table in table_rebuild.TABLES:
        assert table_rebuild.has_autoincrement(db, table), table
    for table, rows in before_rows.items():
        assert database.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() == rows
    # Every index and trigger is back, word for word (search, rollup, sync tracking),
    # but for what the steps between schema 9 and the rebuild replaced or added (the
    # group-aware rollup triggers, the occasions' month-day indexes, the deletion
    # triggers of sync tracking that also drop a revival's kept text).
    after = _schema(db)
    deletions = {f"sync_{kind}_ad" for kind in change_tracking.KINDS}
    later = {name for name in after if name.startswith("rollup_")} | {
        name for name in after if name not in before_schema} | deletions
    assert {n for n in later if not n.startswith(("rollup_", "upcoming_",
                                                  "sync_contact_relation_"))
            and n not in deletions} == {
        "contact_birthday_md", "contact_met_on_md", "contact_created_md",
        "interaction_occurred_md"}
    assert {k: v for k, v in after.items() if k not in later} == {
        k: v for k, v in before_schema.items() if k not in later}
    assert change_tracking.MARKER in change_tracking.live(db)
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    # The search indexes still find the old rows, and follow new ones.
    assert _names(queries.contact_ids(queries.ContactFilter(text="pydata"), clock.now())) \
        == ["Joanna Kowalski"]
    assert _names(queries.contact_ids(queries.ContactFilter(text="bo"), clock.now())) \
        == ["Bo Ek"]
    new = contacts.create_contact(clock, "Zelda Quist").id
    assert _names(queries.contact_ids(queries.ContactFilter(text="quis"), clock.now())) \
        == ["Zelda Quist"]
    # Sync tracking still fires on the rebuilt table.
    database.execute_sql("DELETE FROM sync_change")
    Contact.update(title="Dr").where(Contact.id == new).execute()
    assert database.execute_sql("SELECT kind, local_id FROM sync_change").fetchall() \
        == [("contact", new)]


def test_ids_of_deleted_rows_are_not_given_again_after_migration(
        db_path: Path, clock: FakeClock) -> None:
    _build_v9(db_path)
    init_db(db_path, clock=clock)
    top = Contact.select(Contact.id).order_by(Contact.id.desc()).scalar()
    interaction = Interaction.select(Interaction.id).order_by(Interaction.id.desc()).scalar()
    snap = snapshots.delete_contacts([top])
    again = contacts.create_contact(clock, "Someone New").id
    assert again > top
    snapshots.restore_snapshot(snap)  # used to fail: UNIQUE constraint failed: contact.id
    assert Contact.get_by_id(top) and Contact.get_by_id(again)
    assert Interaction.select().where(Interaction.id > interaction).count() == 0


def test_undo_of_a_merge_after_an_add_puts_everything_back(
        db_path: Path, clock: FakeClock) -> None:
    init_db(db_path, clock=clock)
    people = two_annas(clock)
    # anna2 is the newest contact but one; make the merged-away one the newest of all.
    database.execute_sql("DELETE FROM contact WHERE id = ?", (people.carl,))
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([people.anna, people.anna2]))
    # Adds after the merge take ids: none of the merged-away rows' ids may be among them.
    added = contacts.create_contact(clock, "Added Later", emails=["later@example.org"],
                                    tags=["new"]).id
    from relmanager.store import activity, follow_ups

    activity.log_interaction(clock, [added], "email")
    with database.atomic():
        follow_ups.create_follow_up(clock, added, "call", clock.now())
    merge.undo_merge(record)  # used to fail: UNIQUE constraint failed: contact.id
    assert added > people.anna2
    now = dump()
    for table, rows in before.items():
        if table in ("contact", "contact_email", "contact_tag", "tag", "interaction",
                     "follow_up", "stage_change", "contact_fts", "contact_words", "sync_change",
                     "interaction_rollup"):
            # The added contact is there too: everything from before is back, with its id.
            assert set(rows) <= set(now[table]), table
            continue
        assert now[table] == rows, table
    assert Contact.select().where(Contact.id == people.anna2).exists()
    assert FollowUp.select().where(FollowUp.contact == added).count() == 1
    assert sorted(r[0] for r in now["contact"]) == sorted(
        [r[0] for r in before["contact"]] + [added])


def test_a_fresh_database_has_autoincrement_ids(db_path: Path, clock: FakeClock) -> None:
    db = init_db(db_path, clock=clock)
    for table in table_rebuild.TABLES:
        assert table_rebuild.has_autoincrement(db, table), table
    first = contacts.create_contact(clock, "A").id
    snapshots.delete_contacts([first])
    assert contacts.create_contact(clock, "B").id == first + 1


def test_the_rebuild_runs_again_without_changing_anything(
        db_path: Path, clock: FakeClock) -> None:
    db = init_db(db_path, clock=clock)
    contacts.create_contact(clock, "A", emails=["a@example.org"])
    schema = database.execute_sql("SELECT * FROM sqlite_master").fetchall()
    with database.atomic():
        migrations.autoincrement_ids(db)
    assert database.execute_sql("SELECT * FROM sqlite_master").fetchall() == schema


def test_an_import_does_not_take_the_id_of_a_deleted_contact(
        db_path: Path, clock: FakeClock, tmp_path: Path) -> None:
    from relmanager.interchange import parse_file
    from relmanager.store import importer

    init_db(db_path, clock=clock)
    contacts.create_contact(clock, "Kept")
    gone = contacts.create_contact(clock, "Deleted Then Back").id
    snap = snapshots.delete_contacts([gone])
    card = tmp_path / "new.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported Person\r\nN:Person;Imported;;;\r\n"
                    "END:VCARD\r\n")
    importer.apply_plan(importer.plan_import(parse_file(card), card.name), clock)
    (new,) = [c.id for c in Contact.select().where(Contact.display_name == "Imported Person")]
    assert new > gone  # the importer hands out ids itself: past the sequence too
    snapshots.restore_snapshot(snap)
    assert Contact.get_by_id(gone).display_name == "Deleted Then Back"


def test_bulk_writers_start_past_every_id_ever_used(db_path: Path, clock: FakeClock) -> None:
    """The importer, the sync pull's bulk insert and the demo hand out contact ids
    themselves: from table_rebuild.next_free_id, never max(id) + 1."""
    db = init_db(db_path, clock=clock)
    assert table_rebuild.next_free_id(db, "contact") == 1
    contacts.create_contact(clock, "A")
    gone = contacts.create_contact(clock, "B").id
    snapshots.delete_contacts([gone])
    assert table_rebuild.next_free_id(db, "contact") == gone + 1
    import inspect

    from relmanager.store import demo, importer, sync_bulk

    for module in (importer, sync_bulk, demo):
        text = inspect.getsource(module)
        assert 'next_free_id(database, "contact")' in text and "max(id)" not in text.lower()


def test_references_broken_before_the_upgrade_do_not_stop_it(
        db_path: Path, clock: FakeClock) -> None:
    """An old database with a dangling reference (its own damage) still upgrades; the
    rebuild itself is checked to break none."""
    _build_v9(db_path)
    with sqlite3.connect(db_path) as old:
        old.execute("INSERT INTO contact_tag (contact_id, tag_id) VALUES (999, 999)")
    db = init_db(db_path, clock=clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert len(table_rebuild.broken_references(db)) == 2  # the same row, both references


def test_a_rebuild_that_breaks_a_reference_is_rolled_back(
        db_path: Path, clock: FakeClock, monkeypatch) -> None:
    _build_v9(db_path)
    real = table_rebuild.rebuild_with_autoincrement

    def losing_a_contact(db, table):
        done = real(db, table)
        if table == "contact":
            db.execute_sql("DELETE FROM contact WHERE id = (SELECT min(id) FROM contact)")
        return done

    monkeypatch.setattr(table_rebuild, "rebuild_with_autoincrement", losing_a_contact)
    import pytest

    with pytest.raises(StoreError, match="broken references after the rebuild"):
        init_db(db_path, clock=clock)
    with sqlite3.connect(db_path) as old:
        # The steps before the rebuild committed (each step is its own transaction);
        # the rebuild did not.
        before_rebuild = migrations.STEPS.index(migrations.autoincrement_ids) + 1
        assert old.execute("PRAGMA user_version").fetchone()[0] == before_rebuild
        assert "AUTOINCREMENT" not in old.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
        assert old.execute("SELECT count(*) FROM contact").fetchone()[0] == 2


def test_the_planners_statistics_survive_the_rebuild(db_path: Path, clock: FakeClock) -> None:
    """ANALYZE's rows for a rebuilt table come back under the same names: dropped with
    the old table, the planner guessed until the next ANALYZE, and the board's read of a
    100,000-contact database took over a second after the upgrade instead of ~60 ms."""
    _build_v9(db_path)
    with sqlite3.connect(db_path) as old:
        old.execute("ANALYZE")
        before = sorted(old.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall())
    assert any(tbl == "contact" for tbl, _idx, _stat in before)
    init_db(db_path, clock=clock)
    after = sorted(database.execute_sql("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall())
    assert [row for row in after if row[0] in table_rebuild.TABLES] == [
        row for row in before if row[0] in table_rebuild.TABLES]
