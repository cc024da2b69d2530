"""File > Import: choose a file, read it in the background, review every contact found
(likely duplicates flagged, each with add / merge / skip), confirm, and undo any past
import. Nothing is written before "Import"; an import never contacts anyone.

This module is the flow (the pages, the buttons, the work in the background); the
review page is :mod:`.import_preview`, the past imports and their undo
:mod:`.past_imports`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relmanager.interchange import FORMATS, parse_file
from relmanager.services.context import AppContext
from relmanager.services.import_worker import Cancelled, Progress, Task, Work
from relmanager.services.photos import shrink_photos
from relmanager.services.writer import Change
from relmanager.store import importer
from relmanager.ui.import_export.import_preview import FORMAT_LABELS, ImportPreview
from relmanager.ui.import_export.past_imports import PastImports

CHOOSE, WORKING, PREVIEW, DONE = range(4)


class CurrentPageStack(QStackedWidget):
    """A stack as big as the page it shows: QStackedWidget asks for the largest of all
    its pages, so the two lines of the result kept the preview's table-sized window."""

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page.hasHeightForWidth() if page is not None else False

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else -1


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import contacts")
        self.resize(980, 620)
        self.task: Task | None = None
        self.plan: importer.ImportPlan | None = None
        self.summary: importer.ImportSummary | None = None
        self.pages = CurrentPageStack()
        self.pages.addWidget(self._choose_page())
        self.pages.addWidget(self._working_page())
        self.pages.addWidget(self._preview_page())
        self.pages.addWidget(self._done_page())
        self.buttons = QDialogButtonBox()
        self.back = self.buttons.addButton("Back", QDialogButtonBox.ButtonRole.ResetRole)
        self.next = self.buttons.addButton("Read file", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.back.clicked.connect(lambda: self._go(CHOOSE))
        self.next.clicked.connect(self._next)
        self.cancel.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._go(CHOOSE)

    # -- pages ----------------------------------------------------------------------
    def _choose_page(self) -> QWidget:
        page = QWidget()
        self.path = QLineEdit()
        self.path.setPlaceholderText("A .vcf file, or a LinkedIn, Google or Outlook CSV export")
        self.path.setAccessibleName("File to import")
        self.path.textChanged.connect(lambda: self._go(CHOOSE))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for key in ("auto", *FORMATS):
            self.format.addItem(FORMAT_LABELS.get(key, key), key)
        form = QFormLayout()
        form.addRow("File:", row)
        form.addRow("Format:", self.format)
        note = QLabel("Nothing is written until you review the contacts found and confirm. "
                      "Imported people land in the Inbox stage. An import never contacts, "
                      "invites or mails anyone, and can be undone.")
        note.setWordWrap(True)
        self.past = PastImports(self.ctx)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addSpacing(12)
        layout.addWidget(self.past, 1)
        return page

    def _working_page(self) -> QWidget:
        page = QWidget()
        self.working = QLabel()
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.working)
        layout.addWidget(self.progress)
        layout.addStretch(2)
        return page

    def _preview_page(self) -> QWidget:
        self.preview = ImportPreview()
        self.preview.changed.connect(self._update_import_button)
        return self.preview

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.result = QLabel()
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        # A wrapped label's minimum is one word wide, which made the window's minimum
        # height that of a column of words: give it a line's reading width.
        self.result.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.undo_this = QPushButton("Undo this import")
        self.undo_this.clicked.connect(self._undo_this)
        self.to_board = QPushButton("Open the Board")
        self.to_board.clicked.connect(self._open_board)
        buttons = QHBoxLayout()
        for button in (self.to_board, self.undo_this):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    # -- flow -----------------------------------------------------------------------
    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.pages.updateGeometry()  # its size is the shown page's (CurrentPageStack)
        if page == DONE:  # two lines of result: not a 980x620 window of empty space
            done = self.pages.widget(DONE)
            margins = self.layout().contentsMargins()
            width = max(self.minimumSizeHint().width(), self.fontMetrics().averageCharWidth() * 90)
            inner = width - margins.left() - margins.right()
            height = (max(done.heightForWidth(inner), done.sizeHint().height())
                      + self.buttons.sizeHint().height() + self.layout().spacing()
                      + margins.top() + margins.bottom())
            self._resize_in_place(width, height)
        self.back.setVisible(page == PREVIEW)
        self.next.setVisible(page in (CHOOSE, PREVIEW))
        self.cancel.setText("Close" if page in (CHOOSE, DONE) else "Cancel")
        if page == CHOOSE:
            self.next.setText("Read file")
            self.next.setEnabled(bool(self.path.text().strip()))
        elif page == PREVIEW:
            self._update_import_button()

    def _resize_in_place(self, width: int, height: int) -> None:
        """Resize about the centre: shrunk from its top-left corner, the result was a
        small box at the edge of where the big dialog had been (a first user's report)."""
        centre = self.frameGeometry().center()
        self.resize(width, height)
        frame = self.frameGeometry()
        frame.moveCenter(centre)
        self.move(frame.topLeft())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import contacts", str(Path.home()),
            "Contacts (*.vcf *.vcard *.csv);;All files (*)")
        if name:
            self.path.setText(name)

    def _next(self) -> None:
        if self.pages.currentIndex() == CHOOSE:
            self.read_file()
        elif self.pages.currentIndex() == PREVIEW:
            self.write_import()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.working.setText("Cancelling…")
            return
        self.reject()

    def read_file(self) -> None:
        """Parse and plan in the background; the preview follows."""
        path, fmt = self.path.text().strip(), self.format.currentData()
        self.working.setText(f"Reading {Path(path).name}…")
        self._go(WORKING)

        def work(progress: Progress, cancelled: Cancelled) -> object:
            result = parse_file(path, fmt, progress, cancelled)
            if result.cancelled:
                return None
            shrink_photos(result)  # here, in the worker: only thumbnails reach the store
            return result if result.fatal else importer.plan_import(result, path)

        self._run(work, self._parsed)

    def _parsed(self, outcome: object) -> None:
        if outcome is None:
            self._go(CHOOSE)
            return
        if not isinstance(outcome, importer.ImportPlan):  # a fatal ParseResult
            message = outcome.problems[0].message if outcome.problems else "unreadable"
            QMessageBox.warning(self, "Cannot import this file", message)
            self._go(CHOOSE)
            return
        self.plan = outcome
        self.preview.show_plan(outcome)
        self._go(PREVIEW)

    def _update_import_button(self) -> None:
        if self.plan is None:
            return
        adds, merges = self.plan.count(importer.ADD), self.plan.count(importer.MERGE)
        self.next.setText(f"Import: add {adds}, merge {merges}")
        self.next.setMinimumWidth(self.next.sizeHint().width())
        self.next.setEnabled(adds + merges > 0)

    def write_import(self) -> None:
        assert self.plan is not None
        plan, clock = self.plan, self.ctx.clock
        self.working.setText("Importing… (one transaction: cancelling leaves nothing behind)")
        self._go(WORKING)
        self._run(lambda progress, cancelled: importer.apply_plan(plan, clock, progress,
                                                                  cancelled), self._written)

    def _written(self, summary: object) -> None:
        assert isinstance(summary, importer.ImportSummary)
        self.summary = summary
        self.ctx.writer.announce(Change.of_contacts())  # written on the worker
        self.result.setText(
            f"Imported: {summary.added} added to the Inbox, {summary.merged} merged into "
            f"existing contacts, {summary.skipped} skipped (import #{summary.batch_id} "
            "under Past imports).\n\n"
            + ("Triage the newcomers on the Board. " if summary.added else
               "Nobody new: the merged contacts keep their stages. ")
            + "Undo removes exactly this import.")
        # Re-importing one's own export merged everything and still said "Triage the
        # newcomers on the Board" beside "0 added" (stranger3's finding 9).
        self.to_board.setVisible(bool(summary.added))
        self.undo_this.setEnabled(True)
        self.past.fill()
        self._go(DONE)

    def _open_board(self) -> None:
        """Close on the Board, its Inbox the newcomers ("Triage…" gave no way there)."""
        window = self.parent()
        if window is not None and hasattr(window, "show_page"):
            window.show_page("board")
        self.accept()

    def _run(self, work: Work, done: Callable[[object], None]) -> None:
        self.progress.setRange(0, 0)
        task = Task(work, self)
        task.progress.connect(self._progress)
        task.finished.connect(lambda result: (self._task_over(), done(result)))
        task.failed.connect(self._failed)
        self.task = task.start()

    def _task_over(self) -> None:
        self.task = None

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        self._task_over()
        if not message.startswith("Cancelled"):
            QMessageBox.warning(self, "Import failed", f"{message}\n\nNothing was changed.")
        self._go(PREVIEW if self.plan is not None else CHOOSE)

    def _undo_this(self) -> None:
        if self.summary is not None and self.past.undo_batch(self.summary.batch_id):
            self.undo_this.setEnabled(False)


def open_import_wizard(ctx: AppContext, parent: QWidget | None = None) -> ImportWizard:
    wizard = ImportWizard(ctx, parent)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
