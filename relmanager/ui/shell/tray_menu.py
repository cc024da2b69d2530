"""The tray menu's data, kept warm off the UI thread.

Why: the menu lists what Today lists, and at 100,000 contacts that read (thousands of
going-cold people ranked) took ~440 ms on the UI thread each time the menu opened, the
window frozen meanwhile. Now the data is read on a worker (the reminder service's, whose
connection is warm) when the tray starts, after a change and when the menu opens with
data over a minute old; the menu is built from what is in memory at once and rebuilt
in place when a newer read lands. A failed read is kept as the answer, so the menu says
"Could not load" rather than showing an old list as if all were well.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from relmanager.domain.priority import Item
from relmanager.services import reminder_meetings
from relmanager.services.background import BackgroundReader
from relmanager.store import upcoming

#: Data older than this (by the app's clock) is read again when the menu opens.
MAX_AGE = timedelta(minutes=1)
#: Changes come in bursts (an import, a sync): one read after the last of them.
CHANGE_DELAY_MS = 500


@dataclass(frozen=True)
class MenuData:
    """What the menu shows, as read at ``at``: the running time box (or None) and
    Today's lists without the snoozed."""

    at: datetime
    session: Any | None
    lists: dict[str, list[Item]] = field(default_factory=dict)
    #: Today's meetings with contacts, ended and not logged first, then those to come:
    #: a missed brief bubble is still one click away (store.upcoming.Meeting).
    meetings: list[Any] = field(default_factory=list)


class MenuFeed(QObject):
    """Reads ``read(now)`` on ``reader`` and holds the newest answer (``data``) or the
    newest failure (``error``); ``ready`` fires when either lands."""

    ready = Signal()

    def __init__(self, reader: BackgroundReader, read: Callable[[datetime], MenuData],
                 now: Callable[[], datetime], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._read, self._now = reader, read, now
        self.data: MenuData | None = None
        self.error: BaseException | None = None
        self.pending = False
        #: Counts the answers (data or failure) landed: what a built menu was built from.
        self.serial = 0
        self._changed = True
        self._closed = False
        self._asked_at = datetime.min
        self._timer = QTimer(self, singleShot=True, interval=CHANGE_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

    @property
    def stale(self) -> bool:
        """No answer yet, a change since the last read, or an answer over a minute old."""
        return (self._changed or self.data is None
                or self._now() - self.data.at > MAX_AGE)

    @property
    def needs_read(self) -> bool:
        """Stale, and no read under way that will make it current (a read asked for
        before a change, or before the clock moved on, will not)."""
        if self.pending:
            return self._changed or self._now() - self._asked_at > MAX_AGE
        return self.stale

    def changed(self) -> None:
        """The data changed: read again shortly (once for a burst of changes)."""
        self._changed = True
        if not self._closed:
            self._timer.start()

    def refresh(self) -> None:
        """Read now on the worker (a newer request supersedes a pending one)."""
        self._timer.stop()
        if self._closed or self._reader.closed:
            return
        self._changed = False
        self.pending = True
        now = self._asked_at = self._now()
        self._reader.submit(lambda: self._read(now), self._done, self._failed,
                            key="tray-menu")

    def wait(self) -> None:
        """Block until the pending read has landed (tests, benchmarks)."""
        while self.pending and not self._reader.closed:
            self._reader.wait()
            QCoreApplication.processEvents()

    def shutdown(self) -> None:
        self._closed = True
        self._timer.stop()

    def _done(self, data: MenuData) -> None:
        self.pending = False
        if self._closed:
            return
        self.data, self.error = data, None
        self.serial += 1
        self.ready.emit()

    def _failed(self, error: BaseException) -> None:
        self.pending = False
        if self._closed:
            return
        self.error = error
        self._changed = True  # read again on the next opening
        self.serial += 1
        self.ready.emit()


def meetings_for_menu(now: datetime, limit: int) -> list[upcoming.Meeting]:
    """Today's meetings over and not logged (the "Log it" window), then those to come."""
    since = now - datetime.combine(now.date(), time())
    ended = upcoming.ended_unlogged(now, max(since, reminder_meetings.LOG_PROMPT_WINDOW))
    ids = {m.id for m in ended}
    return ended + [m for m in upcoming.upcoming(now, limit=limit) if m.id not in ids]
