"""Bringing the window back (from the tray, a second start, a link) as it was left.

``showNormal()`` is the obvious call and the wrong one: it also drops a maximised state,
so a user who works maximised got a smaller window back each time they clicked the tray.
Only "minimised" is taken off; maximised and full screen stay.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def bring_back(window: QWidget) -> None:
    """Show, un-minimise (keeping maximised or full screen), raise and activate."""
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(state & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
