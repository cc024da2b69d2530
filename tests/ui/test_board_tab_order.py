"""Tab and Shift+Tab through the Board in the real window, with real key events: the
filter bar (filter, sphere, tag), then the columns left to right, then the window's page
list and round again; Shift+Tab the same way back. A column reached by Tab is scrolled
into view: on a window narrower than the seven columns, Tab from the tag filter landed on
the Inbox scrolled out of sight (and Shift+Tab from the page list on Parked), its focus
frame unseen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from relmanager.domain.stages import BOARD_ORDER
from relmanager.store.contacts import create_contact

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget:
    """A key delivered where the keyboard focus is; returns where the focus went."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    QTest.keyClick(widget, key, modifier)
    qtbot.wait(10)
    return QApplication.focusWidget()


def _in_view(board, widget: QWidget) -> bool:
    """Whether all of ``widget``'s column shows in the board's scroll area."""
    column = widget.parentWidget()
    viewport = board.scroll.viewport()
    left = column.mapTo(viewport, QPoint(0, 0)).x()
    return left >= 0 and left + column.width() <= viewport.width()


def test_tab_goes_filters_columns_page_list_and_shift_tab_back(ctx, open_window, clock,
                                                                 qtbot):
    for stage in BOARD_ORDER:
        create_contact(clock, f"Person in {stage.label}", stage=stage)
    window = open_window(ctx)
    window.resize(1024, 700)  # narrower than the seven columns: the board scrolls
    window.activateWindow()
    window.show_page("board")
    board = window.page_widget("board")
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    board.wait_loaded()
    assert board.scroll.horizontalScrollBar().maximum() > 0
    columns = [board.columns[stage].list for stage in BOARD_ORDER]
    pages = window.sidebar
    expected = [board.sphere, board.tag, *columns, pages, board.search]

    board.search.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is board.search)
    for _round in range(2):  # the second round starts with Parked in view, Inbox not
        for want in expected:
            got = _press(qtbot, Qt.Key.Key_Tab)
            assert got is want, (want.accessibleName(), got and got.accessibleName())
            if want in columns:
                assert _in_view(board, got), got.accessibleName()

    for _round in range(2):
        for want in [pages, *reversed(columns), board.tag, board.sphere, board.search]:
            got = _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            assert got is want, (want.accessibleName(), got and got.accessibleName())
            if want in columns:
                assert _in_view(board, got), got.accessibleName()
