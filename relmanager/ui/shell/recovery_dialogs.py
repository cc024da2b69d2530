"""When the database cannot be opened: say what is wrong and what to do, and for a damaged
file offer the newest backup. Nothing is ever replaced without the user's yes, and the
damaged file is kept aside when a backup goes in its place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from relmanager.store import backups
from relmanager.store.backups import BackupInfo
from relmanager.store.encryption import EncryptionKeyError
from relmanager.store.errors import (
    DatabaseLockedError,
    DiskFullError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)

TITLES = {
    # Before NotADatabaseError: no SQLite header and no key may be an encrypted database.
    EncryptionKeyError: "The database is encrypted, and its key is not available",
    NotADatabaseError: "The database is damaged",
    NewerSchemaError: "The database is from a newer Relmanager",
    ReadOnlyError: "The database cannot be written",
    DiskFullError: "The disk is full",
    DatabaseLockedError: "The database is in use",
}

NO_PLAIN_OVER_ENCRYPTED = (
    "No backup is offered: the file may be an encrypted database, and restoring a backup "
    "now could put an older, unencrypted copy in its place. Unlock the system keyring and "
    "start Relmanager again. If the file really is damaged, restore a backup from a "
    "terminal: relmanager backups, then relmanager restore --force FILE.")


def title_for(error: StoreError) -> str:
    return next((title for kind, title in TITLES.items() if isinstance(error, kind)),
                "Relmanager cannot open its database")


def recovery_offer(path: Path, error: StoreError) -> tuple[BackupInfo | None, str]:
    """The backup to offer for ``error`` (the newest that checks out), and what to tell
    the user about it, or why none is offered."""
    if isinstance(error, EncryptionKeyError):
        return None, NO_PLAIN_OVER_ENCRYPTED
    if not isinstance(error, NotADatabaseError):
        return None, ""
    from relmanager.secrets import database_key  # keyring: only when recovering

    # Nothing has the file open now (it did not open): asking for its key may read it.
    latest, bad = backups.newest_valid(path, database_key(path))
    skipped = ("\n\n" + "\n".join(f"{info.path.name} is not offered: {info.problem}."
                                   for info in bad)) if bad else ""
    if latest is None:
        where = backups.backup_dir(path)
        return None, (f"No usable backup was found in {where}.{skipped}" if bad else
                      f"There is no backup in {where} to restore.")
    return latest, (f"The newest backup that checks out is {latest.path.name} "
                    f"({latest.created:%Y-%m-%d %H:%M}). Restoring it keeps the damaged "
                    f"file in the backups folder; nothing is deleted.{skipped}")


def choose_recovery(path: Path, error: StoreError, parent: QWidget | None = None
                    ) -> Path | None:
    """Explain ``error``; for a damaged database, offer the newest backup that checks
    out, and say why when there is none. Returns the backup the user chose to restore,
    or None (the app then exits)."""
    latest, advice = recovery_offer(path, error)
    box = QMessageBox(QMessageBox.Icon.Critical, title_for(error), str(error),
                      parent=parent)
    box.setInformativeText(f"Database: {path}" + (f"\n\n{advice}" if advice else ""))
    restore_button = None
    if latest is not None:
        restore_button = box.addButton("Restore the newest backup",
                                       QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setObjectName("recovery")
    box.exec()
    if restore_button is not None and box.clickedButton() is restore_button:
        return latest.path if latest else None
    return None
