"""Restore never replaces a database another process has open (issue 17, point 9): it
takes the sole-access lock encrypt and decrypt take. A real writer process runs while
`relmanager restore` is tried again and again; every write it reported as committed is
in the database afterwards. The window's own restore path (quit, restore, restart) keeps
working."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from relmanager.domain.stages import Stage
from relmanager.paths import backup_dir
from relmanager.store.contacts import create_contact
from relmanager.store.db import close_db, init_db
from tests.reliability.live_app import ROOT, run_cli, start_live_app, stop_live_app


def _logged_ids(lines: list[str]) -> list[int]:
    return [int(line.split()[1]) for line in lines if line.startswith("log ")]


def test_restore_refuses_while_a_writer_has_the_database_open(db, db_path, clock):
    for n in range(20):
        create_contact(clock, f"Person {n}", stage=Stage.ENCOUNTER)
    close_db()
    made = run_cli(db_path, "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.split("backed up to ")[1].strip())
    writer = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer",
                               str(db_path), "9"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)  # started and writing
        for _ in range(6):
            done = run_cli(db_path, "restore", str(backup))
            assert done.returncode != 0, "restore replaced a database a writer had open"
            assert "open in another program" in done.stderr, done.stderr
            time.sleep(0.2)
    finally:
        writer.send_signal(signal.SIGTERM)
        out, err = writer.communicate(timeout=30)
    logged = _logged_ids(out.splitlines())
    assert logged, f"the writer wrote nothing: {err}"
    conn = sqlite3.connect(db_path)
    try:
        have = {row[0] for row in conn.execute("SELECT id FROM interaction")}
    finally:
        conn.close()
    assert set(logged) <= have, f"{len(set(logged) - have)} committed writes were lost"
    done = run_cli(db_path, "restore", str(backup))  # nobody has it open now
    assert done.returncode == 0, done.stderr
    kept = next(backup_dir(db_path).glob("before-restore-*.sqlite3"))
    conn = sqlite3.connect(kept)
    try:
        assert set(logged) <= {row[0] for row in conn.execute("SELECT id FROM interaction")}
    finally:
        conn.close()


def test_the_windows_restore_path_still_restores(db_path, qtbot, tmp_path, monkeypatch):
    from relmanager import app as app_module
    from relmanager.domain.clock import SystemClock
    from relmanager.store import backups


    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "In The Backup").returncode == 0
    backup = Path(run_cli(db_path, "backup").stdout.split("backed up to ")[1].strip())
    assert run_cli(db_path, "add", "After The Backup").returncode == 0
    live = start_live_app(db_path, qtbot, tmp_path / "relmanager.log")
    live.ctx.on_exit.restore = backup  # what the restore dialog's yes leaves
    stop_live_app(live)  # what run_gui does once the event loop ends
    restarted: list[Path] = []
    monkeypatch.setattr(app_module, "_restart", restarted.append)
    assert app_module._restore_and_restart(db_path, backup, SystemClock()) == 0
    assert restarted == [db_path]
    init_db(db_path)
    from relmanager.store.models import Contact

    assert [c.display_name for c in Contact.select()] == ["In The Backup"]
    close_db()
    kept = [b.path for b in backups.list_backups(db_path)
            if b.path.name.startswith("before-restore-")]
    assert len(kept) == 1 and backups.check_backup(kept[0]).contacts == 2


def test_restore_refuses_while_the_window_is_up_and_its_saves_survive(db_path, qtbot,
                                                                     tmp_path, monkeypatch):
    from relmanager.store.models import Contact
    from tests.reliability.live_app import read_elsewhere

    db_path.parent.mkdir(parents=True, exist_ok=True)
    assert run_cli(db_path, "add", "Ada Lovelace").returncode == 0
    backup = Path(run_cli(db_path, "backup").stdout.split("backed up to ")[1].strip())
    live = start_live_app(db_path, qtbot, tmp_path / "relmanager.log")
    try:
        done = run_cli(db_path, "restore", str(backup))
        assert done.returncode != 0 and "open in another program" in done.stderr
        ada = Contact.get(Contact.display_name == "Ada Lovelace").id
        dialog = live.window.open_log_dialog(ada)
        dialog.wait_loaded()  # the channels, read on the dialog's worker
        dialog.note.setPlainText("saved in the window")
        dialog.accept()
        assert "saved in the window" in read_elsewhere(db_path)["notes"]
    finally:
        stop_live_app(live)
    assert "saved in the window" in read_elsewhere(db_path)["notes"]
