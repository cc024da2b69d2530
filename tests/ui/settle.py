"""Waiting for the event loop to go quiet without a fixed time: what a test of "painted
once" needs, since a second paint comes from work already asked for (a zero-delay timer,
an event posted at low priority such as Qt's UpdateLater and UpdateRequest), never from a
clock. Each turn posts a marker behind what is queued and waits for it as a condition, so
a loaded machine only makes the wait longer, never the answer different."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer


class _Marker(QObject):
    """Counts the marker events delivered to it."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.User:
            self.seen += 1
            return True
        return super().event(event)


def settle(qtbot, turns: int = 4, timeout: int = 10_000) -> None:
    """Let ``turns`` rounds of zero-delay timers and posted events run: each round a
    zero-delay timer posts a low-priority marker, queued behind every event posted
    before it (the same priority is delivered in order), and the round ends when the
    marker arrives. Work that asks for more work (a layout that posts an update, an
    update that posts a paint) gets one round per step."""
    marker = _Marker()

    def post() -> None:
        QCoreApplication.postEvent(marker, QEvent(QEvent.Type.User),
                                   Qt.EventPriority.LowEventPriority.value)

    for turn in range(1, turns + 1):
        QTimer.singleShot(0, post)
        qtbot.waitUntil(lambda turn=turn: marker.seen >= turn, timeout=timeout)
