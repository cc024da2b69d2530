"""Select all in a time or date edit and type a time: that time is what it shows.

A QDateTimeEdit (QTimeEdit, QDateEdit) is edited section by section. With its whole text
selected (Ctrl+A, a triple click) the typed digits went to the section the cursor was in,
not the first: Ctrl+A in "Starts at" (08:00) and "07:03" showed 08:03, only the minutes
taken (stranger5 3e). And typing the separator after a section that Qt had already left
on its own (two digits fill the hour, the cursor moves on to the minutes) moved one
section further: "2025-12-01" in a yyyy-MM-dd edit became 2025-03-12.

So with everything selected, the first key typed starts at the first section; a separator
typed right after Qt moved on by itself is taken as the move it already made; everything
else is Qt's own editing (arrows, Up/Down per section, a click in a section).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit

#: Modifiers that make a key a shortcut, not typing (Shift and the keypad's flag type:
#: a French keyboard's digits come with Shift).
_SHORTCUT = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
             | Qt.KeyboardModifier.MetaModifier)


def _typed(event: QKeyEvent) -> str:
    """The character a key types into the edit, or "" for a shortcut or a moving key
    (Tab, Enter and Backspace have a text too, not a printable one)."""
    if event.modifiers() & _SHORTCUT:
        return ""
    text = event.text()
    return text if len(text) == 1 and text.isprintable() else ""


class _WholeTyping(QObject):
    """The event filter of :func:`type_whole`, one per edit (it keeps whether Qt moved on
    to the next section by itself on the last key)."""

    def __init__(self, edit: QDateTimeEdit) -> None:
        super().__init__(edit)
        self._edit = edit
        self._moved_on = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on its edit alone (``watched``): a key press typed there is taken
        here; every other event goes on to the edit (QObject's filter returns False)."""
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        edit = self._edit
        typed = _typed(event)
        if not typed:
            self._moved_on = False
            return False
        line = edit.lineEdit()
        if line.hasSelectedText() and line.selectedText() == line.text():
            edit.setSelectedSection(edit.sectionAt(0))  # from the start, as typed
            self._moved_on = False
        if not typed.isdigit() and self._moved_on:
            self._moved_on = False  # the separator of the section Qt already left
            return True
        before = edit.currentSectionIndex()
        edit.keyPressEvent(event)
        self._moved_on = typed.isdigit() and edit.currentSectionIndex() > before
        return True


def type_whole(*edits: QDateTimeEdit) -> None:
    """Make each of ``edits`` take a whole time or date typed over its selected text."""
    for edit in edits:
        edit.installEventFilter(_WholeTyping(edit))
