"""A sidebar page built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


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
