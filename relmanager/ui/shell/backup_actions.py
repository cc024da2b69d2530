"""File > Backup now and File > Restore from backup.

A backup runs on a worker thread. A restore checks the chosen file first, then restarts
Relmanager around it: every open connection (the window's worker threads hold some) is
closed by quitting, the file is put in place (the replaced database is kept aside), and
the app starts again on it. Nothing is ever deleted by a restore.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.context import AppContext
from relmanager.store import backups
from relmanager.store.errors import StoreError
from relmanager.ui.shared.display import plural


def backup_now(ctx: AppContext, parent: QWidget | None = None) -> None:
    service = ctx.services.backup
    if service is None:
        return
    ctx.events.status_message.emit("Backing up…")
    task = service.backup_now()
    task.finished.connect(lambda path: ctx.events.status_message.emit(f"Backed up to {path}"))
    task.failed.connect(lambda message: QMessageBox.warning(parent, "Backup failed", message))


class RestoreDialog(QDialog):
    """Lists the backups beside the database, checks the chosen one, asks to confirm."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chosen: Path | None = None
        self.setWindowTitle("Restore from backup")
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Made", "Size", "File"])
        self.list.setRootIsDecorated(False)
        self.list.setAccessibleName("Backups")
        for info in backups.list_backups(ctx.db_path):
            item = QTreeWidgetItem([f"{info.created:%Y-%m-%d %H:%M}",
                                    f"{info.size / 1e6:.1f} MB", info.path.name])
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.list.currentItemChanged.connect(self._selected)
        self.details = QLabel("Choose a backup to see what it holds.")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.other = self.buttons.addButton("Other file…", QDialogButtonBox.ButtonRole.ResetRole)
        self.restore_button = self.buttons.addButton("Restore…",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.setEnabled(False)
        self.other.clicked.connect(self._other)
        self.restore_button.clicked.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Restoring replaces the current database with the backup. "
                                "The current database is kept in the backups folder."))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        if self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def _selected(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.check(Path(item.data(0, Qt.ItemDataRole.UserRole)))

    def _other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Restore from", str(self.ctx.db_path.parent),
                                              "Relmanager databases (*.sqlite3);;All files (*)")
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> bool:
        from relmanager.secrets import database_key  # keyring: when restoring

        try:
            result = backups.check_backup(path, database_key(self.ctx.db_path))
        except StoreError as error:
            self.chosen = None
            self.details.setText(f"{path.name} cannot be restored: {error}")
            self.restore_button.setEnabled(False)
            return False
        self.chosen = path
        self.details.setText(f"{path.name}: {plural(result.contacts, 'contact')}, "
                             f"{plural(result.interactions, 'interaction')}; checked and "
                             "whole.")
        self.restore_button.setEnabled(True)
        return True

    def _confirm(self) -> None:
        if self.chosen is None:
            return
        answer = QMessageBox.question(
            self, "Restore and restart",
            f"Replace the current database with {self.chosen.name} and restart Relmanager?"
            "\n\nThe current database is kept in the backups folder.")
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()


def restore_from_backup(ctx: AppContext, window: QWidget) -> Path | None:
    """Let the user choose and confirm a backup; on yes, quit so app.py restores it and
    starts again. Returns the chosen backup."""
    dialog = RestoreDialog(ctx, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return None
    ctx.on_exit.restore = dialog.chosen
    window.close()
    QCoreApplication.quit()
    return dialog.chosen
