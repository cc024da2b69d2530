"""The lock file of an importer killed before its mark was committed (rwrite3's leftover).

A large import makes its lock file beside the database (``store.import_lock``), then
commits its batch and the mark naming that file. Killed in between, it leaves the file
and no mark: nothing ever removed it. From outside: ``relmanager import`` in its own
process waits for the write lock another process holds, right after making its file,
and is killed there (SIGKILL). The next import must neither refuse nor lose anything,
and a later writing open sweeps the file (``relmanager me --email``: a command that only
reads, such as ``imports``, writes nothing beside the database, files it left
included); a file whose lock is held (a live importer, in any pid namespace) or that is
young (an importer between making and locking it) stays.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relmanager.store.import_lock import SWEEP_AFTER_SECONDS
from tests.reliability.live_app import ROOT, run_cli
from tests.reliability.test_killed_large_import import CARDS, _cards


def _leftovers(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.import-*.lock"))


def _counts(db: Path) -> tuple[int, int, int]:
    """Contacts, import batches, unfinished marks."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        return (conn.execute("SELECT count(*) FROM contact").fetchone()[0],
                conn.execute("SELECT count(*) FROM import_batch").fetchone()[0],
                conn.execute("SELECT count(*) FROM setting "
                             "WHERE key LIKE 'import_unfinished.%'").fetchone()[0])


def _open_writing(db: Path) -> subprocess.CompletedProcess:
    """A command that opens the database to write (and so does the open's upkeep),
    changing nothing the tests count: one of the user's own addresses."""
    return run_cli(db, "me", "--email", "me@example.org")


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def _kill_after_its_lock_file(db: Path, vcf: Path) -> Path:
    """Start an import while another connection holds the write lock; kill it once its
    lock file is there (it then waits for the lock to commit its batch and mark)."""
    holder = sqlite3.connect(db, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        importer = subprocess.Popen(
            [sys.executable, "-m", "relmanager", "import", "--db", str(db), str(vcf)],
            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 180
        while not _leftovers(db) and importer.poll() is None:
            assert time.monotonic() < deadline, "the importer made no lock file in time"
            time.sleep(0.001)
        os.killpg(importer.pid, signal.SIGKILL)
        _out, err = importer.communicate(timeout=30)
        assert importer.returncode == -signal.SIGKILL, err  # killed, not finished
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    [left] = _leftovers(db)
    return left


@pytest.mark.slow
def test_a_killed_importers_lock_file_harms_the_next_import_and_is_swept(
        db_path: Path, tmp_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    vcf = _cards(tmp_path / "big.vcf")
    left = _kill_after_its_lock_file(db_path, vcf)
    assert _counts(db_path) == (1, 0, 0)  # nothing of it was committed

    # The next import, with the leftover beside the database: all of it, nothing refused.
    done = run_cli(db_path, "import", str(vcf), timeout=300)
    assert done.returncode == 0, done.stderr
    assert _counts(db_path) == (1 + CARDS, 1, 0)
    assert left.exists()  # young: it could be an importer about to lock it

    # Later (its age set back), a writing open sweeps it (a reading one leaves it); the
    # data is as it was.
    _age(left, SWEEP_AFTER_SECONDS + 60)
    assert run_cli(db_path, "imports").returncode == 0
    assert _leftovers(db_path) == [left]
    assert _open_writing(db_path).returncode == 0
    assert _leftovers(db_path) == []
    assert _counts(db_path) == (1 + CARDS, 1, 0)


def test_a_held_or_young_lock_file_is_never_swept(db_path: Path) -> None:
    """A live importer's file (its lock held by another process, as an importer in a
    container holds it) is kept however old; so is a young free one."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    held = db_path.parent / f".{db_path.name}.import-{'a' * 32}.lock"
    young = db_path.parent / f".{db_path.name}.import-{'b' * 32}.lock"
    other = db_path.parent / f".other.sqlite3.import-{'c' * 32}.lock"  # another database's
    for path in (held, young, other):
        path.write_bytes(b"")
    _age(held, SWEEP_AFTER_SECONDS * 10)
    _age(other, SWEEP_AFTER_SECONDS * 10)
    locker = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDWR)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(120)\n",
         str(held)], stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout is not None and locker.stdout.readline() == "held\n"
        assert _open_writing(db_path).returncode == 0
        assert held.exists() and young.exists() and other.exists()
    finally:
        locker.kill()
        locker.communicate(timeout=10)
    # Its holder gone, the old one goes at the next writing open; the young and the other
    # stay.
    assert _open_writing(db_path).returncode == 0
    assert not held.exists() and young.exists() and other.exists()
