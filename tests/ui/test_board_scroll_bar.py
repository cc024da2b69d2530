"""The board columns' scroll bars are drawn flat (Fusion's took ~10 ms of the board's
first paint): the handle is painted where the application style puts it, in the
palette's colour, and dragging it scrolls the column as any scroll bar does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyleOptionSlider

from relmanager.ui.board.scroll_bar import FlatScrollBarStyle, flatten

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def column(qtbot):
    from PySide6.QtCore import QStringListModel

    view = QListView()
    model = QStringListModel([f"row {n}" for n in range(200)], view)
    view.setModel(model)
    qtbot.addWidget(view)
    style = FlatScrollBarStyle(view)
    flatten(view.verticalScrollBar(), style)
    view.resize(200, 300)
    view.show()
    qtbot.waitExposed(view)
    return view


def _handle(bar) -> tuple[QStyleOptionSlider, object]:
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    rect = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                      QStyle.SubControl.SC_ScrollBarSlider, bar)
    return option, rect


def test_the_handle_is_painted_flat_where_the_style_puts_it(column):
    bar = column.verticalScrollBar()
    assert isinstance(bar.style(), FlatScrollBarStyle)
    _option, handle = _handle(bar)
    assert handle.height() > 4
    image = bar.grab().toImage()
    mid = bar.palette().color(QPalette.ColorRole.Mid)
    groove = bar.palette().color(QPalette.ColorRole.Window)
    centre = handle.center()
    assert image.pixelColor(centre).rgb() == mid.rgb()
    below = QPoint(centre.x(), handle.bottom() + 4)
    assert image.pixelColor(below).rgb() == groove.rgb()


def test_dragging_the_handle_scrolls_the_column(column, qtbot):
    bar = column.verticalScrollBar()
    _option, handle = _handle(bar)
    start = handle.center()
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(bar, QPoint(start.x(), start.y() + 60))
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(start.x(), start.y() + 60))
    assert bar.value() > 0
    assert column.indexAt(QPoint(5, 5)).row() > 0
