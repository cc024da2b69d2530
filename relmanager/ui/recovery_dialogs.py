"""When the database cannot be opened: say what is wrong and what to do, and for a damaged
file offer the newest backup. Nothing is ever replaced without the user's yes, and the
damaged file is kept aside when a backup goes in its place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from relmanager.store import backups
from relmanager.store.errors import (
    DatabaseLockedError,
    DiskFullError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)

TITLES = {
    NotADatabaseError: "The database is damaged",
    NewerSchemaError: "The database is from a newer Relmanager",
    ReadOnlyError: "The database cannot be written",
    DiskFullError: "The disk is full",
    DatabaseLockedError: "The database is in use",
}


def title_for(error: StoreError) -> str:
    return next((title for kind, title in TITLES.items() if isinstance(error, kind)),
                "Relmanager cannot open its database")


def choose_recovery(path: Path, error: StoreError, parent: QWidget | None = None
                    ) -> Path | None:
    """Explain ``error``; for a damaged database with backups, offer the newest one.
    Returns the backup the user chose to restore, or None (the app then exits)."""
    latest = backups.newest(path) if isinstance(error, NotADatabaseError) else None
    box = QMessageBox(QMessageBox.Icon.Critical, title_for(error), str(error),
                      parent=parent)
    box.setInformativeText(f"Database: {path}")
    restore_button = None
    if latest is not None:
        box.setInformativeText(
            f"Database: {path}\n\nThe newest backup is {latest.path.name} "
            f"({latest.created:%Y-%m-%d %H:%M}). Restoring it keeps the damaged file "
            "in the backups folder; nothing is deleted.")
        restore_button = box.addButton("Restore the newest backup",
                                       QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setObjectName("recovery")
    box.exec()
    if restore_button is not None and box.clickedButton() is restore_button:
        return latest.path if latest else None
    return None
