"""The last sync time shown follows the stored one when another process synced: the status
bar and Settings > Sync kept "Synced 06:51" while ``relmanager sync`` ran beside the open
window, until a restart (stranger5 5f). The other process here stores a later sync time
the way the engine does (``account.save`` on its own connection, in its own process); the
window's outside-writes watcher is made to look by hand (its timer is slow)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMainWindow

from relmanager.services.context import AppContext, make_settings
from relmanager.services.outside_writes import OutsideWrites
from relmanager.services.sync import SyncService
from relmanager.sync import account
from tests.reliability.live_app import ROOT

#: What ``relmanager sync`` stores at the end of a complete sync, run in another process.
OTHER_PROCESS_SYNC = """
import sys
from relmanager.store import db
from relmanager.sync import account
db.init_db(sys.argv[1])
stored = account.load()
stored.last_sync = "2026-03-02T11:47:00"
account.save(stored)
db.close_db()
"""


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


def _sync_elsewhere(db_path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", OTHER_PROCESS_SYNC, str(db_path)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_a_sync_by_another_process_shows_its_time(ctx, db_path, qtbot):
    from relmanager.ui.settings.sync_page import SyncPage, show_sync_status

    account.save(account.SyncAccount(url="https://dav.example.org/", user="me",
                                     last_sync="2026-03-02T06:51:00"))
    service = SyncService(ctx, first_sync_ms=10**9)
    ctx.services.sync = service
    window = QMainWindow()
    qtbot.addWidget(window)
    label = show_sync_status(service, window)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    watcher = OutsideWrites(ctx, interval_ms=3_600_000)
    watcher.start()
    try:
        watcher.wait()
        qtbot.wait(30)
        assert label.text() == page.status.text() == "Synced 06:51"
        _sync_elsewhere(db_path)
        watcher.check()
        watcher.wait()
        qtbot.waitUntil(lambda: watcher.announced == 1, timeout=5000)
        assert label.text() == "Synced 11:47"
        assert page.status.text() == "Synced 11:47"
    finally:
        watcher.shutdown()
        service.shutdown()
