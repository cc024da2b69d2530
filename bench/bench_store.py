"""Benchmarks of the store's hot paths on the 100k/1M data set."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.harness import (
    ROOT,
    Result,
    captured_sql,
    ratio_row,
    raw_connection,
    reads,
    replay,
    replayable,
    timed_pair,
)
from relmanager.domain.clock import SystemClock
from relmanager.domain.stages import Stage
from relmanager.store import activity, queries, today_reads
from relmanager.store.db import close_db, init_db
from relmanager.store.models import database

TYPED = ("joanna k", "helix", "pydata", "müller", "nakamura")
#: Every prefix of every typed query: one list query per keystroke.
PREFIXES = [q[:n] for q in TYPED for n in range(1, len(q) + 1)]
#: The rows a list reads for its first screenful: the contact list model's first page
#: (``relmanager.ui.contacts.contact_model.PAGE``; the GUI benchmark checks they agree).
FIRST_PAGE = 200


def keystroke_sql(now: datetime) -> dict[str, list[str]]:
    """The queries one keystroke makes (the matching ids in sort order, the rows of the
    list's first page), captured from the app's own calls with their parameters bound, for
    each prefix. Needs an open database."""
    conn = database.connection()
    captured = {}
    for text in PREFIXES:
        with captured_sql(conn) as statements:
            ids = queries.contact_ids(queries.ContactFilter(text=text), now)
            queries.rows_for(ids[:FIRST_PAGE])
        captured[text] = reads(statements)
    return captured


SEARCH_FLOOR = ("the same queries (FTS match, sorted ids, the first page's 200 rows) in raw "
                "sqlite3")


def search_keystrokes(path: Path, runs: int) -> Result:
    """Each prefix of each typed query: the ids of every match in sort order plus the
    rows of the first page (what the list model reads to repaint), against the same
    queries run raw; ours and the floor take turns per keystroke."""
    init_db(path)
    now = datetime.now()
    captured = keystroke_sql(now)
    raw = raw_connection(path)

    def ours(text: str) -> None:
        ids = queries.contact_ids(queries.ContactFilter(text=text), now)
        queries.rows_for(ids[:FIRST_PAGE])

    for text in PREFIXES:  # warm both
        ours(text)
        replay(raw, captured[text])
    samples: list[float] = []
    floor: list[float] = []
    for run in range(runs):
        for n, text in enumerate(PREFIXES):
            first = (run + n) % 2 == 0
            for mine in (first, not first):
                start = time.perf_counter()
                if mine:
                    ours(text)
                else:
                    replay(raw, captured[text])
                (samples if mine else floor).append((time.perf_counter() - start) * 1000)
    raw.close()
    close_db()
    return ratio_row("search", "search keystroke to list data, 100k contacts", "ms",
                     samples, floor, 3, p95_limit=5, floor_name=SEARCH_FLOOR,
                     note=f"{len(PREFIXES)} keystrokes x {runs}")


def drop_commit(path: Path, runs: int) -> Result:
    """A board drop: one contact's stage change plus its history row, committed, against
    the same statements (captured from the app, transaction included) run raw. Each move
    is undone, untimed, before the next."""
    init_db(path)
    clock = SystemClock()
    rng = random.Random(3)
    ids = queries.contact_ids(queries.ContactFilter(stages=[Stage.RECOGNITION]), clock.now())
    chosen = rng.sample(ids, runs)
    conn = database.connection()
    captured = {}
    for contact_id in chosen:
        with captured_sql(conn) as statements:
            record = activity.move_stage(clock, [contact_id], Stage.DEVELOPMENT)
        activity.undo_move(record)
        captured[contact_id] = replayable(statements)
    raw = raw_connection(path)

    def floor(contact_id: int) -> None:
        for statement in captured[contact_id]:
            raw.execute(statement).fetchall()

    def undo_floor(contact_id: int) -> None:
        (change_id,) = raw.execute("SELECT max(id) FROM stage_change WHERE contact_id = ?",
                                   (contact_id,)).fetchone()
        activity.undo_move(activity.MoveRecord([activity.StageMove(
            contact_id, Stage.RECOGNITION.value, Stage.DEVELOPMENT.value, change_id)]))

    samples: list[float] = []
    base: list[float] = []
    for n, contact_id in enumerate(chosen):
        for mine in ((True, False) if n % 2 else (False, True)):
            start = time.perf_counter()
            if mine:
                record = activity.move_stage(clock, [contact_id], Stage.DEVELOPMENT)
                samples.append((time.perf_counter() - start) * 1000)
                activity.undo_move(record)
            else:
                floor(contact_id)
                base.append((time.perf_counter() - start) * 1000)
                undo_floor(contact_id)
    raw.close()
    close_db()
    return ratio_row("drop", "a drop committed (stage change + history row)", "ms", samples,
                     base, 3, floor_name="the same statements in raw sqlite3, committed")


def going_cold(path: Path, runs: int) -> Result:
    init_db(path)
    now = datetime.now()
    # The scan Today, the tray menu, the digest and the reminder pass run (one read,
    # store.today_reads), each row made a ranked item by the domain's rules.
    found = len(today_reads.cold_items(now, set(), {}))
    raw = raw_connection(path)
    ours, floor = timed_pair(
        lambda: today_reads.cold_items(now, set(), {}),
        lambda: raw.execute(today_reads.COLD_SQL, (str(now),)).fetchall(), runs)
    raw.close()
    close_db()
    return ratio_row("cold", "going-cold scan", "ms", ours, floor, 3,
                     floor_name="its query in raw sqlite3",
                     note=f"{found:,} contacts cooling or cold")


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
        return Result("khard", "name search in 10,000 contacts vs khard", "ms", float("nan"),
                      note="khard not installed: bench.run --install-khard",
                      budget="<= 0.05x (20x faster)")
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

        ours, theirs = timed_pair(run_ours, run_khard, runs)
        row = ratio_row("khard", "name search in 10,000 contacts vs khard (both as commands)",
                        "ms", ours, theirs, 0.05,
                        floor_name="khard list on the same people as a vdir")
        row.budget = "<= 0.05x (20x faster)"
        row.note = (f"{1 / row.ratio:.0f}x faster; each process's start-up included"
                    if row.ratio else "")
        return row
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
        flt = queries.ContactFilter(text="nakamura")
        with captured_sql(database.connection()) as statements:
            queries.contact_ids(flt, now)
        raw = raw_connection(db)
        ours, floor = timed_pair(lambda: queries.contact_ids(flt, now),
                                 lambda: replay(raw, reads(statements)), runs * 10)
        raw.close()
        close_db()
        return ratio_row("name10k", "name search in 10,000 contacts, in process", "ms", ours,
                         floor, 3, floor_name="the same query in raw sqlite3")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
