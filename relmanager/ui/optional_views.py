"""Views built by other parts of the app, used when present.

The board, timeline, introductions and panels are developed alongside the main window;
a build (or a test) without one of them still gets a working window with a plain
placeholder in its place instead of an import error.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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


class LazyPage(QWidget):
    """A sidebar page built the first time it is shown: the board, the timeline and the
    introductions page each query the store when built, which start-up need not wait for."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self._widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._widget is not None

    def widget(self) -> QWidget:
        """The page itself, built now if it was not yet."""
        if self._widget is None:
            assert self._factory is not None
            self._widget, self._factory = self._factory(), None
            self._layout.addWidget(self._widget)
        return self._widget

    def showEvent(self, event: QShowEvent) -> None:
        self.widget()
        super().showEvent(event)
