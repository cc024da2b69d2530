"""File > Export: contacts as vCard 4.0 or CSV (all, the selection, or one stage), or
follow-ups and time boxes as iCalendar, written on a worker thread with progress and
cancel, to a private file that appears only when complete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
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
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.stages import BOARD_ORDER
from relmanager.domain.wording import plural
from relmanager.paths import user_path
from relmanager.services.context import AppContext
from relmanager.services.import_worker import Cancelled, Progress, Task
from relmanager.store import exporter

KIND_LABELS = {"vcard": "Contacts as vCard 4.0 (.vcf): for address books and phones",
               "csv": "Contacts as CSV (.csv): for spreadsheets",
               "ics": "Follow-ups and time boxes as iCalendar (.ics): for calendars"}


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 selected_ids: list[int] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.selected_ids = list(selected_ids or [])
        self.task: Task | None = None
        # The file the save dialog (Browse…) already asked to replace, if any; a path typed
        # or pre-filled is asked about here, so an earlier export is never lost unasked.
        self._replace_confirmed: Path | None = None
        self.replace_box: QMessageBox | None = None
        self.setWindowTitle("Export")
        self.kinds = QButtonGroup(self)
        kinds = QVBoxLayout()
        for kind, label in KIND_LABELS.items():
            button = QRadioButton(label)
            button.setProperty("kind", kind)
            self.kinds.addButton(button)
            kinds.addWidget(button)
            button.toggled.connect(self._kind_changed)
        self.scope = QComboBox()
        self.scope.setAccessibleName("Which contacts")
        self.scope.addItem("Everything (archived contacts included, marked)", "all")
        self.scope.addItem("All active contacts", "active")
        if self.selected_ids:
            count = len(self.selected_ids)
            self.scope.addItem("The selected contact" if count == 1
                               else f"The {count:,} selected contacts", "selected")
        for stage in BOARD_ORDER:
            self.scope.addItem(f"Only {stage.label}", stage.value)
        self.path = QLineEdit()
        self.path.setAccessibleName("Save to")
        # A long path shows its end, the file's name, on purpose (the layout tests ask).
        self.path.setProperty("shows_end", True)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Contacts:", self.scope)
        form.addRow("Save to:", row)
        note = QLabel("The file is readable by you only. It holds your notes about people: "
                      "keep it somewhere safe. No passwords are ever exported.")
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(kinds)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.kinds.buttons()[0].setChecked(True)
        if self.selected_ids:
            self.scope.setCurrentIndex(self.scope.findData("selected"))
        self.resize(620, self.sizeHint().height())

    def kind(self) -> str:
        return str(self.kinds.checkedButton().property("kind"))

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.scope.setEnabled(kind != "ics")
        current = Path(self.path.text()) if self.path.text() else Path.home()
        folder = current.parent if self.path.text() else current
        self.path.setText(str(folder / exporter.default_name(kind, self.ctx.clock.now())))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if name:
            self.path.setText(name)
            self._replace_confirmed = user_path(name)

    def contact_ids(self) -> list[int]:
        scope = self.scope.currentData()
        if scope == "selected":
            return self.selected_ids
        now = self.ctx.clock.now()
        if scope in ("all", "active"):
            return exporter.select_ids(now=now, active_only=scope == "active")
        return exporter.select_ids([scope], now=now)

    def start(self) -> None:
        """Write the file on a worker thread."""
        kind, target = self.kind(), user_path(self.path.text())
        if not target.parent.is_dir():
            QMessageBox.warning(self, "Cannot export", f"The folder {target.parent} does "
                                "not exist.")
            return
        if target.exists() and target != self._replace_confirmed:
            self._ask_replace(target)
            return
        now = self.ctx.clock.now()
        ids = [] if kind == "ics" else self.contact_ids()

        def work(progress: Progress, cancelled: Cancelled) -> object:
            if kind == "ics":
                return exporter.export_calendar(target, now)
            return exporter.export_contacts(kind, target, ids, progress, cancelled)

        self.progress.setRange(0, max(len(ids), 1) if ids else 0)
        self.progress.show()
        self.export_button.setEnabled(False)
        task = Task(work, self)
        task.progress.connect(lambda done, total: (self.progress.setRange(0, max(total, 1)),
                                                   self.progress.setValue(done)))
        task.finished.connect(lambda result: self._done(target, result))
        task.failed.connect(self._failed)
        self.task = task.start()

    def _ask_replace(self, target: Path) -> None:
        """The pre-filled name is the same for every export of a day (and for the demo's),
        so pressing Export twice would silently replace the first file: ask first, with
        "Cancel" as the default so Enter keeps the existing file."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Replace the file?",
                          f"{target.name} already exists in {target.parent}.\n\n"
                          "Replacing it overwrites what it holds now.",
                          QMessageBox.StandardButton.NoButton, self)
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered() -> None:
            self.replace_box = None
            if box.clickedButton() is replace:
                self._replace_confirmed = target
                self.start()
            else:
                self.path.setFocus()
                self.path.selectAll()

        box.finished.connect(answered)
        self.replace_box = box
        box.open()

    def _done(self, target: Path, result: object) -> None:
        self.task = None
        what = (f"{plural(result[0], 'follow-up')} and "
                f"{plural(result[1], 'time box', 'time boxes')}"
                if isinstance(result, tuple) else
                result.describe() if isinstance(result, exporter.Written) else
                plural(result, "contact"))
        self.ctx.events.status_message.emit(f"Exported {what} to {target}")
        self.accept()

    def _failed(self, message: str) -> None:
        self.task = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        if not message.startswith("Cancelled"):
            QMessageBox.warning(self, "Export failed", f"{message}\n\nNo file was written.")

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()


def open_export_dialog(ctx: AppContext, parent: QWidget | None = None,
                       selected_ids: list[int] | None = None) -> ExportDialog:
    dialog = ExportDialog(ctx, parent, selected_ids)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
