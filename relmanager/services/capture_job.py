"""Capture in the background (issue 24, item 5): the Capture page's "Capture" and the
optional periodic capture of the remembered sources, on a worker thread.

Periodic capture follows sync's pattern (a QTimer, one run at a time) with one rule more:
it never runs in the user's quiet hours, so that a machine left on overnight does not read
the user's mail while they asked for quiet; the run due then waits for the next tick. A
run writes each source's plan as its own batch, all in one write transaction on the
worker, then says the change through the writer (like an import), so the views reload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from relmanager.services import capture_sources
from relmanager.services.import_worker import Task
from relmanager.services.reminder_rules import in_quiet_hours
from relmanager.services.writer import Change
from relmanager.store import preferences
from relmanager.store.errors import OperationCancelledError, StoreError
from relmanager.store.write_guard import guarded_write

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

log = logging.getLogger(__name__)

#: The periodic capture's choices, in hours (0: off).
EVERY_HOURS = (0, 1, 6, 24)


class CaptureFailedError(StoreError):
    """A source could not be read; the message says which and why."""


def apply_in_one_transaction(plans: list[Any], clock: Any,
                             cancelled: Callable[[], bool] | None = None,
                             upcoming: dict[str, list] | None = None) -> list[int]:
    """Every plan's batch (and the calendars' coming meetings), or none: a failure, or a
    cancel noticed between batches or at the end, rolls all back."""
    def work() -> list[int]:
        written = []
        for plan in plans:
            if cancelled is not None and cancelled():
                raise OperationCancelledError("capture cancelled; nothing was written")
            written += capture_sources.apply_plans([plan], clock)
        capture_sources.apply_plans([], clock, upcoming)
        if cancelled is not None and cancelled():
            raise OperationCancelledError("capture cancelled; nothing was written")
        return written
    return guarded_write(work)


def capture_work(sources: list[capture_sources.Source], clock: Any
                 ) -> Callable[[Any, Any], tuple[capture_sources.Preview, list[int]]]:
    """The worker's function: preview every source, then write what it found."""
    def work(progress: Any, cancelled: Any) -> tuple[capture_sources.Preview, list[int]]:
        try:
            found = capture_sources.preview(sources, clock.now(), progress, cancelled)
        except capture_sources.SourceError as error:
            raise CaptureFailedError(str(error)) from None
        return found, apply_in_one_transaction(found.plans, clock, cancelled,
                                               found.upcoming)
    return work


class CaptureService(QObject):
    """The periodic capture; one run at a time (the page's runs included)."""

    state_changed = Signal()
    captured = Signal(object)  # (Preview, batch ids)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._task: Task | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self.last_error: str | None = None
        self.skipped_for_quiet = 0

    def start(self) -> None:
        self.reconfigure()

    def reconfigure(self) -> None:
        """The interval (or off) from the preferences."""
        hours = preferences.load().capture_every_hours
        self._timer.stop()
        if hours > 0:
            self._timer.start(hours * 3600 * 1000)

    @property
    def interval_ms(self) -> int:
        return self._timer.interval() if self._timer.isActive() else 0

    @property
    def running(self) -> bool:
        return self._task is not None

    def shutdown(self) -> None:
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
            self._task.wait(30)

    def quiet_now(self) -> bool:
        prefs = preferences.load()
        start, end = prefs.quiet_hours
        return in_quiet_hours(self._ctx.clock.now(), start, end)

    def tick(self) -> Task | None:
        """The timer's run: the remembered sources, unless it is quiet hours."""
        if self.quiet_now():
            self.skipped_for_quiet += 1
            log.info("periodic capture skipped: quiet hours")
            return None
        sources = capture_sources.sources_of(preferences.load())
        if not sources:
            return None
        return self.run(sources)

    def run(self, sources: list[capture_sources.Source]) -> Task | None:
        if self._task is not None:
            return None
        task = Task(capture_work(sources, self._ctx.clock), self)
        task.finished.connect(self._done)
        task.failed.connect(self._failed)
        self._task = task.start()
        self.state_changed.emit()
        return task

    def _done(self, result: tuple[capture_sources.Preview, list[int]]) -> None:
        self._task = None
        self.last_error = None
        if result[1]:  # written on the worker: said here
            self._ctx.writer.announce(Change(contacts=(), interactions=()))
        failures = result[0].failures
        if failures:  # the others were captured; the unreadable ones are said, not logged
            self.last_error = "; ".join(reason for _source, reason in failures)
            self._ctx.events.write_failed.emit(
                f"Periodic capture could not read {len(failures)} of its sources: "
                f"{self.last_error}")
        self.state_changed.emit()
        self.captured.emit(result)

    def _failed(self, message: str) -> None:
        self._task = None
        self.last_error = message
        log.warning("capture failed: %s", message)
        # Nobody is looking at the Capture page when the timer runs: the window's failure
        # banner and status bar say it (a failed read is never only a log line).
        self._ctx.events.write_failed.emit(f"Periodic capture failed: {message}")
        self.state_changed.emit()
        self.failed.emit(message)


def install_capture(ctx: AppContext) -> CaptureService:
    service = CaptureService(ctx)
    ctx.services.capture = service
    service.start()
    return service
