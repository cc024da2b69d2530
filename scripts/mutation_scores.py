"""Mutation score per module from mutmut's results (mutants/**/*.py.meta), for
scripts/mutate and docs/TESTING.md: killed / (killed + survived + timed out), and the
surviving mutants by function. Not-yet-run mutants are left out of the score."""

from __future__ import annotations

import fnmatch
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

KILLED = {1, 3}  # a test failed / errored (mutmut counts both as killed)
SURVIVED = {0}
TIMEOUT = {-24, 24, 36, 152}
NO_TESTS = 33  # no test of the selection reaches the mutated function


def main(globs: list[str]) -> int:
    rows = []
    survivors: dict[str, Counter[str]] = defaultdict(Counter)
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        module = str(meta.relative_to("mutants"))[:-len(".py.meta")].replace("/", ".")
        if globs and not any(fnmatch.fnmatch(module + ".x", g) for g in globs):
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if codes and all(c == NO_TESTS for c in codes.values()):
            print(f"{module}: no test of the selection reaches it ({len(codes)} mutants)")
            continue
        tested = {k: c for k, c in codes.items() if c is not None}
        if not tested:
            continue
        killed = sum(c in KILLED for c in tested.values())
        survived = [k for k, c in tested.items()
                    if c in SURVIVED or c in TIMEOUT or c == NO_TESTS]
        for key in survived:
            survivors[module][key.rsplit(".", 1)[1].split("__mutmut_")[0]] += 1
        rows.append((module, killed, len(tested), len(codes)))
    if not rows:
        print("no mutation results yet for", " ".join(globs))
        return 1
    print(f"{'module':<44} {'killed':>7} {'tested':>7} {'score':>6}")
    for module, killed, tested, _total in rows:
        print(f"{module:<44} {killed:>7} {tested:>7} {killed / tested:>6.0%}")
    total_killed = sum(r[1] for r in rows)
    total_tested = sum(r[2] for r in rows)
    print(f"{'all':<44} {total_killed:>7} {total_tested:>7} {total_killed / total_tested:>6.0%}")
    for module, functions in survivors.items():
        print(f"survivors in {module}: " + ", ".join(f"{f} ({n})" for f, n in
                                                      functions.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
