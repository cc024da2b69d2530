"""A closed pipe is the normal end of ``relmanager list | head -1``: the command stops
quietly (exit 0, or 141 from the shell's SIGPIPE convention) and prints no error.

Real processes and a real shell pipe: the reader (``head -1``) exits after one line and
the writer's next write fails with EPIPE, which is exactly what a user sees."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RELMANAGER = [sys.executable, "-m", "relmanager"]


def _run(args: list[str], db: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "RELMANAGER_HOME": str(home)}
    return subprocess.run([*RELMANAGER, "--db", str(db), *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """3,000 contacts: far more output than a pipe's 64 KiB buffer holds."""
    home = tmp_path_factory.mktemp("pipehome")
    db = home / "pipe.sqlite3"
    done = _run(["demo", "--contacts", "3000", "--quiet"], db, home)
    assert done.returncode == 0, done.stderr
    for _ in range(3):  # a few imports and backups, so `imports`/`backups` list something
        assert _run(["backup"], db, home).returncode == 0
    return db, home


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["list", "--archived"],
                                     ["backups"], ["imports"]])
def test_a_closed_pipe_ends_a_listing_quietly(big_db: tuple[Path, Path],
                                              command: list[str]) -> None:
    db, home = big_db
    env = {**os.environ, "RELMANAGER_HOME": str(home)}
    argv = " ".join([*RELMANAGER, "--db", str(db), *command])
    shell = f"set -o pipefail; {argv} | head -1"
    done = subprocess.run(["bash", "-c", shell], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode in (0, 141), (done.returncode, done.stderr)
    assert done.stdout.count("\n") <= 1
    assert "error" not in done.stderr.lower(), done.stderr
    assert "Broken pipe" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_a_pipe_closed_at_once_is_quiet_too(big_db: tuple[Path, Path]) -> None:
    """The reader closes before the first byte: every write fails, still no message."""
    db, home = big_db
    env = {**os.environ, "RELMANAGER_HOME": str(home)}
    read_end, write_end = os.pipe()
    os.close(read_end)
    done = subprocess.run([*RELMANAGER, "--db", str(db), "list"], env=env,
                          stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120,
                          check=False)
    os.close(write_end)
    assert done.returncode in (0, 141), done.stderr
    assert done.stderr == "", done.stderr
