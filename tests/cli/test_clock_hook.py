"""The test hook that starts the app's clock at a chosen moment (RELMANAGER_FAKE_NOW,
RELMANAGER_CLOCK_RATE): off by default, exact when set, a clear error when malformed,
and honoured by a real CLI process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from relmanager.domain.clock import ScaledClock, SystemClock, clock_from_env


def test_off_unless_set():
    assert isinstance(clock_from_env({}), SystemClock)
    assert isinstance(clock_from_env({"RELMANAGER_CLOCK_RATE": "60"}), SystemClock)


def test_starts_at_the_moment_and_rate_given():
    clock = clock_from_env({"RELMANAGER_FAKE_NOW": "2026-03-02T09:00:00",
                            "RELMANAGER_CLOCK_RATE": "60"})
    assert isinstance(clock, ScaledClock) and clock.rate == 60
    assert datetime(2026, 3, 2, 9) <= clock.now() < datetime(2026, 3, 2, 9, 5)


@pytest.mark.parametrize(("now", "rate"), [("next tuesday", ""), ("2026-03-02", "0"),
                                           ("2026-03-02", "x")])
def test_a_malformed_value_is_refused_by_name(now, rate):
    env = {"RELMANAGER_FAKE_NOW": now, "RELMANAGER_CLOCK_RATE": rate}
    with pytest.raises(SystemExit, match="RELMANAGER_FAKE_NOW/RELMANAGER_CLOCK_RATE"):
        clock_from_env(env)


def test_a_cli_process_lives_at_the_fake_moment(tmp_path, monkeypatch):
    monkeypatch.setenv("RELMANAGER_FAKE_NOW", "2025-01-17T21:00:00")
    db = str(tmp_path / "x.sqlite3")
    run = [sys.executable, "-m", "relmanager"]
    subprocess.run([*run, "add", "Ada Lovelace", "--db", db], check=True, timeout=60)
    subprocess.run([*run, "log", "Ada Lovelace", "--channel", "phone", "--db", db],
                   check=True, timeout=60)
    listed = json.loads(subprocess.run([*run, "list", "--json", "--db", db], check=True,
                                       timeout=60, capture_output=True, text=True).stdout)
    assert listed[0]["last_interaction_at"].startswith("2025-01-17T21:00")
