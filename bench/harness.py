"""The benchmark harness: a cached data set, repeated runs, medians, ratios, a table.

Each benchmark measures its figure side by side with its floor in the same run (what the
same work costs in the simplest possible program), so the table says how much our layers
add, not just how fast this machine is today.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "results"
DATASET_VERSION = "2"  # bump when the demo generator's output changes


@dataclass
class Result:
    name: str
    budget: str
    unit: str  # "ms", "cards/s", "MB", "x"
    median: float
    floor: float | None = None
    ratio: float | None = None
    ok: bool | None = None
    runs: int = 0
    note: str = ""
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)


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


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


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


def table(results: list[Result]) -> str:
    lines = [
        "| benchmark | median | floor | ratio | budget | ok |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        floor = f"{r.floor:,.1f} {r.unit}" if r.floor is not None else ""
        ratio = f"{r.ratio:,.2f}x" if r.ratio is not None else ""
        ok = {True: "yes", False: "**no**", None: "n/a"}[r.ok]
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.name}{note} | {r.median:,.1f} {r.unit} | {floor} | {ratio} | "
                     f"{r.budget} | {ok} |")
    return "\n".join(lines)


def save(results: list[Result]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "latest.json"
    payload = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M:%S"),
               "results": [asdict(r) for r in results]}
    path.write_text(json.dumps(payload, indent=2))
    return path
