"""Hold each package to its coverage floor, from coverage.py's JSON report (the way
qutebrowser's scripts/dev/check_coverage.py holds its listed modules).

    python scripts/check_coverage.py coverage.json

Coverage is measured with ``branch = true`` (pyproject's [tool.coverage.run]), so a
package's figure counts lines and branches together, as coverage.py's own total does.
A floor below the target is the figure measured when the gate was set, rounded down:
raise it as tests are added (docs/TESTING.md lists the gaps); never lower it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: package -> (floor enforced now, the target from issue 20), in percent.
FLOORS: dict[str, tuple[float, float]] = {
    "relmanager/domain/": (95.0, 95.0),
    "relmanager/store/": (95.0, 95.0),  # 97.1% measured: docs/TESTING.md
    "relmanager/services/": (90.0, 90.0),
    "relmanager/ui/": (80.0, 80.0),
}


def package_figures(report: dict) -> dict[str, tuple[int, int]]:
    """package -> (covered lines + branches, all lines + branches)."""
    totals = {package: [0, 0] for package in FLOORS}
    for name, data in report["files"].items():
        path = name.replace("\\", "/")
        for package in FLOORS:
            if package in path:
                summary = data["summary"]
                totals[package][0] += summary["covered_lines"] + summary.get(
                    "covered_branches", 0)
                totals[package][1] += summary["num_statements"] + summary.get(
                    "num_branches", 0)
    return {p: (c, n) for p, (c, n) in totals.items()}


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "coverage.json")
    report = json.loads(path.read_text())
    failed = False
    for package, (covered, total) in package_figures(report).items():
        floor, target = FLOORS[package]
        if total == 0:
            print(f"{package:<24} no code measured: was the suite run with --cov?")
            failed = True
            continue
        percent = 100.0 * covered / total
        verdict = "ok" if percent >= floor else "BELOW FLOOR"
        gap = f" (target {target:.0f}%)" if floor < target else ""
        print(f"{package:<24} {percent:6.2f}%  floor {floor:.0f}%{gap}  {verdict}")
        failed |= percent < floor
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
