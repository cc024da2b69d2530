"""Sync in the background: every ``interval_min`` minutes and on "Sync now", on a worker
thread, never on the UI thread. The window shows :meth:`SyncService.status_text` in the
status bar; views reload when a sync brought changes in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.services.import_worker import Task
from relmanager.services.writer import Change
from relmanager.store.errors import StoreError
from relmanager.sync import account as accounts

if TYPE_CHECKING:
    from relmanager.services.context import AppContext
    from relmanager.sync.engine import SyncReport

log = logging.getLogger(__name__)

FIRST_SYNC_MS = 20 * 1000  # after start: the window first, then the network


class SyncFailedError(StoreError):
    """Why a sync did not complete, in words for the status bar; nothing was lost."""


def reporting_failures(work: Callable[[], Any],
                       also: tuple[type[Exception], ...] = ()) -> Any:
    """Run ``work`` (on a worker thread): a server, network or keyring failure (and any of
    ``also``) becomes a :class:`SyncFailedError`, whose message the Task hands back as is
    instead of logging a traceback."""
    from relmanager.secrets import SecretsUnavailable
    from relmanager.sync.dav import DavError

    try:
        return work()
    except (DavError, SecretsUnavailable, *also) as error:
        raise SyncFailedError(str(error)) from None


_COUNTS = re.compile(r"(\d+) of (\d+)")


def progress_counts(text: str) -> tuple[int, int]:
    """(done, total) from a progress line such as "Sending contacts: 400 of 3000", for a
    progress bar; (0, 0) when the line has no count (the bar shows "busy")."""
    found = _COUNTS.search(text)
    return (int(found[1]), int(found[2])) if found else (0, 0)


class _Messages(QObject):
    text = Signal(str)


class SyncService(QObject):
    state_changed = Signal()
    synced = Signal(object)  # SyncReport
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 first_sync_ms: int = FIRST_SYNC_MS) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: Task | None = None
        self._messages = _Messages(self)
        self._messages.text.connect(self._progress)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.sync_now)
        self._first_sync_ms = first_sync_ms
        self.progress_text = ""
        self.progress_done = self.progress_total = 0  # 0 of 0: busy, count unknown
        self.last_error: str | None = None
        self.last_report: SyncReport | None = None
        # The stored account (its last sync time) may have changed elsewhere: Settings, or
        # ``relmanager sync`` in another process (announced by the outside-writes watcher);
        # the status bar and Settings > Sync then show the stored time, not the old one.
        ctx.events.settings_changed.connect(self.state_changed)

    # -- lifecycle --------------------------------------------------------------------
    def start(self) -> None:
        self.reconfigure()
        if self.configured():
            QTimer.singleShot(self._first_sync_ms, self, self.sync_now)

    def reconfigure(self) -> None:
        """Account set up, changed or removed: follow its interval (or stop)."""
        account = accounts.load()
        self._timer.stop()
        if account is not None:
            self._timer.start(max(1, account.interval_min) * 60 * 1000)
        self.state_changed.emit()

    def shutdown(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
            self._task.wait(30)

    # -- state ------------------------------------------------------------------------
    def configured(self) -> bool:
        return accounts.load() is not None

    @property
    def running(self) -> bool:
        return self._task is not None

    def status_text(self) -> str:
        if self.running:
            return f"Syncing… {self.progress_text}".strip()
        if self.last_error:
            return f"Sync failed: {self.last_error}"
        if accounts.pending_notice():  # e.g. a password found inside the stored address
            return "Sync needs you: see Settings > Sync"
        account = accounts.load()
        if account is None:
            return ""
        when = account.last_sync_at
        if when is None:
            return "Not synced yet"
        now = self._ctx.clock.now()
        stamp = f"{when:%H:%M}" if when.date() == now.date() else f"{when:%-d %b %H:%M}"
        from relmanager.store.sync_conflicts import waiting_count

        waiting = waiting_count()
        if waiting:
            return (f"Synced {stamp} · {waiting} conflict{'s' * (waiting != 1)} to look at "
                    "(Settings > Sync)")
        return f"Synced {stamp}"

    # -- work -------------------------------------------------------------------------
    def sync_now(self) -> Task | None:
        """Start a sync unless one is running or none is set up."""
        if self._task is not None or not self.configured():
            return None
        from relmanager.sync.engine import sync

        clock, messages = self._ctx.clock, self._messages

        def work(_progress: Any, cancelled: Any) -> SyncReport:
            return reporting_failures(
                lambda: sync(clock, progress=messages.text.emit, cancelled=cancelled),
                also=(LookupError,))

        task = Task(work, self)
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        self._task = task.start()
        self.progress_text = ""
        self.progress_done = self.progress_total = 0
        self.state_changed.emit()
        return task

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _progress(self, text: str) -> None:
        self.progress_text = text
        self.progress_done, self.progress_total = progress_counts(text)
        self.state_changed.emit()

    def _done(self, report: SyncReport) -> None:
        self._task = None
        self.last_error = None
        self.last_report = report
        log.info("%s", report.summary())
        if report.pulled or report.deleted_here:  # written on the worker: said here
            self._ctx.writer.announce(Change(contacts=(), interactions=(), follow_ups=True))
        self.state_changed.emit()
        self.synced.emit(report)

    def _failed(self, message: str) -> None:
        self._task = None
        self.last_error = message
        log.warning("sync failed: %s", message)
        self.state_changed.emit()
        self.failed.emit(message)


def install_sync(ctx: AppContext) -> SyncService:
    service = SyncService(ctx)
    ctx.services.sync = service
    service.start()
    return service
