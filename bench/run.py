"""Run the benchmark suite and print a table of medians and ratios.

    .venv/bin/python -m bench.run [--runs N] [--only NAME] [--install-khard]

Builds (once, cached in bench/.cache) the data set with
``relmanager demo --contacts 100000 --interactions 1000000``, runs each benchmark
several times, prints a Markdown table and writes it as JSON to bench/results/latest.json.
It is not part of the test suite's pass/fail.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable

from bench import bench_store, bench_sync
from bench.harness import CACHE, Result, dataset, machine, save, table


def _install_khard() -> None:
    venv = CACHE / "khard"
    if not (venv / "bin" / "khard").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "khard"], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", action="append", default=[],
                        help="run only benchmarks whose key contains this")
    parser.add_argument("--install-khard", action="store_true",
                        help="install khard into bench/.cache for the comparison")
    args = parser.parse_args()
    if args.install_khard:
        _install_khard()
    if args.only and all(o.startswith("sync") for o in args.only):
        path = CACHE / "unused"  # the sync benchmarks bring their own data
    else:
        path = dataset()
    benches: dict[str, Callable[[], Result | list[Result] | None]] = {
        "sync": lambda: bench_sync.benchmarks(args.runs),
        "search": lambda: bench_store.search_keystrokes(path, max(1, args.runs // 3)),
        "drop": lambda: bench_store.drop_commit(path, args.runs * 5),
        "cold": lambda: bench_store.going_cold(path, args.runs),
        "khard": lambda: bench_store.khard_name_search(max(3, args.runs // 2)),
        "name10k": lambda: bench_store.in_process_name_search(args.runs),
    }
    try:
        from bench import bench_gui
    except ImportError:
        bench_gui = None
    if bench_gui is not None:
        benches.update(bench_gui.benchmarks(path, args.runs))
    results = []
    for key, bench in benches.items():
        if args.only and not any(o in key for o in args.only):
            continue
        print(f"running {key} ...", file=sys.stderr)
        result = bench()
        if isinstance(result, list):
            results.extend(result)
        elif result is not None:
            results.append(result)
    print(f"\nMachine: {machine()}\n")
    print(table(results))
    print(f"\n(JSON: {save(results)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
