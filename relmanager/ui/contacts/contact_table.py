"""The contact list's table widget: it says when its rows have been drawn, and it starts
with a viewport made in Python.

Both are about the window's first paint. The first ``viewport()`` call on a viewport Qt
created has PySide6 look its type up across every QWidget class it knows (~7 ms idle,
20-30 ms loaded), and the column fitter asks for the viewport before the first paint; so
the table makes its own, set up as QAbstractItemView sets up its own. And the moment of a
paint is taken from the table's own ``paintEvent`` rather than from an event filter on the
viewport, for the same reason.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPaintEvent, QPalette
from PySide6.QtWidgets import QTableView, QWidget


class ContactTable(QTableView):
    """The list's table. ``painted`` fires each time its rows have been drawn."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        viewport = QWidget()
        viewport.setObjectName("qt_scrollarea_viewport")
        viewport.setBackgroundRole(QPalette.ColorRole.Base)
        viewport.setAutoFillBackground(True)
        viewport.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setViewport(viewport)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()
