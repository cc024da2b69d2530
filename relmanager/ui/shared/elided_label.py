"""A one-line label for text that may be longer than any window: a contact's name.

A name may be 200 characters without a space (an import, another device by sync); a
word-wrapped QLabel cannot break it, so the profile's header cut it at the page's edge
and its width pushed the header's rows past the page. This label shows the whole text
when it fits and elides it in the middle when it does not (the start and the end of a
name say most), with the whole text in its tooltip, escaped (relmanager.ui.shared.plain.tip).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from relmanager.ui.shared.plain import tip

#: Characters the label keeps room for at least (the layout may shrink it to this).
_MIN_CHARS = 8


class ElidedLabel(QLabel):
    """Plain text on one line, elided in the middle to the label's width; :meth:`text`
    is what is shown, :meth:`full_text` what was set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:
        """As wide as the whole text: the layout gives it that much when there is room."""
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins.left() \
            + margins.right()
        return QSize(width, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """A few characters wide, whatever the text: the text gives way, not the page."""
        return QSize(self.fontMetrics().averageCharWidth() * _MIN_CHARS,
                     super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._elide()

    def _elide(self) -> None:
        """The text elided to the width the layout gave; whole while not laid out yet
        (hidden, no width to judge by)."""
        width = self.contentsRect().width()
        shown = self._full
        if self.isVisible() and width > 0:
            shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                                  width)
        if shown != super().text():
            super().setText(shown)
        self.setToolTip(tip(self._full) if shown != self._full else "")
