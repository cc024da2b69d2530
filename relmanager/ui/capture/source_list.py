"""The Capture page's list of sources, which says what to add while it is empty.

Why: a first user met an empty white box beside an enabled Preview and could not tell
what the page wanted; an empty list now names what it takes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListWidget, QWidget

EMPTY_SOURCES = ("No sources yet. Add an mbox file, a Maildir folder or a calendar (.ics) "
                 "below, an IMAP account, or tick the sync account's calendars.")


class SourceList(QListWidget):
    """A QListWidget that paints ``EMPTY_SOURCES`` (in the placeholder colour) while it
    has no rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = EMPTY_SOURCES

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        margin = self.fontMetrics().horizontalAdvance("M")
        area = self.viewport().rect().adjusted(margin, margin // 2, -margin, -margin // 2)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                   | Qt.TextFlag.TextWordWrap), self.placeholder)
        painter.end()
