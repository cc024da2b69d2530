"""Ctrl+L on Today acts on the row that looks selected (issue 22, the first hour): a list
given the focus makes its first row current without selecting it, and Ctrl+L logged with
that person. Now nothing selected opens the Log dialog with nobody chosen; a row selected
with the keyboard or the mouse is the one logged with. Real key and mouse events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.ui.today.today import ID_ROLE

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _ctrl_l(window, qtbot):
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    return window.log_dialog


def test_ctrl_l_with_a_focused_but_unselected_row_chooses_nobody(today_window, qtbot):
    tree = today_window.today.cold.tree
    assert tree.topLevelItemCount() > 1
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    tree.setCurrentItem(tree.topLevelItem(1), 0,
                        tree.selectionModel().SelectionFlag.NoUpdate)  # focus only
    assert tree.currentItem() is not None and not tree.selectedItems()
    dialog = _ctrl_l(today_window, qtbot)
    assert dialog.contact.contact_id() is None
    assert dialog.contact.text() == ""


def test_ctrl_l_logs_with_the_row_selected_by_the_keyboard(today_window, qtbot):
    tree = today_window.today.cold.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    QTest.keyClick(tree, Qt.Key.Key_Down)
    QTest.keyClick(tree, Qt.Key.Key_Down)
    (selected,) = tree.selectedItems()
    dialog = _ctrl_l(today_window, qtbot)
    assert dialog.contact.contact_id() == selected.data(0, ID_ROLE)


def test_ctrl_l_logs_with_a_row_clicked_in_another_section(today_window, qtbot):
    tree = today_window.today.follow_ups.tree
    assert tree.topLevelItemCount() > 0
    item = tree.topLevelItem(tree.topLevelItemCount() - 1)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())
    assert tree.selectedItems() == [item]
    dialog = _ctrl_l(today_window, qtbot)
    assert dialog.contact.contact_id() == item.data(0, ID_ROLE)


def test_the_l_key_with_nothing_selected_opens_the_dialog_for_nobody(today_window, qtbot):
    tree = today_window.today.cold.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    tree.clearSelection()
    QTest.keyClick(tree, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: today_window.log_dialog is not None)
    assert today_window.log_dialog.contact.contact_id() is None
