"""The tray's messages, one at a time, each for its whole time, none left on screen.

Qt draws a tray message in an XEmbed tray (trayer, many X11 panels) as one solitary
balloon: a second ``showMessage`` replaces the first at once. A reminder pass says several
things together (two follow-ups due at the same hour, a box's end and a meeting's brief),
so every message but the last was gone before anyone could read it (stranger6: "Follow up
with Ayumi" and "Follow up with Grace" in one pass, only Grace's ever on screen). And Qt's
balloon closes at its time only when the pointer is not on it; one shown under a pointer
at rest (the tray menu's "Start time box" sits where the balloon appears) stayed on screen
for good, covering the window's corner with text that went stale ("no commitment set"
after a commitment was set).

So messages wait in a queue; each shows for its time; at that time one under the pointer
is looked at again a second later, and one the pointer has left is taken down
(``showMessage`` with nothing to say hides Qt's balloon). Where the platform shows
messages itself (a D-Bus notification server), no balloon widget exists: each message
still waits for the previous one's time, and the server does the rest.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

#: How long after its time a balloon under the pointer is looked at again.
HOVER_RECHECK_MS = 1000


@dataclass(frozen=True)
class Message:
    """One tray message: ``view`` is what a click on it opens (None: no view of its own)."""

    title: str
    body: str
    icon: QSystemTrayIcon.MessageIcon
    msecs: int
    view: str | None = None


def shown_balloon() -> QWidget | None:
    """Qt's balloon on screen, if any (a private widget class, found by its name)."""
    for widget in QApplication.topLevelWidgets():
        if widget.metaObject().className() == "QBalloonTip" and widget.isVisible():
            return widget
    return None


class Balloons(QObject):
    """The queue in front of ``icon.showMessage``; ``view`` is the shown message's view
    (what a click on it opens)."""

    def __init__(self, icon: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._icon = icon
        self._waiting: deque[Message] = deque()
        self.showing: Message | None = None
        self.view = "today"
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._time_up)
        self._closed = False

    def show(self, message: Message, *, at_once: bool = False) -> None:
        """Show ``message`` after those before it have had their time; ``at_once`` (what
        the user just did, said while they look) shows it now, and the message it covers
        comes back after it."""
        if self._closed:
            return
        if self.showing is None:
            self._display(message)
        elif at_once:
            self._waiting.appendleft(self.showing)
            self._display(message)
        else:
            self._waiting.append(message)

    def advance(self) -> None:
        """The shown message was clicked (Qt closed it): the next one, without waiting."""
        if self.showing is not None:
            self._timer.stop()
            self._next()

    def shutdown(self) -> None:
        """The tray is going: what waits is dropped and nothing more is shown."""
        self._timer.stop()
        self._waiting.clear()
        self.showing = None
        self._closed = True

    def waiting(self) -> list[Message]:
        return list(self._waiting)

    def _display(self, message: Message) -> None:
        self.showing = message
        if message.view is not None:
            self.view = message.view
        self._icon.showMessage(message.title, message.body, message.icon, message.msecs)
        self._timer.start(message.msecs)

    def _time_up(self) -> None:
        balloon = shown_balloon()
        if balloon is not None and balloon.frameGeometry().contains(QCursor.pos()):
            self._timer.start(HOVER_RECHECK_MS)  # being read: asked again in a second
            return
        if balloon is not None:
            self._icon.showMessage("", "")  # Qt hides its balloon for an empty message
        self._next()

    def _next(self) -> None:
        self.showing = None
        if self._waiting:
            self._display(self._waiting.popleft())
