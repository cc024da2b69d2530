"""Backups that can be trusted (issue 17, points 5, 6, 11, 13, 14): one set per database,
nothing left by a failed or killed backup, every listed backup checked, recovery offers
the newest *valid* one, folders the user names keep their mode, and ``backup OUT`` never
overwrites an existing file without --force."""

from __future__ import annotations

import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.paths import backup_dir, backups_root, data_dir
from relmanager.store import backups, migrations
from relmanager.store.db import close_db
from relmanager.ui.shell.recovery_dialogs import recovery_offer
from tests.reliability.live_app import ROOT, run_cli


def _cli(capsys, db: Path, *argv: str, clock=None) -> tuple[int, str, str]:
    code = main([argv[0], "--db", str(db), *argv[1:]], clock=clock)
    close_db()
    out, err = capsys.readouterr()
    return code, out, err


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_demo_and_real_databases_never_mix_backups(clock, capsys):
    real, demo = data_dir() / "relmanager.sqlite3", data_dir() / "demo.sqlite3"
    _cli(capsys, real, "add", "Real Person", clock=clock)
    assert _cli(capsys, real, "backup", clock=clock)[0] == 0
    real_backup = backups.list_backups(real)[0].path
    _cli(capsys, demo, "add", "Demo Person", clock=clock)
    for _day in range(9):  # seven demo days used to rotate every real backup away
        clock.advance(days=1)
        assert _cli(capsys, demo, "backup", clock=clock)[0] == 0
    assert [b.path for b in backups.list_backups(real)] == [real_backup]
    assert len(backups.list_backups(demo)) == backups.DEFAULT_KEEP
    code, out, _ = _cli(capsys, real, "check", clock=clock)
    assert code == 0 and f"newest backup: {real_backup} (checked)" in out
    code, out, _ = _cli(capsys, real, "backups", clock=clock)
    assert str(real_backup) in out and "backups/demo" not in out


def test_backups_in_the_old_shared_folder_move_to_their_own_database(clock, capsys):
    real, demo = data_dir() / "relmanager.sqlite3", data_dir() / "demo.sqlite3"
    _cli(capsys, real, "add", "Real Person", clock=clock)
    _cli(capsys, demo, "add", "Demo Person", clock=clock)
    shared = backups_root(real)
    shared.mkdir(mode=0o700, exist_ok=True)
    for db, name in ((real, "relmanager-20260301-090000.sqlite3"),
                     (demo, "relmanager-20260301-100000.sqlite3")):
        with sqlite3.connect(db) as source, sqlite3.connect(shared / name) as copy:
            source.backup(copy)
    assert [b.path.name for b in backups.list_backups(real)] == [
        "relmanager-20260301-090000.sqlite3"]
    assert [b.path.name for b in backups.list_backups(demo)] == [
        "relmanager-20260301-100000.sqlite3"]
    assert not list(shared.glob("*.sqlite3"))


def test_a_failed_backup_leaves_nothing(db, db_path, clock, monkeypatch):
    def half_then_fail(_db, target: Path) -> Path:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrations, "backup_file", half_then_fail)
    with pytest.raises(OSError):
        backups.backup_now(db_path, clock)
    folder = backup_dir(db_path)
    assert list(folder.iterdir()) == []


def test_a_backup_that_does_not_check_out_is_not_kept(db, db_path, clock, monkeypatch):
    def junk(_db, target: Path) -> Path:
        target.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8176)
        return target

    monkeypatch.setattr(migrations, "backup_file", junk)
    with pytest.raises(backups.StoreError, match="did not check out"):
        backups.backup_now(db_path, clock)
    assert list(backup_dir(db_path).iterdir()) == []


