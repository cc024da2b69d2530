"""The cyclic garbage collector, run from the UI thread's event loop and nowhere else.

Python's collector runs wherever an allocation crosses its threshold: on a background
reader's thread in the middle of a query, or deep inside a Qt event handler. Whatever it
frees there is destroyed there; a widget or a QObject in a reference cycle was destroyed on
a worker thread, or under the call that was using it, and the process died (the test
suite did so once, the collector running inside the tray's event filter while the tray's
worker read). With the collector switched off and run by a timer, every cycle is freed on
the UI thread, between two events, where destroying a Qt object is safe.

The timer runs the same collections the collector would have run by itself
(:func:`relmanager.collector.collect_if_due`): garbage waits at most one tick longer.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from PySide6.QtCore import QObject, QTimer

from relmanager import collector

#: How often the UI thread looks whether a collection is due.
TICK_MS = 500


class UiThreadCollector(QObject):
    """Switches the automatic collector off and runs it from a timer of this thread
    until :meth:`shutdown`."""

    def __init__(self, parent: QObject | None = None, *, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._hand_back = ExitStack()
        self._hand_back.enter_context(collector.driven())
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int | None:
        """Run the collection that is due now, if any (see collector.collect_if_due)."""
        return collector.collect_if_due(self._thresholds)

    def shutdown(self) -> None:
        """Automatic collection again (the window is gone: no more Qt objects to free)."""
        self._timer.stop()
        self._hand_back.close()
