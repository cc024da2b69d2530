"""The benchmark harness: a cached data set, repeated runs, ratios to floors, a table.

Every row has the same form: a measured figure, a **floor** measured in the same run
(what the same work costs in the simplest possible program: the same SQL in raw sqlite3,
an empty window painted, vobject alone, another tool), and a budget that is a ratio of
the two. Absolute figures move with the machine (a shared 2-core VM drifts by 20-40%
between runs); the ratio says how much our layers add, and holds on any machine.
Build rows with :func:`ratio_row`; see bench/README.md.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "results"
DATASET_VERSION = "4"  # bump when the demo generator's output changes


@dataclass
class Result:
    """One row of the table. ``ratio`` is ``median / floor``; the row is within budget
    when ``ratio <= limit`` (and ``p95_ratio <= p95_limit`` where that is set). A row
    without a floor is for reference only (``ok`` is None)."""

    key: str  # stable identifier, what --compare matches rows by
    name: str
    unit: str  # of median and floor: "ms", "MB"
    median: float
    floor: float | None = None
    floor_name: str = ""  # what the floor measures
    limit: float | None = None
    ratio: float | None = None
    p95: float | None = None
    floor_p95: float | None = None
    p95_ratio: float | None = None
    p95_limit: float | None = None
    worst: float | None = None
    ok: bool | None = None
    runs: int = 0
    note: str = ""
    budget: str = ""
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0.95 for p95): a figure that was measured."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(samples: list[float]) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def ratio_row(key: str, name: str, unit: str, samples: list[float],
              floor_samples: list[float], limit: float, *, floor_name: str,
              p95_limit: float | None = None, note: str = "") -> Result:
    """A row in the one form every benchmark uses: our samples, the floor's samples from
    the same run, and the budget as ``median / floor <= limit`` (plus, with
    ``p95_limit``, ``p95 / floor's p95 <= p95_limit``, for per-event figures such as
    keystrokes where the tail matters as much as the middle)."""
    value, base = median(samples), median(floor_samples)
    ratio = value / base if base > 0 else float("inf")
    ok = ratio <= limit
    budget = f"<= {limit:g}x"
    p95 = floor_p95 = p95_ratio = None
    if p95_limit is not None:
        p95, floor_p95 = percentile(samples, 0.95), percentile(floor_samples, 0.95)
        p95_ratio = p95 / floor_p95 if floor_p95 > 0 else float("inf")
        ok = ok and p95_ratio <= p95_limit
        budget = f"<= {limit:g}x median, <= {p95_limit:g}x p95"
    return Result(key, name, unit, value, floor=base, floor_name=floor_name, limit=limit,
                  ratio=ratio, p95=p95, floor_p95=floor_p95, p95_ratio=p95_ratio,
                  p95_limit=p95_limit, worst=max(samples) if samples else None, ok=ok,
                  runs=len(samples), note=note, budget=budget, samples=samples,
                  floor_samples=floor_samples)


def reference_row(key: str, name: str, unit: str, samples: list[float],
                  note: str = "") -> Result:
    """A figure shown for reference, with no floor and no budget."""
    return Result(key, name, unit, median(samples), runs=len(samples), note=note,
                  budget="(reference)", samples=samples)


def timed(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Milliseconds per call, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def timed_pair(ours: Callable[[], object], floor: Callable[[], object], runs: int,
               warmup: int = 1) -> tuple[list[float], list[float]]:
    """Our samples and the floor's, taking turns going first, so that neither always
    runs in the other's aftermath (a warm or a trashed cache, a burst of load on a
    shared machine)."""
    for _ in range(warmup):
        ours()
        floor()
    mine: list[float] = []
    base: list[float] = []
    for run in range(runs):
        order = ((ours, mine), (floor, base)) if run % 2 else ((floor, base), (ours, mine))
        for fn, samples in order:
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
    return mine, base


# -- the raw-SQL floors ------------------------------------------------------------------

@contextmanager
def captured_sql(conn: sqlite3.Connection) -> Iterator[list[str]]:
    """Every statement ``conn`` runs inside the block, with its parameters bound (SQLite's
    expanded SQL): what the app asked the database, to run again raw."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        yield statements
    finally:
        conn.set_trace_callback(None)


