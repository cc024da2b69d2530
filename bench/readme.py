"""The README's performance table, made from saved runs (nothing is typed by hand).

    .venv/bin/python -m bench.readme [RUN.json ...]           # print the block
    .venv/bin/python -m bench.readme --write [RUN.json ...]   # put it in README.md

With no file it reads ``bench/results/latest.json``. Several files are merged row by row
(by key, a later file's row replacing an earlier one's), for a table made of a full run
and a few rows re-run; each run's machine, load average and time are listed above the
table, so a reader sees which figures came from which conditions. ``--write`` replaces
what lies between the two marker comments of README.md's Performance section.

Why a generator: the section had become a pile of partial tables from several rounds
and loads, each edited by hand. The table is now exactly what ``bench.run`` prints
(``harness.table``: ratios first, then the figures and the floor), so regenerating it
after a run is one command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.harness import RESULTS, ROOT, Result, table

START = "<!-- bench:table:start (python -m bench.readme --write) -->"
END = "<!-- bench:table:end -->"


def _result(row: dict) -> Result:
    known = set(Result.__dataclass_fields__)
    return Result(**{k: v for k, v in row.items() if k in known})


def merged(runs: list[dict]) -> tuple[list[Result], list[str]]:
    """Rows of ``runs`` by key (a later run's row wins, in the earlier row's place), and
    one line per run saying where and when it was measured."""
    rows: dict[str, Result] = {}
    lines: list[str] = []
    for index, run in enumerate(runs, 1):
        keys = [row["key"] for row in run.get("results", [])]
        label = f"run {index}" if len(runs) > 1 else "Measured"
        lines.append(f"{label}: {run.get('when', '?')}, {run.get('machine', '?')}; load "
                     f"average at the end {run.get('load', '?')}"
                     + (f" (rows: {', '.join(f'`{k}`' for k in keys)})"
                        if len(runs) > 1 else ""))
        for row in run.get("results", []):
            rows[row["key"]] = _result(row)
    return list(rows.values()), lines


def block(runs: list[dict]) -> str:
    """The Markdown between the README's markers: the runs, then the one table."""
    results, lines = merged(runs)
    over = [r.key for r in results if r.ok is False]
    summary = (f"Over budget in these runs: {', '.join(f'`{k}`' for k in over)}."
               if over else "Every judged row within its budget in these runs.")
    missing = [key for key in _reference_keys() if key not in {r.key for r in results}]
    if missing:
        summary += (f" Not measured in these runs (their last figures are in "
                    f"`bench/results/reference.json`): {', '.join(f'`{k}`' for k in missing)}.")
    return "\n".join([START, "", *(f"* {line}" for line in lines), "", table(results), "",
                      summary, "", END])


def _reference_keys() -> list[str]:
    """The rows of the saved reference run, to name those a table leaves out."""
    try:
        data = json.loads((RESULTS / "reference.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [row.get("key", "") for row in data.get("results", []) if row.get("key")]


def write(readme: Path, text: str) -> None:
    """Replace the block between the markers (both must be there, in order)."""
    content = readme.read_text(encoding="utf-8")
    start, end = content.find(START), content.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{readme}: the markers of the performance table are missing")
    readme.write_text(content[:start] + text + content[end + len(END):], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from bench.compare import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="*", type=Path, metavar="RUN.json")
    parser.add_argument("--write", action="store_true", help="replace the block in README.md")
    args = parser.parse_args(argv)
    runs = [load(path) for path in (args.runs or [RESULTS / "latest.json"])]
    text = block(runs)
    if args.write:
        write(ROOT / "README.md", text)
        print(f"README.md: performance table from {len(runs)} run(s)", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