@pytest.mark.slow
def test_killed_backups_never_look_like_backups(db_path, tmp_path):
    """SIGKILL at random moments of `relmanager backup` on a database big enough to
    take a while: no file with a backup's name is ever unusable or readable by others,
    and the next listing removes what the killed ones left."""
    made = run_cli(db_path, "demo", "--contacts", "6000", "--quiet", timeout=300)
    assert made.returncode == 0, made.stderr
    rng = random.Random(17)
    folder = backup_dir(db_path)
    cut_short = 0
    for trial in range(8):
        process = subprocess.Popen(
            [sys.executable, "-m", "relmanager", "backup", "--db", str(db_path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if trial % 2:  # any moment
            time.sleep(rng.uniform(0.3, 1.2))
        else:  # once the copy is being written, whatever the machine's load
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and process.poll() is None and not any(
                    backups.PARTIAL in p.name for p in folder.glob(".*")):
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        cut_short += any(backups.PARTIAL in p.name for p in folder.glob(".*"))
        for path in folder.iterdir() if folder.is_dir() else []:
            assert _mode(path) == 0o600, f"trial {trial}: {path.name} is readable by others"
            if path.name.startswith(backups.PREFIX) and path.suffix == ".sqlite3":
                assert backups.verify(path) is None, f"trial {trial}: {path.name} is bad"
    assert cut_short, "no kill landed during a backup: the test proved nothing"
    listed = run_cli(db_path, "backups")
    assert listed.returncode == 0 and "BAD" not in listed.stdout, listed.stdout
    assert all(p.name.startswith(backups.PREFIX) and p.suffix == ".sqlite3"
               for p in folder.iterdir())


def test_backups_and_check_mark_bad_files_and_recovery_offers_the_newest_good_one(
        db, db_path, clock, capsys):
    good = backups.backup_now(db_path, clock)
    close_db()
    folder = backup_dir(db_path)
    empty = folder / "relmanager-20991231-000000.sqlite3"
    empty.touch(mode=0o600)
    cut = folder / "relmanager-20991230-000000.sqlite3"
    cut.write_bytes(good.read_bytes()[:1000])
    code, out, _ = _cli(capsys, db_path, "backups", clock=clock)
    assert code == 1
    lines = {line.split()[-1] if "BAD" not in line else line.split("  BAD")[0].split()[-1]:
             line for line in out.splitlines()}
    assert "BAD: empty (0 bytes)" in lines[str(empty)]
    assert "BAD: cut short" in lines[str(cut)]
    assert "BAD" not in lines[str(good)]
    code, out, _ = _cli(capsys, db_path, "check", clock=clock)
    assert code == 0 and f"newest backup: {good} (checked)" in out
    assert f"BAD backup: {empty}" in out
    offered, advice = recovery_offer(db_path, backups.NotADatabaseError("damaged"))
    assert offered is not None and offered.path == good
    assert f"{empty.name} is not offered: empty" in advice
    for path in (good,):
        path.unlink()
    offered, advice = recovery_offer(db_path, backups.NotADatabaseError("damaged"))
    assert offered is None and "No usable backup" in advice and cut.name in advice


def test_folders_the_user_names_keep_their_mode(tmp_path, clock, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: world-writable with the sticky bit
    before = stat.S_IMODE(shared.stat().st_mode)
    db = shared / "x.sqlite3"
    assert _cli(capsys, db, "add", "Ada", clock=clock)[0] == 0
    assert _cli(capsys, db, "backup", str(shared / "copy.sqlite3"), clock=clock)[0] == 0
    assert stat.S_IMODE(shared.stat().st_mode) == before == 0o1777
    assert _mode(shared / "copy.sqlite3") == 0o600
    assert _cli(capsys, db, "backup", clock=clock)[0] == 0
    assert _mode(backups_root(db)) == 0o700 and _mode(backup_dir(db)) == 0o700


def test_backup_onto_an_existing_file_names_it_and_needs_force(db_path, tmp_path, clock,
                                                               capsys):
    _cli(capsys, db_path, "add", "Ada", clock=clock)
    out = tmp_path / "notes.txt"
    out.write_text("my notes")
    code, _, err = _cli(capsys, db_path, "backup", str(out), clock=clock)
    assert code != 0 and str(out) in err and "--force" in err and "damaged" not in err
    assert out.read_text() == "my notes"
    code, _, err = _cli(capsys, db_path, "backup", str(out), "--force", clock=clock)
    assert code == 0, err
    assert backups.check_backup(out).contacts == 1 and _mode(out) == 0o600
