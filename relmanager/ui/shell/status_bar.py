"""The window's status bar: passing messages, a failed write (also in the banner above
the pages, until dismissed) and the permanent network summary ("400 contacts · 12 going
cold"), counted a little after a change so a burst of writes is counted once, on the
status bar's own worker: two counts over the whole network ran on the UI thread 300 ms
after every change. The newest count wins; an answer asked before a later change is
dropped (:class:`~relmanager.services.background.BackgroundReader`).

Split out of main_window (issue 22): the window wires pages and dialogs; what the status
bar says, and when it recounts, is here.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shell.write_banner import WriteFailureBanner

#: How long after a change the summary is counted again (a burst counts once).
RECOUNT_MS = 300


class StatusBar(QObject):
    """Owns the summary label (``counts``) and its recount timer for ``window``."""

    def __init__(self, ctx: AppContext, window: QMainWindow,
                 banner: WriteFailureBanner) -> None:
        super().__init__(window)
        self.ctx = ctx
        self._window = window
        self._banner = banner
        self._stopped = False
        self.counts = QLabel()
        self.counts.setAccessibleName("Network summary")
        window.statusBar().addPermanentWidget(self.counts)
        self._timer = QTimer(self, singleShot=True, interval=RECOUNT_MS)
        self._timer.timeout.connect(self.update_counts)
        self._reader = BackgroundReader(self)
        events = ctx.events
        events.status_message.connect(lambda text: self.show(text, 6000))
        events.write_failed.connect(self.write_failed)
        events.status_resolved.connect(self.resolved)
        for signal in (events.contacts_changed, events.contacts_removed,
                       events.interactions_changed):
            signal.connect(lambda _ids: self.schedule_counts())

    def show(self, text: str, msecs: int) -> None:
        self._window.statusBar().showMessage(text, msecs)

    def write_failed(self, text: str) -> None:
        """A write did not happen: the banner (until dismissed) and the status bar."""
        self._banner.show_failure(text)
        self.show(text, 15000)

    def resolved(self, start: str) -> None:
        """A message beginning with ``start`` no longer holds: cleared from the status
        bar and the banner if they still show it (anything newer is left alone)."""
        bar = self._window.statusBar()
        if bar.currentMessage().startswith(start):
            bar.clearMessage()
        if self._banner.isVisible() and self._banner.message.text().startswith(start):
            self._banner.hide()

    def schedule_counts(self) -> None:
        if not self._stopped:
            self._timer.start()

    def update_counts(self) -> None:
        """Count on the worker now; the label changes when the answer lands."""
        if self._stopped:
            return
        now = self.ctx.clock.now()
        from relmanager.store import queries  # peewee: after the first paint

        def work() -> tuple[int, int]:
            return (queries.count(queries.ContactFilter(), now),
                    queries.count(queries.ContactFilter(
                        warmth=queries.WarmthFilter.GOING_COLD), now))
        self._reader.submit(work, self._counted, self._not_counted, key="counts")

    def _counted(self, counts: tuple[int, int]) -> None:
        total, cold = counts
        self.counts.setToolTip("")
        self.counts.setText(f"{plural(total, 'contact')}  ·  {cold:,} going cold")

    def _not_counted(self, error: BaseException) -> None:
        """Not a crash, and not a reassuring "0 going cold"."""
        self.counts.setText("Could not count contacts")
        self.counts.setToolTip(failure_reason(error))

    def wait(self) -> None:
        """Block until a count asked for is shown (tests and screenshots)."""
        if self._timer.isActive():
            self._timer.stop()
            self.update_counts()
        self._reader.wait()
        QCoreApplication.processEvents()

    def stop(self) -> None:
        """Count no more: the database is closing."""
        self._stopped = True
        self._timer.stop()
        self._reader.shutdown()
