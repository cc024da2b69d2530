"""Settings > Privacy: encryption at rest. Converting needs every connection closed, so
the button restarts Relmanager around the conversion (the key goes into the OS keyring;
without a keyring nothing happens and the page says why)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from relmanager.services.context import AppContext
from relmanager.store import encryption


class EncryptionPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.request)
        note = QLabel("Encryption at rest protects the database file if the laptop is lost: "
                      "it is unreadable without the key, which lives only in your system "
                      "keyring (never in a file). Backups made while encrypted are encrypted "
                      "too; older ones are not. Turning it off keeps the key in the keyring, "
                      "so those backups can still be restored. Exports are never encrypted.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(self.state)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.update_state()

    def update_state(self) -> None:
        on = encryption.is_encrypted(self.ctx.db_path)
        self.state.setText("The database is encrypted (SQLCipher, 256-bit key in the system "
                           "keyring)." if on else "The database is not encrypted.")
        self.button.setText("Turn encryption off and restart…" if on
                            else "Encrypt the database and restart…")
        from relmanager import secrets  # keyring: only once the page is built

        available = secrets.keyring_available()
        self.button.setEnabled(on or available)
        if not on and not available:
            self.state.setText(self.state.text() + "\n" + secrets.KEY_UNAVAILABLE)

    def request(self, confirm: bool = True) -> bool:
        turn_on = not encryption.is_encrypted(self.ctx.db_path)
        question = ("Encrypt the database now? Relmanager restarts to convert it."
                    if turn_on else "Decrypt the database now? Relmanager restarts to "
                    "convert it.")
        if confirm and QMessageBox.question(self, "Encryption", question) \
                != QMessageBox.StandardButton.Yes:
            return False
        self.ctx.on_exit.encryption = "on" if turn_on else "off"
        QCoreApplication.quit()
        return True
