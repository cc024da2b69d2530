"""One file imported for real by the command line in a child process, measured: its exit
code, peak resident set (``getrusage`` of the child) and wall time, against issue 19's
bound of three times the file's size plus 150 MB. The bounds and streaming tests share
it, so the budget and the way it is measured are written once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Runs the command in a child and prints the child's peak RSS (kB): RUSAGE_CHILDREN of a
#: process that has only that one child.
_MEASURE = ("import resource, subprocess, sys\n"
            "code = subprocess.run(sys.argv[1:]).returncode\n"
            "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def measured_run(argv: list[str], env: dict[str, str] | None = None,
                 **options: object) -> tuple[int, int, str]:
    """(exit code, peak resident set in KiB, what it printed before) of ``argv`` run in
    its own process. Why the small process between: Linux keeps a process's peak across
    exec, so a child forked straight from the test run reports the test run's size (a
    190 MB pytest made a 40 MB read look like 190 MB)."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *argv], env=env, check=True,
                         capture_output=True, text=True, **options).stdout  # type: ignore[call-overload]
    before, _, last = out.rstrip("\n").rpartition("\n")
    code, peak = last.split()
    return int(code), int(peak), before


def peak_rss_kib(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(exit code, peak resident set in KiB) of ``argv`` run in its own process."""
    code, peak, _out = measured_run(argv, env)
    return code, peak


@dataclass(frozen=True)
class Imported:
    case: str
    size: int  # bytes
    code: int
    peak_kib: int
    elapsed: float  # seconds

    @property
    def budget_kib(self) -> int:
        return 3 * self.size // 1024 + 150 * 1024

    def assert_within_budget(self) -> None:
        """Imported (exit code 0) within three times its size plus 150 MB."""
        print(f"{self.case}: {self.size / 2**20:.0f} MB file, peak {self.peak_kib / 1024:.0f}"
              f" MB (budget {self.budget_kib / 1024:.0f} MB), {self.elapsed:.1f} s")
        assert self.code == 0
        assert self.peak_kib <= self.budget_kib, (
            f"{self.case}: peak {self.peak_kib / 1024:.0f} MB > "
            f"{self.budget_kib / 1024:.0f} MB")


def import_in_child(case: str, source: Path, db_path: Path) -> Imported:
    """``relmanager import SOURCE`` on ``db_path`` in its own process, measured."""
    env = {**os.environ, "RELMANAGER_DB": str(db_path)}
    started = time.perf_counter()
    code, peak = peak_rss_kib([sys.executable, "-m", "relmanager.cli", "import", str(source)],
                              env)
    return Imported(case, source.stat().st_size, code, peak, time.perf_counter() - started)
