"""How the tests measure a child process's peak memory, written once: the command runs
under a small Python process whose only child it is, and that process reports
``RUSAGE_CHILDREN``'s peak resident set. Why the process between: Linux keeps a process's
``ru_maxrss`` across exec, so a child forked straight from the test run reports the test
run's size (a 190 MB pytest made a 40 MB read look like 190 MB), and this works for any
command (the command line's import cannot report its own ``VmHWM``). The hostile calendar
readers, the import bounds and the streaming tests all measure this way.

Also here: one file imported for real by the command line in a child, measured against
issue 19's bound of three times the file's size plus 150 MB."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Runs argv[2:] with a timeout of argv[1] seconds (0: none) and prints its exit code
#: ("timeout" when it was killed for running over) and its peak RSS in KiB.
_MEASURE = ("import resource, subprocess, sys\n"
            "try:\n"
            "    code = subprocess.run(sys.argv[2:],\n"
            "                          timeout=float(sys.argv[1]) or None).returncode\n"
            "except subprocess.TimeoutExpired:\n"
            "    code = 'timeout'\n"
            "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


@dataclass(frozen=True)
class Measured:
    """A finished child: exit code (None when killed for running over its time), its own
    peak resident set, what it printed before the measure, and its error output."""

    code: int | None
    peak_kib: int
    out: str
    err: str


def measured_run(argv: list[str], env: dict[str, str] | None = None, *,
                 timeout: float | None = None,
                 preexec_fn: Callable[[], None] | None = None) -> Measured:
    """``argv`` run in its own process and measured (see the module). ``preexec_fn`` (a
    memory limit) holds for the command too: limits are inherited."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(timeout or 0), *argv],
                          env=env, check=True, capture_output=True, text=True,
                          preexec_fn=preexec_fn,
                          timeout=None if timeout is None else timeout + 60)
    before, _, last = done.stdout.rstrip("\n").rpartition("\n")
    code, peak = last.split()
    return Measured(None if code == "timeout" else int(code), int(peak), before, done.stderr)


@dataclass(frozen=True)
class Imported:
    case: str
    size: int  # bytes
    code: int | None
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
    run = measured_run([sys.executable, "-m", "relmanager.cli", "import", str(source)], env)
    return Imported(case, source.stat().st_size, run.code, run.peak_kib,
                    time.perf_counter() - started)
