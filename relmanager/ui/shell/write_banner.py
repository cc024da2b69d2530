"""The window's message for a write that did not happen.

A failed save must be impossible to miss and must not block: a dialog would interrupt
whatever the user does next, and a status-bar message alone vanishes in seconds. The
banner sits above the pages, says what was not saved and why, and stays until it is
dismissed or the next failure replaces it; the status bar repeats it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class WriteFailureBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("writeFailure")
        self.setStyleSheet("#writeFailure { background: #fdecea; border: 1px solid #e0a39b;"
                           " border-radius: 4px; }")
        self.setAccessibleName("Not saved")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names come from contacts
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a1c10;")
        self.dismiss = QPushButton("&Dismiss")
        self.dismiss.setAccessibleName("Dismiss the message")
        self.dismiss.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.message, 1)
        row.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_failure(self, text: str) -> None:
        self.message.setText(text)
        self.show()
