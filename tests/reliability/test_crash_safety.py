"""Nothing lost: a writer process killed with SIGKILL at random moments, 50 times. After
each kill the database passes PRAGMA integrity_check and holds every write the writer had
reported as committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 50


def _committed(lines: list[str]) -> dict[str, list[list[str]]]:
    done: dict[str, list[list[str]]] = {"log": [], "move": [], "import": []}
    for line in lines:
        parts = line.split()
        if parts and parts[0] in done:
            done[parts[0]].append(parts[1:])
    return done


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(db, db_path, clock):
    for n in range(30):
        create_contact(clock, f"Person {n}", stage=Stage.ENCOUNTER)
    close_db()
    rng = random.Random(2026)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    corrupt = lost = writes = 0
    for trial in range(TRIALS):
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.writer", str(db_path), str(trial)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        # Kill mid-writes: after the first committed write (start-up time varies with the
        # machine's load, so a fixed delay could kill before any write), at a random moment.
        first = process.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.5))
        process.send_signal(signal.SIGKILL)
        out, err = process.communicate()
        assert process.returncode == -signal.SIGKILL, err
        done = _committed([first, *out.splitlines()])
        conn = sqlite3.connect(db_path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                corrupt += 1
            for (interaction_id,) in done["log"]:
                writes += 1
                if not conn.execute("SELECT 1 FROM interaction WHERE id = ?",
                                    (int(interaction_id),)).fetchone():
                    lost += 1
            for batch_id, added in done["import"]:
                writes += 1
                count = conn.execute("SELECT count(*) FROM contact WHERE import_batch_id = ?",
                                     (int(batch_id),)).fetchone()[0]
                lost += count != int(added)
            for contact_id, stage, moved in done["move"]:
                writes += 1
                if int(moved) and not conn.execute(
                        "SELECT 1 FROM stage_change WHERE contact_id = ? AND to_stage = ?",
                        (int(contact_id), stage)).fetchone():
                    lost += 1
            (stages_agree,) = conn.execute(
                "SELECT count(*) FROM contact c JOIN stage_change s ON s.id = "
                "(SELECT max(id) FROM stage_change WHERE contact_id = c.id) "
                "WHERE s.to_stage != c.stage").fetchone()
            assert stages_agree == 0  # a stage and its history row commit together
        finally:
            conn.close()
    print(f"\ncrash safety: {TRIALS} trials, {writes} reported writes, {corrupt} corrupt, "
          f"{lost} lost")
    assert (corrupt, lost) == (0, 0)
    assert writes > TRIALS  # the kills really landed among writes
