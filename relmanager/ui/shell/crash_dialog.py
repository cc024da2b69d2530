"""When something unexpected goes wrong in the window: the error is written to the log
with its traceback, and a dialog says what happened and where the log is. The app goes on
(the failed action is abandoned, committed data is safe in the database); the user may
quit instead.

The hook that shows it is in :mod:`relmanager.ui.shell.crash_hook` (installed before the
first paint; this module is imported when an error is first shown).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

# The hook's first home: callers and tests may import it from here too.
from relmanager.ui.shell.crash_hook import Hook, install_crash_handler

__all__ = ["CrashDialog", "Hook", "install_crash_handler"]


class CrashDialog(QDialog):
    def __init__(self, error: BaseException, details: str, log_path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Something went wrong")
        summary = QLabel(
            f"Relmanager ran into an unexpected problem: {type(error).__name__}: {error}\n\n"
            "What you had saved is safe: every change is written in one transaction. The "
            "action that failed was abandoned; you can carry on, or quit.\n\n"
            f"The details are in the log: {log_path}")
        summary.setTextFormat(Qt.TextFormat.PlainText)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton("Continue",
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        self.quit_button = buttons.addButton("Quit", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.continue_button.clicked.connect(self.accept)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        self.quit_button.clicked.connect(self._quit)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def _quit(self) -> None:
        self.reject()
        QCoreApplication.quit()
