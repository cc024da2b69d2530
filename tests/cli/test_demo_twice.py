"""``relmanager demo`` on a database that holds its demo already (branch rwrite3).

The seed makes the same people (their uids too): run again, the demo stopped half way
with a bare "database error: UNIQUE constraint failed: contact.uid". It now refuses in
words, before writing anything (a second copy would put every person there twice), and
says how to get a second network; another seed still adds one. Real processes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = ["demo", "--contacts", "30", "--interactions", "90", "--quiet"]


def _run(args: list[str], db: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELMANAGER_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db), *args],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def _dump(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return list(conn.iterdump())


@pytest.mark.parametrize("again", [DEMO, [*DEMO[:2], "60", *DEMO[3:]]],
                         ids=["the same demo", "a larger one of the same seed"])
def test_a_second_demo_of_the_same_seed_is_refused_in_words(tmp_path: Path,
                                                            again: list[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    first = _run(DEMO, db, tmp_path)
    assert first.returncode == 0, first.stderr
    before = _dump(db)

    second = _run(again, db, tmp_path)
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr.strip() == (
        "relmanager: error: this database already holds the demo network of seed 1; "
        "nothing was added (the database is as it was): give another --seed to add a "
        "second network, or --db a new file for a demo of its own")
    assert _dump(db) == before

    other = _run([*again, "--seed", "2"], db, tmp_path)
    assert other.returncode == 0, other.stderr
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 30 + int(again[2])
