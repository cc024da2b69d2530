"""Run the benchmark suite and print a table of ratios to floors measured in the same run.

    .venv/bin/python -m bench.run [--runs N] [--only KEY] [--compare REF.json]
                                  [--save PATH] [--write-readme] [--install-khard]

Builds (once, cached in bench/.cache) the data set with
``relmanager demo --contacts 100000 --interactions 1000000``, runs each benchmark with its
floor, prints a Markdown table and writes it as JSON to bench/results/latest.json (or
``--save``). With ``--compare`` it then prints each row's change against that saved run
and exits 1 if a row's ratio is more than 10% worse; with ``--write-readme`` it puts the
table in README.md (``bench.readme``). It is not part of the tests.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bench
from bench import bench_store
from bench.harness import CACHE, Result, dataset, load_average, machine, save, table

Bench = Callable[[], Result | list[Result] | None]
#: Modules with their own registration below; every other ``bench/bench_<key>.py`` with a
#: ``benchmarks(db_path, runs) -> list[Result]`` is picked up as key ``<key>``.
BUILT_IN = {"bench_store", "bench_gui"}


def _install_khard() -> None:
    venv = CACHE / "khard"
    if not (venv / "bin" / "khard").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "khard"], check=True)


def feature_modules() -> list[str]:
    """``bench_<key>`` modules other than the built-in ones, in name order."""
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__)
                  if m.name.startswith("bench_") and m.name not in BUILT_IN)


def _views() -> Any:
    return importlib.import_module("bench.bench_views")


def suites(path: Path, runs: int) -> dict[str, Bench]:
    benches: dict[str, Bench] = {
        "search": lambda: bench_store.search_keystrokes(path, max(1, runs // 3)),
        "drop": lambda: bench_store.drop_commit(path, runs * 5),
        "cold": lambda: bench_store.going_cold(path, runs),
        "khard": lambda: bench_store.khard_name_search(max(3, runs // 2)),
        "name10k": lambda: bench_store.in_process_name_search(runs),
    }
    try:
        from bench import bench_gui
    except ImportError:  # no PySide6: the store's rows still run
        bench_gui = None
    if bench_gui is not None:
        benches.update(bench_gui.benchmarks(path, runs))
    for name in feature_modules():
        key = name.removeprefix("bench_")
        if name == "bench_views":
            # Keys "views.board" and "views.timeline": `--only views` runs both, as
            # before, and `--only board` the board's row alone.
            benches[f"{key}.board"] = lambda: [_views().board_populated(path, runs)]
            benches[f"{key}.timeline"] = lambda: list(_views().timeline(path, runs))
            continue
        def run_module(name: str = name) -> list[Result]:
            return list(importlib.import_module(f"bench.{name}").benchmarks(path, runs))
        benches[key] = run_module
    return benches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", action="append", default=[],
                        help="run only benchmarks whose key contains this")
    parser.add_argument("--compare", type=Path, metavar="REF.json",
                        help="print each row's change against this saved run")
    parser.add_argument("--save", type=Path, metavar="PATH",
                        help="write the JSON here instead of bench/results/latest.json")
    parser.add_argument("--write-readme", action="store_true",
                        help="put this run's table in README.md (python -m bench.readme)")
    parser.add_argument("--install-khard", action="store_true",
                        help="install khard into bench/.cache for the comparison")
    args = parser.parse_args(argv)
    reference = None
    if args.compare is not None:
        from bench.compare import load

        reference = load(args.compare)  # fail now, not after the whole run
    if args.install_khard:
        _install_khard()
    if args.only and all(o.startswith("sync") for o in args.only):
        path = CACHE / "unused"  # the sync rows bring their own data
    else:
        path = dataset()
    results: list[Result] = []
    for key, run in suites(path, args.runs).items():
        if args.only and not any(o in key for o in args.only):
            continue
        print(f"running {key} ...", file=sys.stderr)
        result = run()
        if isinstance(result, list):
            results.extend(result)
        elif result is not None:
            results.append(result)
    print(f"\nMachine: {machine()}; load average at the end {load_average()}\n")
    print(table(results))
    saved = save(results, args.save)
    print(f"\n(JSON: {saved})")
    if args.write_readme:
        from bench import readme

        readme.main(["--write", str(saved)])
    if reference is not None:
        from bench.compare import load, report

        text, worse = report(reference, load(saved), reference_name=str(args.compare))
        print(f"\n{text}")
        return 1 if worse else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
