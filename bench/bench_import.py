"""vCard import of 10,000 cards: parse, plan (duplicate detection against the 100,000
contacts of the data set) and the one-transaction write, end to end, in cards per second.
Each run is undone afterwards, so every run imports into the same database.

The floor is the same work done by the simplest program: vobject parsing the file, and the
rows our import wrote (read back from the database) written again with ``executemany``
into the same copy of the data set, through its indexes and full-text triggers."""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Result, median, ratio_row, raw_connection

CARDS = 10_000


def write_cards(path: Path, count: int = CARDS, seed: int = 3) -> Path:
    """A realistic export: names, two emails, a phone, organisation, title, URL, notes,
    categories, a birthday; every tenth card shares an email with an earlier one."""
    from relmanager.interchange.records import ParsedContact
    from relmanager.interchange.vcard_out import contacts_to_vcard4
    from relmanager.store.demo_names import FIRST_NAMES, LAST_NAMES

    rng = random.Random(seed)
    records = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        records.append(ParsedContact(
            first_name=first, last_name=last, display_name=f"{first} {last}",
            emails=[(f"{first}.{last}.{n}@import.example".lower(), "work"),
                    (f"{first[0]}{last}{n}@mail.example".lower(), "home")],
            phones=[(f"+44 20 7946 {n % 10000:04d}", "cell")],
            organisation=f"Company {n % 700}", title="Engineer",
            links=[("linkedin", f"https://www.linkedin.com/in/{first}-{last}-{n}".lower())],
            notes=f"Met at event {n % 40}; interested in topic {n % 13}.",
            tags=[f"import-tag-{n % 25}", "imported"],
            birthday=f"19{60 + n % 40}-0{1 + n % 9}-1{n % 10}"))
    path.write_text(contacts_to_vcard4(records), encoding="utf-8")
    return path


#: Tables an import adds rows to for each new contact, after the contact row itself.
CHILD_TABLES = ("contact_email", "contact_phone", "contact_link", "contact_tag",
                "stage_change")


@dataclass
class Rows:
    """The rows an import wrote, read back from the database: the floor writes exactly
    these again."""

    batch: tuple[list[str], tuple]
    tables: dict[str, tuple[list[str], list[tuple]]] = field(default_factory=dict)

    @property
    def contacts(self) -> int:
        return len(self.tables["contact"][1])


def written_rows(conn: sqlite3.Connection, batch_id: int) -> Rows:
    """Every row the import of ``batch_id`` added: its batch, its new contacts (ids,
    search text and all) and their child rows (without their own ids)."""
    def select(sql: str, params: tuple | list) -> tuple[list[str], list[tuple]]:
        cursor = conn.execute(sql, params)
        return [d[0] for d in cursor.description], cursor.fetchall()

    columns, batch = select("SELECT * FROM import_batch WHERE id = ?", (batch_id,))
    rows = Rows(([c for c in columns if c != "id"],
                 tuple(v for c, v in zip(columns, batch[0], strict=True) if c != "id")))
    rows.tables["contact"] = select("SELECT * FROM contact WHERE import_batch_id = ? "
                                    "ORDER BY id", (batch_id,))
    ids = [r[0] for r in rows.tables["contact"][1]]
    for table in CHILD_TABLES:
        found: list[tuple] = []
        names: list[str] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            names, part = select(f"SELECT * FROM {table} WHERE contact_id IN "
                                 f"({','.join('?' * len(chunk))}) ORDER BY rowid", chunk)
            found.extend(part)
        if "id" in names:
            keep = [n != "id" for n in names]
            found = [tuple(v for v, k in zip(row, keep, strict=True) if k) for row in found]
            names = [n for n in names if n != "id"]
        rows.tables[table] = (names, found)
    return rows


