"""What the window's tests share: an app context on the test's database and clock, with
its UI settings in the test's own folder."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


@pytest.fixture
def open_window(qtbot):
    """``open_window(ctx)``: the real main window at 1280x800, shown and exposed; shut
    down after the test."""
    from relmanager.ui.shell.main_window import MainWindow

    opened = []

    def open_(ctx):
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        opened.append(win)
        return win

    yield open_
    for win in opened:
        win.shutdown()


def refresh_list(window, qtbot) -> None:
    """Re-run the contact list's query and wait for its rows."""
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        window.contacts.refresh()
