"""The hook that routes uncaught exceptions to the log and the crash dialog.

It is installed before the window's first paint, so that an error while starting is
shown too; the dialog's module (its widgets: a button box, a text view) is imported the
first time an error is shown, not by every start (bench/README.md, "Cold start").
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("relmanager.crash")
Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_crash_handler(log_path: Path, parent: Callable[[], QWidget | None]) -> Hook:
    """Route uncaught exceptions (also from worker threads' callbacks) to the log and a
    dialog; returns the hook (tests call it directly)."""
    showing: list[bool] = []

    def hook(kind: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error\n%s", details)
        if showing:  # one dialog at a time: a loop of errors must not stack dialogs
            return
        showing.append(True)
        try:
            from relmanager.ui.shell.crash_dialog import CrashDialog

            CrashDialog(error, details, log_path, parent()).exec()
        finally:
            showing.clear()

    sys.excepthook = hook
    return hook