def _insert(table: str, names: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def floor_import(cards: Path, conn: sqlite3.Connection, rows: Rows, expected: int = CARDS
                 ) -> tuple[int, float]:
    """The simplest program doing the same work: the file parsed by vobject alone, and the
    same rows written with one ``executemany`` per table in one transaction, through the
    schema's own indexes and full-text triggers. Returns the batch id it wrote and the
    milliseconds the parse took."""
    import vobject

    started = time.perf_counter()
    parsed = sum(1 for _card in vobject.readComponents(cards.read_text(encoding="utf-8")))
    assert parsed == expected, parsed
    parse_ms = (time.perf_counter() - started) * 1000
    conn.execute("BEGIN IMMEDIATE")
    batch_id = conn.execute(_insert("import_batch", rows.batch[0]), rows.batch[1]).lastrowid
    names, contacts = rows.tables["contact"]
    at = names.index("import_batch_id")
    conn.executemany(_insert("contact", names),
                     [(*row[:at], batch_id, *row[at + 1:]) for row in contacts])
    for table in CHILD_TABLES:
        names, found = rows.tables[table]
        conn.executemany(_insert(table, names), found)
    conn.execute("COMMIT")
    return int(batch_id or 0), parse_ms


def benchmarks(path: Path, runs: int) -> list[Result]:
    """Ours (parse, plan against the 100k contacts, write) and the floor, taking turns,
    into one copy of the data set; each run is undone, untimed, before the next."""
    from relmanager.domain.clock import SystemClock
    from relmanager.interchange import parse_file
    from relmanager.store import importer
    from relmanager.store.db import close_db, init_db

    work = Path(tempfile.mkdtemp(prefix="rm-bench-import-"))
    try:
        cards = write_cards(work / "cards.vcf")
        db = work / "bench.sqlite3"
        shutil.copy(path, db)
        clock = SystemClock()
        init_db(db, clock=clock)
        raw = raw_connection(db)
        parse_ms: list[float] = []
        write_ms: list[float] = []
        counts: list[tuple[int, int]] = []
        floor_parse_ms: list[float] = []

        def ours() -> float:
            started = time.perf_counter()
            result = parse_file(cards)
            parsed = time.perf_counter()
            plan = importer.plan_import(result, cards.name)
            summary = importer.apply_plan(plan, clock)
            done = time.perf_counter()
            assert summary.added + summary.merged == CARDS, summary
            parse_ms.append((parsed - started) * 1000)
            write_ms.append((done - parsed) * 1000)
            counts.append((summary.added, summary.merged))
            importer.undo_import(summary.batch_id, clock)
            return (done - started) * 1000

        # The rows to write again: those of one import of ours, read back before its undo.
        summary = importer.apply_plan(importer.plan_import(parse_file(cards), cards.name), clock)
        rows = written_rows(raw, summary.batch_id)
        importer.undo_import(summary.batch_id, clock)

        def floor() -> float:
            started = time.perf_counter()
            batch_id, parsed = floor_import(cards, raw, rows)
            elapsed = (time.perf_counter() - started) * 1000
            floor_parse_ms.append(parsed)
            importer.undo_import(batch_id, clock)
            return elapsed

        mine: list[float] = []
        base: list[float] = []
        for run in range(max(3, runs // 2)):
            if run % 2:
                mine.append(ours())
                base.append(floor())
            else:
                base.append(floor())
                mine.append(ours())
        raw.close()
        close_db()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    row = ratio_row("import", f"vCard import of {CARDS:,} cards into the 100k data set", "ms",
                    mine, base, 1.5,
                    floor_name=f"vobject parsing the file (~{median(floor_parse_ms):,.0f} ms) "
                               f"+ executemany of the same rows ({rows.contacts:,} contacts "
                               "and their child rows) in raw sqlite3, one transaction",
                    note=f"{CARDS / median(mine) * 1000:,.0f} cards/s; parse "
                         f"{median(parse_ms):.0f} ms, plan and write {median(write_ms):.0f} ms; "
                         f"{counts[-1][0]:,} added, {counts[-1][1]:,} merged")
    return [row]
