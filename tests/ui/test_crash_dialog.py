"""An unexpected error: logged with its traceback, a dialog with the log's path, and the
app goes on."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from relmanager.services.logs import setup_logging
from relmanager.ui.shell.crash_dialog import CrashDialog, install_crash_handler

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_error_is_logged_shown_and_the_app_continues(qtbot, monkeypatch):
    log_path = setup_logging()
    previous = sys.excepthook
    hook = install_crash_handler(log_path, lambda: None)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CrashDialog):
            seen.append(dialog.details.toPlainText())
            dialog.continue_button.click()
        else:
            QTimer.singleShot(20, answer)

    try:
        try:
            raise ValueError("the board had no columns")
        except ValueError as error:
            QTimer.singleShot(20, answer)
            hook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    assert seen and "ValueError: the board had no columns" in seen[0]
    assert "Traceback" in seen[0]
    text = log_path.read_text(encoding="utf-8")
    assert "unexpected error" in text and "the board had no columns" in text
    assert oct(log_path.stat().st_mode & 0o777) == "0o600"
