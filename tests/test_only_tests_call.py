"""No function of the app that only tests (or the benchmarks) call: scripts/only_tests_call.py
over the whole tree, its kept exceptions named there with their reasons. On the tree before
branch mut2 it named eleven (store.merge.plan_merge, ContactField.record_field,
warmth.is_tracked, ...)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_function_of_the_app_is_called_only_by_tests():
    done = subprocess.run([sys.executable, "scripts/only_tests_call.py"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
