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
#: Said while the remembered sources are read (on the box's worker): an empty list then
#: is not "no sources yet".
READING_SOURCES = "Reading your capture sources…"


class SourceList(QListWidget):
    """A QListWidget that paints its ``placeholder`` (in the placeholder colour) while it
    has no rows: ``READING_SOURCES`` until the sources are read, then ``EMPTY_SOURCES``
    or the reason they could not be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = READING_SOURCES

    def set_placeholder(self, text: str) -> None:
        """What the empty list says: reading, nothing yet, or why it could not be read."""
        self.placeholder = text
        self.viewport().update()

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
