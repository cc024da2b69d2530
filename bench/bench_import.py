"""vCard import of 10,000 cards: parse, plan (duplicate detection against the 100,000
contacts of the data set) and the one-transaction write, end to end, in cards per second.
Each run is undone afterwards, so every run imports into the same database."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

from bench.harness import Result

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


def benchmarks(path: Path, runs: int) -> list[Result]:
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
        rates, parse_ms, write_ms = [], [], []
        for _ in range(max(3, runs // 2)):
            started = time.perf_counter()
            result = parse_file(cards)
            parsed = time.perf_counter()
            plan = importer.plan_import(result, cards.name)
            summary = importer.apply_plan(plan, clock)
            done = time.perf_counter()
            assert summary.added + summary.merged == CARDS, summary
            rates.append(CARDS / (done - started))
            parse_ms.append((parsed - started) * 1000)
            write_ms.append((done - parsed) * 1000)
            importer.undo_import(summary.batch_id, clock)
        close_db()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rate = median(rates)
    return [Result(f"vCard import of {CARDS:,} cards into the 100k data set", ">= 5,000 cards/s",
                   "cards/s", rate, ok=rate >= 5000, runs=len(rates), samples=rates,
                   note=f"parse {median(parse_ms):.0f} ms, plan and write "
                        f"{median(write_ms):.0f} ms")]
