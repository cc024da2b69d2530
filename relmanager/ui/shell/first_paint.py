"""Work that waits for the window's first useful paint (services, the tray, counts)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Runs queued callbacks once the window is up: painted, with the contact list's first
    rows in it (or after ``FALLBACK_MS`` of event loop, for a window started minimized
    that never paints). Services started earlier would hold up that first useful paint."""

    FALLBACK_MS = 2000
    AFTER_MS = 100

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.callbacks: list[Callable[[], object]] = []
        self.painted = False
        self._waiting = {"paint", "rows"}
        QTimer.singleShot(self.FALLBACK_MS, self, self._fallback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "paint" in self._waiting:
            watched.removeEventFilter(self)
            self.done("paint")
        return False

    def done(self, what: str) -> None:
        self._waiting.discard(what)
        if not self._waiting and not self.painted:
            self.painted = True
            # A beat later, so the frame is on screen before services take the thread.
            QTimer.singleShot(self.AFTER_MS, self._run)

    def _fallback(self) -> None:
        if not self.painted:
            self.painted = True
            self._run()

    def _run(self) -> None:
        """One callback per turn of the event loop: a click or a repaint waits for one
        service's start at most, not for all of them."""
        if self.callbacks:
            callback = self.callbacks.pop(0)
            QTimer.singleShot(0, self, self._run)  # first: one that raises stops no other
            callback()
