"""A full disk and a read-only file system (issue 19), on real tmpfs mounts: the user can
still list, check and export; a write says "the disk is full" (not "disk I/O error") or
that the file system is read-only, and changes nothing. Skipped where mounting is not
permitted (not root, or in a container without the capability)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.store.db import close_db


def _mount(point: Path, options: str) -> None:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")


@pytest.fixture
def small_disk(tmp_path):
    point = tmp_path / "disk"
    _mount(point, "size=4m,mode=0700")
    yield point
    close_db()
    subprocess.run(["umount", "-l", str(point)], check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    # The last partial blocks too: nothing is left for the database's index.
    try:
        with (folder / "filler2").open("wb") as out:
            while True:
                out.write(b"\0" * 512)
                out.flush()
    except OSError:
        pass


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys, *argv: str, clock=None) -> tuple[int, str, str]:
    code = main(list(argv), clock=clock)
    close_db()
    out, err = capsys.readouterr()
    return code, out, err


def _reads_work(db: Path, capsys, tmp_path, *names: str) -> None:
    code, out, err = _run(capsys, "list", "--db", str(db))
    assert code == 0, err
    for name in names:
        assert name in out
    code, out, err = _run(capsys, "check", "--db", str(db))
    assert code == 0, err
    assert ": ok" in out
    target = tmp_path / "saved.vcf"
    code, out, err = _run(capsys, "export", "vcard", str(target), "--db", str(db))
    assert code == 0, err
    for name in names:
        assert name in target.read_text(encoding="utf-8")


def test_a_full_disk_still_reads_and_exports_and_says_the_disk_is_full(small_disk, tmp_path,
                                                                      clock, capsys):
    db = small_disk / "relmanager.sqlite3"
    _run(capsys, "add", "--db", str(db), "Ada Lovelace", "--email", "ada@example.org", clock=clock)
    _fill(small_disk)
    before = _digest(db)
    _reads_work(db, capsys, tmp_path, "Ada Lovelace")
    code, _out, err = _run(capsys, "add", "--db", str(db), "Charles Babbage", clock=clock)
    assert code != 0
    assert "the disk is full" in err and "disk I/O error" not in err, err
    assert _digest(db) == before


_WRITE_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA wal_autocheckpoint = 0")
with conn:
    conn.execute("UPDATE contact SET display_name = 'Ada Countess of Lovelace'")
os._exit(0)  # killed: the change is only in the WAL
"""


def test_changes_still_in_the_wal_are_shown_from_a_private_copy(small_disk, tmp_path, clock,
                                                                capsys):
    db = small_disk / "relmanager.sqlite3"
    _run(capsys, "add", "--db", str(db), "Ada Lovelace", clock=clock)
    subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(db)], check=True)
    assert db.with_name(db.name + "-wal").stat().st_size > 0
    _fill(small_disk)
    _reads_work(db, capsys, tmp_path, "Ada Countess of Lovelace")


@pytest.mark.parametrize("crashed", [False, True], ids=["closed-cleanly", "killed-writer"])
def test_a_read_only_file_system_still_reads(small_disk, tmp_path, clock, capsys, crashed):
    db = small_disk / "relmanager.sqlite3"
    _run(capsys, "add", "--db", str(db), "Ada Lovelace", clock=clock)
    if crashed:  # a -wal and -shm left behind, with a change only in the WAL
        subprocess.run([sys.executable, "-c", _WRITE_AND_DIE, str(db)], check=True)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    _reads_work(db, capsys, tmp_path,
                "Ada Countess of Lovelace" if crashed else "Ada Lovelace")
    code, _out, err = _run(capsys, "add", "--db", str(db), "Charles Babbage", clock=clock)
    assert code != 0
    assert "read-only" in err, err
