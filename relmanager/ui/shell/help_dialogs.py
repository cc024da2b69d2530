"""Help > Keyboard shortcuts and Help > About: built when asked for, never at start-up.

Split out of main_window (issue 22); the window's menu actions call these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from relmanager.ui.shell.about_dialog import AboutDialog
    from relmanager.ui.shell.main_window import MainWindow


def show_shortcuts(window: MainWindow) -> QMessageBox:
    """Every action's keys in two columns, and the keys that are not actions."""
    table = window.actions.shortcut_table()
    width = max(len(keys) for _name, keys in table) + 2
    rows = "\n".join(f"{keys:<{width}}{name}" for name, keys in table)
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "", parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # columns
    box.setText(rows + "\n\nIn search: Down moves into the results, Enter opens the "
                "first.\nIn the list: Enter opens the profile, the menu key opens bulk "
                "actions.\nOn the Board: arrows go between cards and columns, Enter\n"
                "opens the card, Ctrl+Left/Right moves the selection a stage."
                "\nOn Today: L logs with the selected person.\nIn a dialog: "
                "Enter saves (Ctrl+Enter in a note), Esc cancels.")
    box.open()
    return box


def show_about(window: MainWindow) -> AboutDialog:
    from relmanager.ui.shell.about_dialog import AboutDialog

    dialog = AboutDialog(window.ctx.db_path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
