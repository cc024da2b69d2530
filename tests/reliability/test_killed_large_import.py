"""A large import killed between two of its parts must not stay half in.

An import of more than 2,000 cards commits in parts so the open window can save between
them (``store.import_parts``); a failure or a cancel takes the committed parts back. A
process that is killed (SIGKILL, a crash, the power) cannot take anything back: the
parts it had committed stayed for good, under a batch that claimed every card ("import 1:
20000 added") though only some were in, and nothing said the import had not finished.

From outside: ``relmanager import`` in its own process, killed with SIGKILL once a third
process sees its first part; then the database is opened again (``relmanager imports``
and ``list``) and read by plain sqlite3.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.live_app import ROOT, run_cli

CARDS = 20_000


def _cards(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        for i in range(CARDS):
            out.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\n"
                      f"EMAIL:p{i}@big.example\r\nEND:VCARD\r\n")
    return path


def _imported(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return conn.execute("SELECT count(*) FROM contact WHERE import_batch_id IS NOT NULL"
                            ).fetchone()[0]


def _state(db: Path) -> tuple[int, int, list[tuple[int, int]]]:
    with sqlite3.connect(db, timeout=5) as conn:
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        imported = conn.execute("SELECT count(*) FROM contact "
                                "WHERE import_batch_id IS NOT NULL").fetchone()[0]
        batches = conn.execute("SELECT id, added FROM import_batch WHERE undone_at IS NULL"
                               ).fetchall()
    return contacts, imported, batches


def test_a_large_import_killed_between_parts_leaves_nothing_behind(db_path: Path,
                                                                  tmp_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    vcf = _cards(tmp_path / "big.vcf")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    importer = subprocess.Popen(
        [sys.executable, "-m", "relmanager", "import", "--db", str(db_path), str(vcf)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and importer.poll() is None:
            try:
                seen = _imported(db_path)
            except sqlite3.OperationalError:  # the schema is still being made
                seen = 0
            if 0 < seen < CARDS:
                break
            time.sleep(0.002)
        assert importer.poll() is None, "the import finished before a part was seen"
        os.kill(importer.pid, signal.SIGKILL)
    finally:
        importer.kill()
        out, _err = importer.communicate(timeout=30)
    assert "added" not in out, out  # it never said it was done

    # Opened again (by the next command, as by the window), the import is all or nothing.
    listed = run_cli(db_path, "imports")
    assert listed.returncode == 0, listed.stderr
    assert run_cli(db_path, "list").returncode == 0
    contacts, imported, batches = _state(db_path)
    assert (contacts, imported, batches) == (1, 0, []), (
        f"{imported} of {CARDS} imported contacts left in by a killed import, batches "
        f"{batches}")

    # And the same file imports whole afterwards.
    again = run_cli(db_path, "import", str(vcf), timeout=300)
    assert again.returncode == 0, again.stderr
    assert _state(db_path)[:2] == (CARDS + 1, CARDS)


def test_an_import_still_running_in_another_process_is_left_alone(db_path: Path, clock,
                                                                  monkeypatch) -> None:
    """The mark names its process: the next open takes back the parts of an importer that
    is gone (or whose id a newer process was given), never those of one still writing."""
    import json

    from relmanager.interchange.records import ParsedContact, ParseResult
    from relmanager.store import import_parts, importer
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import Contact, ImportBatch, Setting

    init_db(db_path, clock=clock)
    monkeypatch.setattr(import_parts, "COMMIT_EVERY", 3)
    monkeypatch.setattr(import_parts, "MIN_PART", 1)
    monkeypatch.setattr(import_parts, "PART_SECONDS", 0.0)
    monkeypatch.setattr(import_parts, "take_back", lambda *_args: None)  # as if killed
    parts: list[int] = []
    write_in_parts = import_parts.write_in_parts

    def dies_in_the_second_part(batch_id, adds, merges, write_part, finish, last_tag=None):
        def part(a, m, done):
            parts.append(len(a))
            if len(parts) == 2:
                raise KeyboardInterrupt  # the process ends here
            return write_part(a, m, done)
        return write_in_parts(batch_id, adds, merges, part, finish, last_tag)

    monkeypatch.setattr(import_parts, "write_in_parts", dies_in_the_second_part)
    records = [ParsedContact(display_name=f"Card {n}", emails=[(f"c{n}@example.org", "")])
               for n in range(9)]
    plan = importer.plan_import(ParseResult(records, [], "vcard"), "parts.vcf")
    with pytest.raises(KeyboardInterrupt):
        importer.apply_plan(plan, clock)
    monkeypatch.undo()
    assert Contact.select().count() == 3 and ImportBatch.select().count() == 1

    def set_owner(pid: int, started: str | None) -> None:
        (row,) = Setting.select().where(Setting.key.startswith(import_parts.UNFINISHED))
        mark = dict(json.loads(row.value), pid=pid, started=started)
        Setting.update(value=json.dumps(mark)).where(Setting.key == row.key).execute()

    writer = subprocess.Popen(["sleep", "60"])
    try:
        set_owner(writer.pid, import_parts._started(writer.pid))
        close_db()
        init_db(db_path, clock=clock)  # the importer still runs: its parts stay
        assert Contact.select().count() == 3 and ImportBatch.select().count() == 1
        set_owner(writer.pid, "1")  # that id now belongs to another process
        close_db()
        init_db(db_path, clock=clock)
        assert Contact.select().count() == 0 and ImportBatch.select().count() == 0
        assert not Setting.select().where(Setting.key.startswith(import_parts.UNFINISHED)
                                          ).exists()
    finally:
        writer.kill()
        writer.wait()
        close_db()
