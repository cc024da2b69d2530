"""Views built by other parts of the app, used when present.

The board, timeline, introductions and panels are developed alongside the main window;
a build (or a test) without one of them still gets a working window with a plain
placeholder in its place instead of an import error.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)


def optional(module: str, name: str) -> Any | None:
    """``relmanager.ui.<module>.<name>``, or None when it is not available."""
    try:
        return getattr(importlib.import_module(f"relmanager.ui.{module}"), name)
    except (ImportError, AttributeError):
        log.info("relmanager.ui.%s.%s not available; showing a placeholder", module, name)
        return None


def build(module: str, name: str, ctx: Any, placeholder: str) -> QWidget:
    """An instance of the optional view (``cls(ctx)``), or a placeholder label."""
    cls = optional(module, name)
    if cls is not None:
        try:
            return cls(ctx)
        except Exception:  # a half-built view must not take the window down
            log.exception("could not build %s.%s", module, name)
    label = QLabel(placeholder)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label
