"""Each row of a run against a saved run: what changed, and which rows got worse.

    .venv/bin/python -m bench.run --compare bench/results/reference.json   # run, compare
    .venv/bin/python -m bench.compare OLD.json [NEW.json]    # two saved runs (NEW: latest)

A row is matched by its ``key`` and judged by its ratio to the floor measured in the same
run (portable between machines); the median is shown too, comparable only on the same
machine. A row whose ratio grew by more than :data:`THRESHOLD` is flagged. Lower is
better for every ratio; for rows saved before ratios existed, the unit decides.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

THRESHOLD = 0.10
HIGHER_IS_BETTER = ("cards/s", "x faster")


@dataclass(frozen=True)
class Change:
    key: str
    name: str
    figure: str  # "ratio" or "median"
    before: float | None
    after: float | None
    change: float | None  # +0.12: 12% worse; -0.05: 5% better
    worse: bool
    line: str


def load(path: Path) -> dict:
    """A saved run, with a message naming the problem if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"cannot read the saved run {path}: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise SystemExit(f"{path} is not a saved benchmark run (no 'results' list)")
    return data


def _key(row: dict) -> str:
    return str(row.get("key") or row.get("name"))


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not math.isnan(value):
        return float(value)
    return None


def _relative(before: float, after: float, higher_is_better: bool) -> float:
    """How much worse ``after`` is than ``before``, as a share of ``before``."""
    change = (after - before) / before
    return -change if higher_is_better else change


def compare_rows(reference: dict, current: dict, threshold: float = THRESHOLD) -> list[Change]:
    """One :class:`Change` per row of either run, current rows first, in their order."""
    before_rows = {_key(r): r for r in reference.get("results", [])}
    changes: list[Change] = []
    seen = set()
    for row in current.get("results", []):
        key = _key(row)
        seen.add(key)
        old = before_rows.get(key)
        name = str(row.get("name", key))
        if old is None:
            changes.append(Change(key, name, "", None, None, None, False,
                                  f"  new       {name}"))
            continue
        figure = "ratio" if _number(row.get("ratio")) is not None \
            and _number(old.get("ratio")) is not None else "median"
        before, after = _number(old.get(figure)), _number(row.get(figure))
        if before is None or after is None or before == 0:
            changes.append(Change(key, name, figure, before, after, None, False,
                                  f"  n/a       {name} (no {figure} in both runs)"))
            continue
        higher = figure == "median" and str(row.get("unit", "")) in HIGHER_IS_BETTER
        change = _relative(before, after, higher)
        worse = change > threshold
        unit = "x" if figure == "ratio" else f" {row.get('unit', '')}"
        detail = f"{figure} {before:,.2f}{unit} -> {after:,.2f}{unit}"
        if figure == "ratio":
            old_med, new_med = _number(old.get("median")), _number(row.get("median"))
            if old_med and new_med is not None:
                detail += (f"; median {old_med:,.1f} -> {new_med:,.1f} {row.get('unit', '')}"
                           f" ({(new_med - old_med) / old_med:+.0%})")
            old_p95, new_p95 = _number(old.get("p95_ratio")), _number(row.get("p95_ratio"))
            if old_p95 and new_p95 is not None:
                detail += f"; p95 ratio {old_p95:,.2f}x -> {new_p95:,.2f}x"
        mark = "WORSE" if worse else ("better" if change < -threshold else "same")
        changes.append(Change(key, name, figure, before, after, change, worse,
                              f"  {mark:<7} {change:+6.1%}  {name}: {detail}"))
    for key, old in before_rows.items():
        if key not in seen:
            changes.append(Change(key, str(old.get("name", key)), "", None, None, None,
                                  False, f"  missing   {old.get('name', key)} (not in this run)"))
    return changes


def report(reference: dict, current: dict, threshold: float = THRESHOLD,
           reference_name: str = "the reference") -> tuple[str, list[Change]]:
    """The printed comparison and the rows that got worse by more than ``threshold``."""
    changes = compare_rows(reference, current, threshold)
    worse = [c for c in changes if c.worse]
    lines = [f"Compared with {reference_name} ({reference.get('when', '?')}, "
             f"{reference.get('machine', 'machine unknown')}):"]
    if reference.get("machine") != current.get("machine"):
        lines.append("  (another machine: only the ratios are comparable, not the medians)")
    missing = [c for c in changes if c.line.lstrip().startswith("missing")]
    lines.extend(c.line for c in changes if c not in missing)
    if missing:  # a run of some rows (--only) leaves the others out: one line for them
        lines.append(f"  not in this run: {', '.join(c.key for c in missing)}")
    if worse:
        lines.append(f"{len(worse)} row(s) more than {threshold:.0%} worse: "
                     + "; ".join(c.name for c in worse))
    else:
        lines.append(f"no row more than {threshold:.0%} worse")
    return "\n".join(lines), worse


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    from bench.harness import RESULTS

    reference = load(Path(args[0]))
    current = load(Path(args[1]) if len(args) == 2 else RESULTS / "latest.json")
    text, worse = report(reference, current, reference_name=args[0])
    print(text)
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
