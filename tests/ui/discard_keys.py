"""The discard bar's keyboard, as every dialog with a note keeps it (the Log, New contact
and New introduction dialogs): shared by their tests, keys pressed with QTest where the
focus is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def esc_asks_then_discard_closes(dialog, box, text: str, qtbot) -> None:
    """``text`` typed in the multi-line ``box``: Esc asks (the focus on Keep editing),
    Enter keeps editing with the text still there, Esc again on the question keeps
    editing too, and only Discard closes the dialog."""
    box.setFocus()
    QTest.keyClicks(box, text)
    press(Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_bar.isVisible()
    assert QApplication.focusWidget() is dialog.discard_bar.keep_button
    press(Qt.Key.Key_Return)  # the safe default: keep editing
    assert dialog.isVisible() and not dialog.discard_bar.isVisible()
    assert box.toPlainText() == text
    press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Escape)  # Esc on the question keeps editing too
    assert dialog.isVisible() and not dialog.discard_bar.isVisible()
    press(Qt.Key.Key_Escape)
    QTest.mouseClick(dialog.discard_bar.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
