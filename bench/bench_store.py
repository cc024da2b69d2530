"""Benchmarks of the store's hot paths on the 100k/1M data set."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.harness import ROOT, Result, median, timed
from relmanager.domain.clock import SystemClock
from relmanager.domain.stages import Stage
from relmanager.store import activity, queries
from relmanager.store.db import close_db, init_db

TYPED = ("joanna k", "helix", "pydata", "müller", "nakamura")


def search_keystrokes(path: Path, runs: int) -> Result:
    """Each prefix of each typed query: the ids of every match in sort order plus the
    rows of the first screenful (what the list model needs to repaint)."""
    init_db(path)
    now = datetime.now()
    prefixes = [q[:n] for q in TYPED for n in range(1, len(q) + 1)]

    def keystrokes() -> None:
        for text in prefixes:
            ids = queries.contact_ids(queries.ContactFilter(text=text), now)
            queries.rows_for(ids[:40])

    timed(keystrokes, 1)
    samples = []
    for _ in range(runs):
        for text in prefixes:
            start = time.perf_counter()
            ids = queries.contact_ids(queries.ContactFilter(text=text), now)
            queries.rows_for(ids[:40])
            samples.append((time.perf_counter() - start) * 1000)
    close_db()
    value = median(samples)
    worst = max(samples)
    return Result("search keystroke to list data, 100k contacts", "<= 30 ms median", "ms",
                  value, ok=value <= 30, runs=len(samples),
                  note=f"{len(prefixes)} keystrokes, worst {worst:.0f} ms", samples=samples)


def drop_commit(path: Path, runs: int) -> Result:
    """A board drop: one contact's stage change plus its history row, committed."""
    init_db(path)
    clock = SystemClock()
    rng = random.Random(3)
    ids = queries.contact_ids(queries.ContactFilter(stages=[Stage.RECOGNITION]), clock.now())
    samples = []
    for _ in range(runs):
        contact_id = rng.choice(ids)
        start = time.perf_counter()
        record = activity.move_stage(clock, [contact_id], Stage.DEVELOPMENT)
        samples.append((time.perf_counter() - start) * 1000)
        activity.undo_move(record)
    close_db()
    value = median(samples)
    return Result("a drop committed (stage change + history row)", "<= 20 ms", "ms", value,
                  ok=value <= 20, runs=runs, samples=samples)


def going_cold(path: Path, runs: int) -> Result:
    init_db(path)
    now = datetime.now()
    found = len(queries.going_cold_scan(now))
    ours = timed(lambda: queries.going_cold_scan(now), runs)
    close_db()
    raw = sqlite3.connect(path)
    floor = timed(lambda: raw.execute(queries.GOING_COLD_SQL, (str(now),)).fetchall(), runs)
    raw.close()
    value, base = median(ours), median(floor)
    ratio = value / base
    return Result("going-cold scan vs the same query in raw sqlite3", "<= 3x and <= 50 ms",
                  "ms", value, floor=base, ratio=ratio, ok=ratio <= 3 and value <= 50,
                  runs=runs, note=f"{found:,} contacts cooling or cold")


def _write_vdir(folder: Path, count: int, rng: random.Random) -> list[str]:
    """A khard address book: one .vcf per contact, from the demo word lists."""
    from relmanager.store import demo_names as words

    folder.mkdir(parents=True)
    names = []
    for n in range(count):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        names.append(f"{first} {last}")
        (folder / f"c{n}.vcf").write_text(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c{n}\r\nFN:{first} {last}\r\n"
            f"N:{last};{first};;;\r\nEMAIL:{first.lower()}.{n}@example.org\r\n"
            f"ORG:{rng.choice(words.ORG_PREFIXES)} Labs\r\nEND:VCARD\r\n", encoding="utf-8")
    return names


def khard_name_search(runs: int) -> Result | None:
    """Name search in 10,000 contacts: our command line vs khard's, on the same people."""
    khard = shutil.which("khard") or str(ROOT / "bench" / ".cache" / "khard" / "bin" / "khard")
    if not Path(khard).exists():
        return Result("name search in 10,000 contacts vs khard", ">= 20x faster", "ms",
                      float("nan"), note="khard not installed: bench/run.py --install-khard")
    tmp = Path(tempfile.mkdtemp(prefix="rm-khard-"))
    try:
        rng = random.Random(5)
        _write_vdir(tmp / "book", 10_000, rng)
        config = tmp / "khard.conf"
        config.write_text(f"[addressbooks]\n[[book]]\npath = {tmp / 'book'}\n"
                          "[general]\ndebug = no\n[contact table]\ndisplay = first_name\n")
        db = tmp / "rm.sqlite3"
        subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db), "demo",
                        "--contacts", "10000", "--interactions", "0", "--quiet"],
                       check=True, capture_output=True, cwd=ROOT)
        query = "nakamura"

        def run_khard() -> None:
            subprocess.run([khard, "-c", str(config), "list", query], check=False,
                           capture_output=True)

        def run_ours() -> None:
            subprocess.run([sys.executable, "-m", "relmanager", "list", "--db", str(db),
                            "--search", query], check=True, capture_output=True, cwd=ROOT)

        theirs = median(timed(run_khard, runs))
        ours_cli = median(timed(run_ours, runs))
        ratio = theirs / ours_cli
        return Result("name search in 10,000 contacts vs khard (both as commands)",
                      ">= 20x faster", "ms", ours_cli, floor=theirs, ratio=ratio,
                      ok=ratio >= 20, runs=runs,
                      note="ratio = khard time / ours; includes each process's start-up")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def in_process_name_search(runs: int) -> Result:
    """The same search without process start-up: what the GUI pays per keystroke."""
    tmp = Path(tempfile.mkdtemp(prefix="rm-10k-"))
    try:
        db = tmp / "rm.sqlite3"
        subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db), "demo",
                        "--contacts", "10000", "--interactions", "0", "--quiet"],
                       check=True, capture_output=True, cwd=ROOT)
        init_db(db)
        now = datetime.now()
        samples = timed(lambda: queries.contact_ids(queries.ContactFilter(text="nakamura"),
                                                    now), runs * 10)
        close_db()
        return Result("name search in 10,000 contacts, in process", "(for reference)", "ms",
                      median(samples), runs=runs * 10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
