"""The peak-memory figures of the benchmarks (the app's ``--quit-after-paint`` probe and
the capture children) are the measured process's own, not its parent's: Linux's
``ru_maxrss`` carries the peak of the forking process across ``exec``, and the figures of a
benchmark runner's children read as the runner's size."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.bench_capture import own_peak_rss_mb
from tests.hostile.peak_memory import measured_run

CHILD = ("from relmanager.ui.shell.startup_probe import peak_rss_mb\n"
         "from bench.bench_capture import own_peak_rss_mb\n"
         "print(peak_rss_mb(), own_peak_rss_mb())\n")

TOUCH_80_MB = "b = bytearray(80 * 2**20); b[::4096] = b'\\1' * len(b[::4096])"


def test_a_child_of_a_large_process_reports_its_own_peak() -> None:
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touched: resident
    out = subprocess.run([sys.executable, "-c", CHILD], check=True, capture_output=True,
                         text=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"}
                         ).stdout.split()
    # the tests' one measure (tests/hostile/peak_memory.py), from the same large process
    touched = measured_run([sys.executable, "-c", TOUCH_80_MB])
    del ballast
    assert touched.code == 0 and 80 <= touched.peak_kib / 1024 < 200, touched
    probe, capture_child = map(float, out)
    # the child imports Qt and the window's modules: well under the parent's 400 MB
    assert 10 < probe < 250
    assert 10 < capture_child < 250
    assert own_peak_rss_mb() >= 400  # this process did hold the ballast


def test_a_measured_child_running_over_its_time_is_ended_not_left_behind() -> None:
    run = measured_run([sys.executable, "-c", "import os, time; print(os.getpid(), "
                        "flush=True); time.sleep(120)"], timeout=1)
    assert run.code is None
    with pytest.raises(ProcessLookupError):
        os.kill(int(run.out.split()[-1]), 0)
