"""Today's "Log…" cells look like an action and the keyboard reaches them: a raised
button in a column headed "Log", reached with Tab from the list, Space presses it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from relmanager.store import demo
from relmanager.ui.today.log_cells import LOG_COLUMN


def test_log_cells_are_buttons_under_a_log_header_and_take_tab_focus(open_window, ctx,
                                                                     clock, qtbot):
    demo.generate(400, 5000, clock.now())
    window = open_window(ctx)
    window.show_page("today")
    today = window.today
    today.wait_loaded()
    tree = today.cold.tree
    assert tree.headerItem().text(LOG_COLUMN) == "Log"
    # The rows and their cell buttons land after the read: wait for them, not a fixed time.
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0 and tree.itemWidget(
        tree.topLevelItem(0), LOG_COLUMN) is not None, timeout=5000)
    first = tree.topLevelItem(0)
    button = tree.itemWidget(first, LOG_COLUMN)
    assert isinstance(button, QPushButton) and not button.isFlat()
    assert button.text() == "Log…"
    assert tree.viewport().rect().contains(button.geometry())  # in view, not scrolled off
    window.activateWindow()
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    focused = window.focusWidget()
    assert isinstance(focused, QPushButton) and focused.text() == "Log…"
    wanted = next(tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                  for i in range(tree.topLevelItemCount())
                  if tree.itemWidget(tree.topLevelItem(i), LOG_COLUMN) is focused)
    with qtbot.waitSignal(today.log_requested) as signal:
        qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert signal.args == [wanted]
