"""Today's one-time note that quiet hours are holding reminders.

The default quiet hours (22:00-07:00) made a first evening look as if the app did not
remind at all. While reminders are held, Today says until when, once: "Got it" puts the
note away for good (the tray's tooltip keeps saying it while quiet hours last).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

DISMISSED_KEY = "today/quiet_note_dismissed"


class QuietNote(QFrame):
    """Hidden unless reminders are held now and the user has not put the note away."""

    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self._settings = settings
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Quiet hours")
        self.got_it = QPushButton("Got it")
        self.got_it.setToolTip("Do not show this note again")
        self.got_it.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.got_it)
        self.hide()

    @property
    def dismissed(self) -> bool:
        return self._settings.value(DISMISSED_KEY, False, type=bool)

    def show_held(self, until: datetime | None) -> None:
        """Say "held until HH:MM" while ``until`` is set, unless put away before."""
        if until is None or self.dismissed:
            self.hide()
            return
        self.text.setText(f"Quiet hours: reminders are held until {until:%H:%M}. "
                          "Everything due is listed below; Settings changes the hours.")
        self.show()

    def dismiss(self) -> None:
        self._settings.setValue(DISMISSED_KEY, True)
        self.hide()
