"""The import wizard's list of past imports and their undo: what each import added and
merged, and taking one back (after saying what goes with it, and refusing when the
database changed under the question). Apart from the wizard's flow because undoing an
import is its own job, reached from the first page and from the last."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.wording import plural
from relmanager.services.context import AppContext
from relmanager.services.writer import Change, NotWritten
from relmanager.store import importer


class PastImports(QWidget):
    """"Past imports" with "Undo selected import…" under them; filled on creation and
    again by :meth:`fill` after an import or an undo."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.history = QTreeWidget()
        self.history.setHeaderLabels(["#", "When", "File", "Added", "Merged", "State"])
        self.history.setRootIsDecorated(False)
        self.history.setAccessibleName("Past imports")
        self.undo_button = QPushButton("Undo selected import…")
        self.undo_button.clicked.connect(self._undo_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # rows of the wizard's first page
        layout.addWidget(QLabel("Past imports"))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.fill()

    def fill(self) -> None:
        """Re-read the imports, newest state of each (active or when undone)."""
        self.history.clear()
        for batch in importer.batches():
            state = f"undone {batch.undone_at:%Y-%m-%d}" if batch.undone_at else "active"
            item = QTreeWidgetItem([str(batch.id), f"{batch.created_at:%Y-%m-%d %H:%M}",
                                    Path(batch.source).name, str(batch.added),
                                    str(batch.merged), state])
            item.setData(0, Qt.ItemDataRole.UserRole, batch.id)
            self.history.addTopLevelItem(item)
        for column in range(self.history.columnCount() - 1):  # "When" was cut
            self.history.resizeColumnToContents(column)
        self.undo_button.setEnabled(self.history.topLevelItemCount() > 0)

    def _undo_selected(self) -> None:
        item = self.history.currentItem()
        if item is not None:
            self.undo_batch(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def undo_batch(self, batch_id: int) -> bool:
        """Ask, then undo import ``batch_id`` as one write; False when it was already
        undone, the user said no, or the write was refused (the window says why)."""
        preview = importer.undo_preview(batch_id)
        if preview.undone:
            QMessageBox.information(self, "Already undone", f"Import {batch_id} was undone.")
            return False
        text = (f"Undo import {batch_id} ({Path(preview.source).name})? "
                f"{plural(preview.added, 'contact')} it added will be removed and "
                f"{plural(preview.merged, 'merged contact')} restored as "
                f"{'it was' if preview.merged == 1 else 'they were'}.")
        if preview.interactions:
            text += (f"\n\n{plural(preview.interactions, 'interaction')} you logged with "
                     "those contacts since will be removed too.")
        if QMessageBox.question(self, "Undo import", text) != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.ctx.writer.write(f"undo of import {batch_id}", lambda: importer.undo_import(
                batch_id, self.ctx.clock, expect=preview), Change(removed=(), contacts=()))
        except NotWritten:  # nothing changed; the window said why
            return False
        self.fill()
        self.ctx.events.status_message.emit(f"Import {batch_id} undone")
        return True
