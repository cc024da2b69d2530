"""The live window after a first look (store/first_look.py): it is built and shown with
the store still closed, paints the look's first page, and from its first read on
behaves as a window opened the old way: the full list, pages beyond the first as they
are scrolled to, search, sort and selection all come from the store."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from relmanager import app as app_module
from relmanager.domain.clock import SystemClock
from relmanager.services.context import make_settings
from relmanager.store import demo, first_look, queries
from relmanager.store.contact_rows import ContactFilter, SortKey
from relmanager.store.db import close_db, init_db
from relmanager.store.models import database
from relmanager.ui.contacts.contact_model import PAGE
from tests.reliability.live_app import LiveApp, stop_live_app

ROOT = Path(__file__).resolve().parents[2]


def _network(path, contacts: int) -> None:
    init_db(path)
    demo.generate(contacts, contacts * 3, SystemClock().now(), seed=5)
    close_db()
    database.initialize(None)


def _start(path, qtbot, tmp_path) -> LiveApp:
    args = argparse.Namespace(db=str(path), demo=False, minimized=False,
                              quit_after_paint=False, clock=SystemClock())
    opened = app_module.open_window(QApplication.instance(), path, args,
                                    tmp_path / "app.log")
    assert not isinstance(opened, int), opened
    live = LiveApp(*opened)
    qtbot.addWidget(live.window)
    return live


def _store_ids(flt=ContactFilter(), sort=SortKey.NAME) -> list[int]:  # noqa: B008
    return queries.contact_ids(flt, SystemClock().now(), sort)


@pytest.fixture
def network(tmp_path):
    path = tmp_path / "look.sqlite3"
    _network(path, 2 * PAGE + 50)
    return path


def test_the_window_paints_the_look_then_reads_everything_from_the_store(
        network, qtbot, tmp_path):
    live = _start(network, qtbot, tmp_path)
    contacts = live.window.contacts
    try:
        # Built and shown without the store: its opening waits for the first read.
        assert first_look.opening_deferred() and database.obj is None
        qtbot.waitExposed(live.window)
        qtbot.waitUntil(lambda: live.ctx.services.backup is not None, timeout=20_000)
        assert not first_look.opening_deferred() and database.obj is not None
        model = contacts.model
        assert model.ids() == _store_ids() and len(model.ids()) > 2 * PAGE
        assert contacts.filters.tag.count() == len(queries.tag_names()) + 1
        # A page beyond the first, read on the list's worker as it is scrolled to.
        last = model.rowCount() - 1
        contacts.table.scrollToBottom()
        qtbot.waitUntil(lambda: model.row_data(last) is not None, timeout=10_000)
        assert model.row_data(last) == queries.rows_for([model.contact_id(last)])[
            model.contact_id(last)]
        # Sort by organisation, search, select: each through the store.
        model.sort(1, Qt.SortOrder.AscendingOrder)
        qtbot.waitUntil(lambda: model.ids() == _store_ids(sort=SortKey.ORGANISATION),
                        timeout=10_000)
        name = model.row_data(0)["display_name"]
        contacts.filters.search.setText(name)
        expected = _store_ids(ContactFilter(text=name), SortKey.ORGANISATION)
        qtbot.waitUntil(lambda: model.ids() == expected, timeout=10_000)
        contacts.table.selectRow(0)
        assert contacts.current_id() == expected[0]
    finally:
        stop_live_app(live)


def test_a_list_sorted_otherwise_opens_the_store_before_its_first_paint(
        network, qtbot, tmp_path):
    settings = make_settings()
    settings.setValue("contacts/sort", "organisation:0")
    settings.sync()
    live = _start(network, qtbot, tmp_path)
    try:  # the look was not what the list shows first: its own read opened the store
        assert not first_look.opening_deferred() and database.obj is not None
        contacts = live.window.contacts
        contacts.wait_loaded()
        assert contacts.model.ids() == _store_ids(sort=SortKey.ORGANISATION)
    finally:
        stop_live_app(live)


def _failing_opening(monkeypatch) -> list[str]:
    """init_db fails (a file damaged past the look's reads) and the person declines to
    restore a backup: the recovery dialog's answer, as a start gets it today."""
    from relmanager.store import db as store_db
    from relmanager.store.errors import NotADatabaseError
    from relmanager.ui.shell import recovery_dialogs

    told: list[str] = []

    def fail(path, **_kwargs):
        raise NotADatabaseError(f"{path} is damaged")

    monkeypatch.setattr(store_db, "init_db", fail)
    monkeypatch.setattr(recovery_dialogs, "choose_recovery",
                        lambda path, error, parent=None: told.append(str(error)))
    return told


def test_an_opening_that_fails_before_the_first_paint_ends_the_start(
        network, qtbot, tmp_path, monkeypatch):
    settings = make_settings()
    settings.setValue("contacts/sort", "organisation:0")  # the list reads before its paint
    settings.sync()
    told = _failing_opening(monkeypatch)
    args = argparse.Namespace(db=str(network), demo=False, minimized=False,
                              quit_after_paint=False, clock=SystemClock())
    assert app_module.open_window(QApplication.instance(), network, args,
                                  tmp_path / "app.log") == 1
    assert told == [f"{network} is damaged"]
    # The process's event loops still run: exit() called before any ran ended each later
    # one at once (the next test's waits all timed out).
    loop = QEventLoop()
    QTimer.singleShot(10, lambda: loop.exit(7))
    assert loop.exec() == 7


#: The app as ``python -m relmanager`` runs it, with init_db failing and the person
#: declining to restore (what _failing_opening arranges in this process).
FAILING = """
import runpy, sys
from relmanager.store import db
from relmanager.store.errors import NotADatabaseError
from relmanager.ui.shell import recovery_dialogs
def fail(path, **_kwargs):
    raise NotADatabaseError(f"{path} is damaged")
db.init_db = fail
recovery_dialogs.choose_recovery = lambda path, error, parent=None: print("told", error,
                                                                          flush=True)
sys.argv[0] = "relmanager"
runpy.run_module("relmanager", run_name="__main__", alter_sys=True)
"""


def test_an_opening_that_fails_after_the_first_paint_ends_the_app(network, tmp_path):
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", FAILING, "--db", str(network),
                          "--quit-after-paint"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, env=env, check=False)
    lines = [line for line in out.stdout.splitlines() if line != "icons ok"]
    # Painted from the look, then told once by the first read's opening, and ended as a
    # start that cannot open its file ends.
    assert lines == ["painted", f"told {network} is damaged"], out.stdout + out.stderr
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr


def test_a_read_on_the_ui_thread_before_the_lists_opens_the_store(network, qtbot, tmp_path):
    """An input event queued before the list's first read (a click on a filter in the
    first moment) reads on the UI thread itself: the store opens for it, as the reader
    and the writer open it, instead of failing on a store not yet opened."""
    live = _start(network, qtbot, tmp_path)
    try:
        assert first_look.opening_deferred() and database.obj is None
        tags = queries.tag_names()  # a read on the UI thread
        assert tags and live.window.contacts.filters.tag.count() == len(tags) + 1
        assert not first_look.opening_deferred() and database.obj is not None
        qtbot.waitUntil(lambda: live.ctx.services.backup is not None, timeout=20_000)
        assert live.window.contacts.model.ids() == _store_ids()
    finally:
        stop_live_app(live)
