"""A live import must not be taken back because its pid looks dead (branch rwrite3).

A large import marks its batch unfinished, and the next open of the database takes back
the parts of an importer that is gone (``store.import_parts.recover_unfinished``). Gone
was decided from the pid in the mark: a Flatpak or container app and a host command line
on the same database live in different pid namespaces, where the importer's pid names
another process or none. The second process then took back the committed parts of an
import still running. Now the importer holds a lock file of its own beside the database
(``store.import_lock``), which every namespace sees held until the importer dies.

From outside: ``relmanager import`` in its own process (under ``unshare --pid`` where it
can run, or with the mark's pid made a dead one), paused between two parts (it waits for
the write lock another process holds, and is stopped there), while a third process opens
the database (``relmanager imports``); then the importer is killed, or let go on.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.live_app import ROOT, run_cli
from tests.reliability.test_killed_large_import import CARDS, _cards

UNFINISHED = "import_unfinished.%"


def _state(db: Path) -> tuple[int, int, list[tuple[int, int]], list[dict]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        imported = conn.execute("SELECT count(*) FROM contact "
                                "WHERE import_batch_id IS NOT NULL").fetchone()[0]
        batches = conn.execute("SELECT id, added FROM import_batch WHERE undone_at IS NULL"
                               ).fetchall()
        marks = [json.loads(v) for (v,) in conn.execute(
            "SELECT value FROM setting WHERE key LIKE ?", (UNFINISHED,))]
    return contacts, imported, batches, marks


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", "true"],
                          check=False, capture_output=True)
    return done.returncode == 0


def _start_import(db: Path, vcf: Path, namespace: bool) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "relmanager", "import", "--db", str(db), str(vcf)]
    if namespace:  # as a Flatpak or container app beside a host command line
        command = ["unshare", "--pid", "--fork", "--mount-proc", *command]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _pause_between_parts(importer: subprocess.Popen, db: Path) -> int:
    """Once a part is in, take the write lock in one of the importer's pauses between
    two parts (polling every millisecond, as the window does), so the importer waits for
    it before its next part, and stop it (SIGSTOP) there. The contacts in by then."""
    deadline = time.monotonic() + 180
    seen = 0
    while time.monotonic() < deadline and importer.poll() is None and seen == 0:
        try:
            seen = _state(db)[1]
        except sqlite3.OperationalError:  # the schema is still being made
            seen = 0
        time.sleep(0.005)
    assert importer.poll() is None and 0 < seen < CARDS, "no part was seen in time"
    holder = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        while True:
            try:
                holder.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError:  # a part is being written
                assert time.monotonic() < deadline, "the importer never let go of the lock"
                time.sleep(0.001)
        os.killpg(importer.pid, signal.SIGSTOP)
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    (_contacts, imported, _batches, marks) = _state(db)
    assert len(marks) == 1 and 0 < imported < CARDS, (imported, marks)
    return imported


def _dead_pid() -> int:
    gone = subprocess.Popen(["true"])
    gone.wait()
    return gone.pid


@pytest.mark.slow
@pytest.mark.parametrize(("namespace", "linked"), [(True, False), (False, False), (False, True)],
                         ids=["unshare-pid", "dead-pid", "dead-pid-opened-by-a-link"])
def test_a_paused_import_is_left_alone_and_taken_back_once_killed(
        db_path: Path, tmp_path: Path, namespace: bool, linked: bool) -> None:
    """``linked``: the second process names the database by a symbolic link in another
    folder (as a sandbox's mapped path may): the lock file is beside the file itself."""
    if namespace and not _unshare_works():
        pytest.skip("unshare --pid needs root (or user namespaces) here")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    importer = _start_import(db_path, _cards(tmp_path / "big.vcf"), namespace)
    try:
        imported = _pause_between_parts(importer, db_path)
        if namespace:  # its pid there is not its pid here
            assert _state(db_path)[3][0]["pid"] != importer.pid
        else:  # as another namespace sees it: a pid nobody has
            with sqlite3.connect(db_path, timeout=10) as conn:
                conn.execute("UPDATE setting SET value = json_set(value, '$.pid', ?) "
                             "WHERE key LIKE ?", (_dead_pid(), UNFINISHED))

        # Another process opens the database while the importer still runs: nothing
        # of what it committed is taken back.
        seen_as = db_path
        if linked:
            seen_as = tmp_path / "elsewhere" / "link.sqlite3"
            seen_as.parent.mkdir()
            seen_as.symlink_to(db_path)
        listed = run_cli(seen_as, "imports")
        assert listed.returncode == 0, listed.stderr
        _contacts, still, batches, marks = _state(db_path)
        assert (still, len(batches), len(marks)) == (imported, 1, 1), (
            f"a live import's {imported} contacts were taken back: {still} left")

        os.killpg(importer.pid, signal.SIGKILL)
        importer.wait(30)
        # Killed: the next open takes every part back, and its lock file goes too.
        assert run_cli(db_path, "list").returncode == 0
        assert _state(db_path) == (1, 0, [], [])
        assert not list(db_path.parent.glob(f".{db_path.name}.import-*.lock"))
    finally:
        if importer.poll() is None:
            os.killpg(importer.pid, signal.SIGKILL)
        importer.communicate(timeout=30)


@pytest.mark.slow
def test_a_paused_import_goes_on_whole_after_another_process_looked(
        db_path: Path, tmp_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    importer = _start_import(db_path, _cards(tmp_path / "big.vcf"), namespace=False)
    try:
        _pause_between_parts(importer, db_path)
        with sqlite3.connect(db_path, timeout=10) as conn:
            conn.execute("UPDATE setting SET value = json_set(value, '$.pid', ?) "
                         "WHERE key LIKE ?", (_dead_pid(), UNFINISHED))
        assert run_cli(db_path, "imports").returncode == 0
        os.killpg(importer.pid, signal.SIGCONT)
        out, err = importer.communicate(timeout=300)
        assert importer.returncode == 0, err
        assert f"{CARDS} added" in out.replace(",", ""), out
        contacts, imported, batches, marks = _state(db_path)
        assert (contacts, imported, len(batches), marks) == (CARDS + 1, CARDS, 1, [])
        assert not list(db_path.parent.glob(f".{db_path.name}.import-*.lock"))
    finally:
        if importer.poll() is None:
            os.killpg(importer.pid, signal.SIGKILL)
            importer.communicate(timeout=30)
