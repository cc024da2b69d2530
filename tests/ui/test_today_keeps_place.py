"""Today keeps the user's row while it reads its lists again (a write elsewhere, a sync,
the user's own log): the row selected with the keyboard stays selected, so L and Ctrl+L
still log with that person, and a list scrolled down stays where it was. Each read
rebuilt the rows and dropped both: after another program wrote, Ctrl+L opened the Log
dialog with nobody chosen. The write comes from a second process (the command line),
noticed by the window's outside-writes watcher, as it is in use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.services.outside_writes import OutsideWrites
from relmanager.ui.today.today import ID_ROLE
from tests.reliability.live_app import ROOT

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def watched(today_window):
    """Today's window with its outside-writes watcher (made to look by hand)."""
    watcher = OutsideWrites(today_window.ctx, interval_ms=3_600_000)
    watcher.start()
    watcher.wait()
    today_window.watcher = watcher
    yield today_window
    watcher.shutdown()


def _third_row_selected_by_keys(tree, qtbot) -> tuple[int, int]:
    """Down three times in Going cold: (the selected person, their row)."""
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    for _ in range(3):
        QTest.keyClick(tree, Qt.Key.Key_Down)
    (selected,) = tree.selectedItems()
    return selected.data(0, ID_ROLE), tree.indexOfTopLevelItem(selected)


def _written_elsewhere(window, qtbot, db_path: Path, *command: str) -> None:
    """``relmanager COMMAND`` in another process, noticed by the window's outside-writes
    watcher; returns once Today has read again."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db_path), *command],
                   check=True, timeout=120, capture_output=True, cwd=ROOT, env=env)
    with qtbot.waitSignal(window.today.loader.loaded, timeout=15000):
        window.watcher.check()


def test_the_row_selected_by_keyboard_stays_selected_when_today_reads_again(
        watched, qtbot, db_path):
    tree = watched.today.cold.tree
    chosen, row = _third_row_selected_by_keys(tree, qtbot)
    _written_elsewhere(watched, qtbot, db_path, "add", "Zed Outsider")
    assert [i.data(0, ID_ROLE) for i in tree.selectedItems()] == [chosen]
    assert tree.currentItem().data(0, ID_ROLE) == chosen
    QTest.keyClick(tree, Qt.Key.Key_Down)  # the keyboard goes on from that row
    assert tree.indexOfTopLevelItem(tree.selectedItems()[0]) == row + 1
    QTest.keyClick(tree, Qt.Key.Key_Up)
    QTest.keyClick(tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: watched.log_dialog is not None
                    and watched.log_dialog.isVisible())
    assert watched.log_dialog.contact.contact_id() == chosen


def test_a_list_scrolled_down_stays_there_when_today_reads_again(
        watched, qtbot, db_path):
    tree = watched.today.cold.tree
    watched.resize(1000, 560)  # a list longer than its box
    qtbot.waitUntil(lambda: tree.verticalScrollBar().maximum() > 0)
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    QTest.keyClick(tree, Qt.Key.Key_End)
    QTest.keyClick(tree, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: tree.verticalScrollBar().value() > 0)
    top = tree.itemAt(0, 0).data(0, ID_ROLE)
    scrolled = tree.verticalScrollBar().value()
    _written_elsewhere(watched, qtbot, db_path, "add", "Zed Outsider")
    assert tree.itemAt(0, 0).data(0, ID_ROLE) == top
    assert tree.verticalScrollBar().value() == scrolled


def test_a_selected_row_that_leaves_the_list_leaves_the_keyboard_where_it_was(
        watched, qtbot, db_path, clock):
    """Another program logs a call with the selected person: they are no longer going
    cold, so no row is selected (Ctrl+L would not pick someone else for the user), and
    the keyboard goes on from the same place in the list."""
    tree = watched.today.cold.tree
    gone, row = _third_row_selected_by_keys(tree, qtbot)
    _written_elsewhere(watched, qtbot, db_path, "log", str(gone), "--channel", "phone",
                       "--when", f"{clock.now():%Y-%m-%d %H:%M}")
    shown = [tree.topLevelItem(i).data(0, ID_ROLE) for i in range(tree.topLevelItemCount())]
    assert gone not in shown
    assert tree.selectedItems() == []
    assert tree.indexOfTopLevelItem(tree.currentItem()) == row
