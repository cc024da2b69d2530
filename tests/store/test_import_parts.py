"""A large import commits in parts (so the window can save meanwhile) and is still all
or nothing: the same database as one transaction after a success, and the database as it
was after a cancel in the middle."""

from __future__ import annotations

import pytest

from relmanager.interchange.records import ParsedContact, ParseResult
from relmanager.store import import_parts, importer
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from relmanager.store.errors import OperationCancelledError
from relmanager.store.models import database


def _dump() -> tuple:
    queries = ("SELECT id, display_name, organisation, notes, search_text, stage, archived, "
               "import_batch_id FROM contact ORDER BY id",
               "SELECT contact_id, email FROM contact_email ORDER BY 1, 2",
               "SELECT id, name FROM tag ORDER BY id",
               "SELECT contact_id, tag_id FROM contact_tag ORDER BY 1, 2",
               "SELECT contact_id, to_stage FROM stage_change ORDER BY 1, 2",
               "SELECT count(*) FROM import_batch", "SELECT count(*) FROM import_merge",
               "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    return tuple(database.execute_sql(q).fetchall() for q in queries)


def _index_whole() -> None:
    for table in ("contact_fts", "contact_words"):
        database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def _records() -> list[ParsedContact]:
    records = [ParsedContact(display_name=f"Card {n:02d}", emails=[(f"c{n}@example.org", "")],
                             tags=[f"tag{n % 3}"], organisation="Org", stage="friendship")
               for n in range(12)]
    records.append(ParsedContact(display_name="Kept Contact", emails=[("kept@example.org", "")],
                                 notes="from the file", tags=["tag9"]))
    return records


def _apply(clock, **kwargs) -> importer.ImportSummary:
    plan = importer.plan_import(ParseResult(_records(), [], "vcard"), "parts.vcf")
    return importer.apply_plan(plan, clock, **kwargs)


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(import_parts, "COMMIT_EVERY", 3)
    monkeypatch.setattr(import_parts, "MIN_PART", 1)
    monkeypatch.setattr(import_parts, "PART_SECONDS", 0.0)  # keep the parts small
    monkeypatch.setattr(import_parts, "YIELD_SECONDS", 0.0)


def _import_into(path, clock, monkeypatch, parts: bool) -> tuple[tuple, int]:
    close_db()
    init_db(path, clock=clock)
    create_contact(clock, "Kept Contact", emails=["kept@example.org"])
    if parts:
        monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
        monkeypatch.setattr(import_parts, "COMMIT_EVERY", 3)
        monkeypatch.setattr(import_parts, "MIN_PART", 1)
        monkeypatch.setattr(import_parts, "PART_SECONDS", 0.0)
        monkeypatch.setattr(import_parts, "YIELD_SECONDS", 0.0)
    commits: list[int] = []
    database.obj.connection().set_trace_callback(
        lambda sql: commits.append(1) if sql.strip().upper() == "COMMIT" else None)
    summary = _apply(clock)
    database.obj.connection().set_trace_callback(None)
    assert (summary.added, summary.merged) == (12, 1)
    _index_whole()
    return _dump(), len(commits)


def test_parts_write_what_one_transaction_writes(db, clock, tmp_path, monkeypatch):
    whole, one = _import_into(tmp_path / "one.sqlite3", clock, monkeypatch, parts=False)
    parted, many = _import_into(tmp_path / "parts.sqlite3", clock, monkeypatch, parts=True)
    assert one == 1 and many >= 5
    assert parted == whole


def test_a_cancel_in_the_middle_takes_every_part_back(db, clock, small_parts):
    create_contact(clock, "Kept Contact", emails=["kept@example.org"], notes="mine")
    before = _dump()
    calls: list[int] = []
    with pytest.raises(OperationCancelledError):
        _apply(clock, progress=lambda done, total: calls.append(done),
               cancelled=lambda: len(calls) >= 8)
    assert max(calls) >= 6  # parts had been committed before the cancel
    assert _dump() == before
    _index_whole()


def test_a_mark_naming_a_file_not_an_import_lock_is_never_opened_or_removed(db, db_path):
    """The lock file a mark names comes from the database (a shared or damaged file may
    say anything): only ``.NAME.import-<hex>.lock`` beside it is looked at or removed."""
    import json
    import os

    from relmanager.store.models import Setting

    victim = db_path.parent / "keep.txt"
    victim.write_text("mine", encoding="utf-8")
    for name in ("keep.txt", "../data/keep.txt", f".{db_path.name}.import-x.lock",
                 f".\x00.import-{'0' * 32}.lock"):
        Setting.create(key=f"{import_parts.UNFINISHED}99", value=json.dumps(
            {"pid": os.getpid(), "started": None, "last_tag": 0, "lock": name}))
        assert import_parts.recover_unfinished() == []  # this process runs: the pid says
        Setting.update(value=json.dumps({"pid": 0, "last_tag": 0, "lock": name})).where(
            Setting.key == f"{import_parts.UNFINISHED}99").execute()
        assert import_parts.recover_unfinished() == [99]
        assert victim.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("key", "value"), [
    ("99", "not json"), ("99", "[1, 2]"), ("99", '{"pid": "x", "last_tag": 0}'),
    ("99", '{"pid": 0, "last_tag": "x"}'), ("x", '{"pid": 0, "last_tag": 0}')])
def test_a_damaged_mark_takes_nothing_back_and_the_database_still_opens(
        db, db_path, clock, key, value):
    """A mark is read from the file (a damaged or hostile one may hold anything): one
    that is not as the importer wrote it names no importer; init_db raised on it."""
    from relmanager.store.models import Setting

    create_contact(clock, "Kept Contact")
    Setting.create(key=f"{import_parts.UNFINISHED}{key}", value=value)
    close_db()
    init_db(db_path, clock=clock)
    assert import_parts.recover_unfinished() == []
    assert database.execute_sql("SELECT count(*) FROM contact").fetchone() == (1,)
