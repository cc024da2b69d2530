"""Help > About: version, where the data and logs live (each opens its folder), the
licence, and what the app will never do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager import __version__
from relmanager.paths import log_dir
from relmanager.ui.shared.icons import app_icon

LICENCE = "GPL-3.0-or-later"
PROJECT_URL = "https://github.com/relmanager/relmanager"


class AboutDialog(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Relmanager")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"Relmanager {__version__}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        blurb = QLabel("A personal relationship manager: stages, channels, time boxes and "
                       "introductions for the people who matter. Everything stays on this "
                       "computer; the app never sends a message to anyone.")
        blurb.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(blurb)
        head.addLayout(text, 1)
        self.paths = {"Database": db_path, "Backups": db_path.parent / "backups",
                      "Logs": log_dir()}
        form = QFormLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, path in self.paths.items():
            label = QLabel(str(path))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton("Open folder")
            button.setAccessibleName(f"Open the {name.lower()} folder")
            folder = path if path.is_dir() or name != "Database" else path.parent
            button.clicked.connect(lambda _c=False, f=folder: self.open_folder(f))
            self.buttons[name] = button
            row = QHBoxLayout()
            row.addWidget(label, 1)
            row.addWidget(button)
            form.addRow(f"{name}:", row)
        licence = QLabel(f"Licence: {LICENCE} (the LICENSE file ships with the app). "
                         f"Source and issues: {PROJECT_URL}")
        licence.setWordWrap(True)
        licence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(licence)
        layout.addWidget(buttons)
        self.resize(680, self.sizeHint().height())

    def open_folder(self, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
