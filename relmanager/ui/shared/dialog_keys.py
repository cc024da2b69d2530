"""Enter submits, Esc cancels: the keyboard contract every dialog of the app keeps.

QDialog already clicks its default button on Enter and rejects on Esc, but two things
break that quietly: a button made default before its button box is inside the dialog
loses the flag (the first auto-default button, often Cancel, wins), and a multi-line
note eats Enter as a new line. :func:`submit_button` adds the button with the box
already parented, and :func:`submit_on_ctrl_enter` lets Ctrl+Enter submit from a note.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def button_box(dialog: QDialog, text: str) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel plus a submit button labelled ``text``, the submit one the default (so
    Enter presses it wherever the focus is, except on another button)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
    submit = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setDefault(False)
    cancel.setAutoDefault(False)  # Enter never cancels: Esc does
    submit.setAutoDefault(True)
    submit.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, submit


class _CtrlEnter(QObject):
    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in ENTER_KEYS
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self._dialog.accept()
            return True
        return super().eventFilter(watched, event)


def submit_on_ctrl_enter(dialog: QDialog, *editors: QWidget) -> None:
    """In multi-line ``editors`` Enter is a new line; Ctrl+Enter submits the dialog."""
    keys = _CtrlEnter(dialog)
    for editor in editors:
        editor.installEventFilter(keys)