def replayable(statements: list[str]) -> list[str]:
    """The statements the app itself sent. The trace also reports what SQLite's full-text
    module ran on its own shadow tables (quoted ``'main'.'contact_fts_config'``) and, for
    a write, its statement again each time one of its triggers starts (Python's callback
    is given the statement's expanded SQL, not SQLite's ``-- TRIGGER`` text). Running the
    app's statements again runs all of that again, so both are left out."""
    result: list[str] = []
    for statement in statements:
        if not statement.strip() or statement.lstrip().startswith("--") \
                or "'main'." in statement:
            continue
        if result and statement == result[-1] and _is_write(statement):
            continue  # a trigger of the statement just recorded
        result.append(statement)
    return result


def _is_write(statement: str) -> bool:
    return statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")


def reads(statements: list[str]) -> list[str]:
    """The app's queries of a captured list (no BEGIN, COMMIT, PRAGMA or writes)."""
    return [s for s in replayable(statements)
            if s.split(None, 1)[0].upper() in ("SELECT", "WITH")]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the per-connection settings the app's has (page
    cache, synchronous, foreign keys...), so the floor is the same database under the same
    settings without our code on top."""
    from relmanager.store.db import PRAGMAS

    conn = sqlite3.connect(path, isolation_level=None)
    for name, value in PRAGMAS.items():
        conn.execute(f"PRAGMA {name} = {value}")
    return conn


def replay(conn: sqlite3.Connection, statements: list[str]) -> int:
    """Run captured queries raw, fetching every row; returns the rows fetched."""
    rows = 0
    for statement in statements:
        rows += len(conn.execute(statement).fetchall())
    return rows


# -- the data set, the machine, the table ------------------------------------------------

def dataset(contacts: int = 100_000, interactions: int = 1_000_000) -> Path:
    """The benchmark database, built once with ``relmanager demo`` and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{contacts}-{interactions}-v{DATASET_VERSION}.sqlite3"
    marker = path.with_suffix(".done")
    if not marker.exists():
        for stale in CACHE.glob(path.name + "*"):
            stale.unlink()
        print(f"building the data set ({contacts:,} contacts, {interactions:,} interactions)"
              " with relmanager demo ...", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "relmanager", "--db", str(path), "demo", "--contacts",
             str(contacts), "--interactions", str(interactions), "--seed", "7", "--quiet"],
            check=True, cwd=ROOT)
        marker.write_text(f"{time.perf_counter() - started:.1f}\n")
    return path


def machine() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} cores ({cpu}), {mem_gb:.0f} GiB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def _figure(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def _ratio_text(r: Result) -> str:
    if r.ratio is None:
        return ""
    text = f"{r.ratio:,.2f}x"
    if r.p95_ratio is not None:
        text += f" (p95 {r.p95_ratio:,.2f}x)"
    return text


def table(results: list[Result]) -> str:
    """Markdown, ratios first: the ratio and its budget, then the figures it came from."""
    lines = [
        "| benchmark | ratio | budget | ok | measured | floor | the floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ok = {True: "yes", False: "**no**", None: "n/a"}[r.ok]
        measured = _figure(r.median, r.unit)
        if r.p95 is not None:
            measured += f"; p95 {_figure(r.p95, r.unit)}"
        if r.worst is not None and r.p95 is not None:
            measured += f", worst {_figure(r.worst, r.unit)}"
        floor = _figure(r.floor, r.unit) if r.floor is not None else ""
        if r.floor_p95 is not None:
            floor += f"; p95 {_figure(r.floor_p95, r.unit)}"
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.name}{note} | {_ratio_text(r)} | {r.budget} | {ok} | "
                     f"{measured} | {floor} | {r.floor_name} |")
    return "\n".join(lines)


def payload(results: list[Result]) -> dict:
    return {"machine": machine(), "load": load_average(),
            "when": time.strftime("%Y-%m-%d %H:%M:%S"),
            "results": [asdict(r) for r in results]}


def save(results: list[Result], path: Path | None = None) -> Path:
    path = path or RESULTS / "latest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload(results), indent=2))
    return path
