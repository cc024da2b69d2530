"""Edit > Undo and Redo that say what they did.

QUndoStack's own actions undo silently: Ctrl+Z after a board drag put the card back with
no word, so a person could not tell whether the key did anything, or what. These actions
do the same undo and redo, and then say in the status bar "Undone: Move Ada Lovelace to
Recognition" or "Redone: …" (or nothing more when the write failed: the failure banner
says why, and an "Undone" beside it would be a lie)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from relmanager.services.context import AppContext
from relmanager.ui.shared.plain import menu_text


class _StackAction(QAction):
    """Undo or Redo, its text following the stack's. A bound slot of the action itself,
    so the stack (which outlives a closed window) drops the connection with it."""

    def __init__(self, verb: str, parent: QWidget, stack: QUndoStack) -> None:
        super().__init__(verb, parent)
        self._verb = verb
        undoing = verb == "&Undo"
        self.setEnabled(stack.canUndo() if undoing else stack.canRedo())
        self.follow_text(stack.undoText() if undoing else stack.redoText())
        (stack.canUndoChanged if undoing else stack.canRedoChanged).connect(self.setEnabled)
        (stack.undoTextChanged if undoing else stack.redoTextChanged).connect(
            self.follow_text)

    @Slot(str)
    def follow_text(self, text: str) -> None:
        """The verb and the command's text as a menu title (``menu_text``: a name's
        "Bob & Co" made the space a keyboard shortcut and lost the ampersand)."""
        self.setText(f"{self._verb} {menu_text(text)}".strip())


def undo_redo_actions(parent: QWidget, ctx: AppContext) -> tuple[QAction, QAction]:
    """The Undo and Redo actions of ``ctx.undo_stack``, texts and enabled state kept up
    to date like ``QUndoStack.createUndoAction``'s."""
    stack = ctx.undo_stack
    undo = _StackAction("&Undo", parent, stack)
    redo = _StackAction("&Redo", parent, stack)
    undo.triggered.connect(lambda: _step(ctx, stack, undoing=True))
    redo.triggered.connect(lambda: _step(ctx, stack, undoing=False))
    return undo, redo


def _step(ctx: AppContext, stack: QUndoStack, *, undoing: bool) -> None:
    if not (stack.canUndo() if undoing else stack.canRedo()):
        ctx.events.status_message.emit("Nothing to undo" if undoing else "Nothing to redo")
        return
    text = stack.undoText() if undoing else stack.redoText()
    failures: list[str] = []

    def failed(message: str) -> None:
        failures.append(message)

    ctx.events.write_failed.connect(failed)
    try:
        if undoing:
            stack.undo()
        else:
            stack.redo()
    finally:
        ctx.events.write_failed.disconnect(failed)
    if not failures:
        ctx.events.status_message.emit(f"{'Undone' if undoing else 'Redone'}: {text}")
