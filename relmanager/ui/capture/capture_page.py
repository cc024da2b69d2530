"""The Capture page (View › Capture): keep "last contact" up to date from the user's own
mail and calendars, careful like an import.

Preview reads every remembered source on a worker (progress, Cancel) and shows what
would be written; Capture writes exactly that preview, each source as one batch, all in
one transaction on the worker (the import's pattern), then says the change through the
writer. A source that cannot be read is named with its reason and nothing from it is
written. Past runs can be undone one by one.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relmanager.services import capture_sources
from relmanager.services.capture_job import CaptureFailedError, apply_in_one_transaction
from relmanager.services.context import AppContext
from relmanager.services.import_worker import Task
from relmanager.services.writer import Change
from relmanager.store import preferences
from relmanager.ui.capture.preview_panel import PRESS_PREVIEW, PreviewPanel
from relmanager.ui.capture.source_list import READING_SOURCES
from relmanager.ui.capture.sources_box import SourcesBox

NO_SOURCES = ("Add a mail folder, a calendar file, an IMAP account or the sync account's "
              "calendars first.")
#: The preview's place before any preview, while no source is listed (Preview is off):
#: what to do first, where "Press Preview" named a button that could not be pressed.
ADD_A_SOURCE = ("Nothing to preview yet. Add a mail folder, a calendar file or an IMAP "
                "account on the left, or tick the sync account's calendars; then Preview "
                "shows here what would be captured. Nothing is written before you press "
                "Capture.")
#: The preview's texts that only say what to do before a preview (replaced as it changes).
IDLE_TEXTS = (PRESS_PREVIEW, ADD_A_SOURCE, READING_SOURCES)
READ_ONLY_NOTE = ("Headers and past events only: never a message body or subject, and "
                  "nothing is ever sent or changed in your mail or calendar.")


class CapturePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.previewed: capture_sources.Preview | None = None
        self.sources = SourcesBox(ctx)
        self.sources.changed.connect(self._sources_changed)
        self.sources.listing_changed.connect(self._enable_preview)
        self.panel = PreviewPanel(ctx)
        # The people just added are contacts now: plan again, so the preview counts them
        # as such and no longer offers them under "Not contacts".
        self.panel.added.connect(self._people_added)
        self._added_note = ""
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setObjectName("capture_preview")
        self.preview_button.clicked.connect(self.start_preview)
        self._enable_preview()  # off until a source is listed
        self.capture_button = QPushButton("Ca&pture")
        self.capture_button.setObjectName("capture_apply")
        self.capture_button.setEnabled(False)
        self.capture_button.clicked.connect(self.start_capture)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        # Its room is kept while hidden, so that showing it never moves the buttons (a
        # click meant for Cancel must not land on the bar).
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.setVisible(False)
        self.status = QLabel(READ_ONLY_NOTE)
        self.status.setObjectName("capture_status")
        self.status.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sources, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.cancel_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.progress)
        left_layout.addWidget(self.status)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # A run written elsewhere (the periodic capture, an undo, the command line seen
        # through a reload) shows in Past runs.
        ctx.events.interactions_changed.connect(lambda _ids: self.panel.fill_runs())

    # -- running ----------------------------------------------------------------------
    def _enable_preview(self) -> None:
        """Preview only with a source on screen and no run under way: pressed with
        none it only said "add a source first" (no read: the fields say it)."""
        listed = self.sources.listed_any()
        self.preview_button.setEnabled(listed and self.task is None)
        self.preview_button.setToolTip("" if listed else NO_SOURCES)
        if self.task is None and self.panel.summary.text() in IDLE_TEXTS:
            self.panel.summary.setText(PRESS_PREVIEW if listed else READING_SOURCES
                                       if self.sources.reading else ADD_A_SOURCE)

    def _busy(self, busy: bool, text: str = "") -> None:
        if busy:
            self.preview_button.setEnabled(False)
        else:
            self._enable_preview()
        self.capture_button.setEnabled(not busy and self._can_capture())
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        if text:
            self.status.setText(text)

    def _can_capture(self) -> bool:
        return self.previewed is not None and any(p.rows for p in self.previewed.plans)

    def _run(self, work, done) -> Task:  # type: ignore[no-untyped-def]
        task = Task(work, self)
        task.progress.connect(self._progress)
        task.finished.connect(lambda result: (self._over(), done(result)))
        task.failed.connect(self._failed)
        self.task = task.start()
        return task

    def _over(self) -> None:
        self.task = None

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def start_preview(self) -> Task | None:
        """Read the remembered sources and plan them, both on the worker: the sources
        (the preferences) were read on the UI thread at each press of Preview."""
        if self.task is not None:
            return None
        self.previewed = None
        self.panel.clear_preview("Reading… the preview shows here when it is ready.")
        self._busy(True, "Reading the sources…")
        now = self.ctx.clock.now()

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            sources = capture_sources.sources_of(preferences.load())
            if not sources:
                return None  # said on the page: add a source first
            try:
                return capture_sources.preview(sources, now, progress, cancelled)
            except capture_sources.SourceError as error:
                raise CaptureFailedError(str(error)) from None

        return self._run(work, self._previewed)

    def _people_added(self, count: int) -> None:
        self._added_note = f"Added {count} to the Inbox. "
        self.start_preview()

    def _previewed(self, preview: capture_sources.Preview | None) -> None:
        if preview is None:  # no source remembered
            self.panel.clear_preview(ADD_A_SOURCE)
            self._busy(False, NO_SOURCES)
            return
        self.previewed = preview
        self.panel.show_preview(preview)
        note, self._added_note = self._added_note, ""
        self._busy(False, note + ("Preview ready: nothing has been written yet. Press "
                                  "Capture to write it." if self._can_capture()
                                  else "Nothing new to capture."))

    def start_capture(self) -> Task | None:
        if self.task is not None or not self._can_capture():
            return None
        assert self.previewed is not None
        preview, clock = self.previewed, self.ctx.clock
        self._busy(True, "Capturing… (one transaction: cancelling leaves nothing behind)")
        return self._run(lambda _p, cancelled: apply_in_one_transaction(
            preview.plans, clock, cancelled, preview.upcoming),
                         self._captured)

    def _captured(self, batch_ids: list[int]) -> None:
        assert self.previewed is not None
        preview = self.previewed
        self.previewed = None
        self.ctx.writer.announce(Change(contacts=(), interactions=()))  # written on the worker
        self.panel.show_preview(preview, verb="captured")
        self.panel.fill_runs()
        runs = ", ".join(str(b) for b in batch_ids)
        self._busy(False, f"Captured as run{'s' * (len(batch_ids) != 1)} {runs}; undo it "
                   "under Past runs.")

    def _failed(self, message: str) -> None:
        self._over()
        self.previewed = None
        if "cancel" in message.lower():  # said once, in the status line
            self.panel.clear_preview("Cancelled. Press Preview to read the sources again.")
            self._busy(False, "Cancelled: nothing was written.")
            return
        self.panel.show_failure(f"{message}\n\nNothing was written.")
        self._busy(False, f"Failed: {message}")

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")

    def _sources_changed(self) -> None:
        if self.status.text() == NO_SOURCES and self.sources.listed_any():
            self.status.setText(READ_ONLY_NOTE)  # the hint is answered
        if self.task is None and self.previewed is not None:
            self.previewed = None
            self.capture_button.setEnabled(False)
            self.status.setText("The sources changed: Preview again.")

    def shutdown(self) -> None:
        """Its readers stop before the store closes (a running capture is the Task's)."""
        self.sources.shutdown()
        self.panel.shutdown()
