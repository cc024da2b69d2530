"""Changing an interaction from the History tab: its minutes and note, for everyone at a
group event or only for this person (who then has an event of their own; see
:func:`relmanager.store.event_edits.edit_event`). One undoable command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.writer import Change
from relmanager.store import event_edits
from relmanager.ui.shared.dialog_keys import button_box, submit_on_ctrl_enter
from relmanager.ui.shared.text_box import TextBox
from relmanager.ui.shared.undo import StoreCommand

if TYPE_CHECKING:
    from relmanager.services.context import AppContext

#: The title bar's icon, its three buttons and margins, beside the title's text.
TITLE_BAR_ROOM = 140


class EditEventCommand(StoreCommand):
    """Undo puts every touched row back exactly (a row that left its group rejoins it,
    with its uid and sync pairing)."""

    def __init__(self, ctx: AppContext, interaction_id: int, everyone: bool, text: str,
                 **values: object) -> None:
        super().__init__(ctx, text)
        self.interaction_id, self.everyone, self.values = interaction_id, everyone, values
        self.edit: event_edits.EditedEvent | None = None

    def apply(self) -> None:
        self.edit = event_edits.edit_event_undoable(self.interaction_id, self.everyone,
                                                 **self.values)

    def revert(self) -> None:
        if self.edit is not None:
            event_edits.undo_edit_event(self.edit)

    def applied(self) -> Change:
        before = self.edit.before if self.edit is not None else ()
        return Change.of_interactions(sorted({row["contact"] for row in before}))


class EditEventDialog(QDialog):
    """Minutes and note of one interaction (Ctrl+Enter saves)."""

    def __init__(self, minutes: int, note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit interaction")
        # Wide enough for the window manager's whole title ("… — Relmanager", bold) and
        # its buttons: at its content's width it read "Change an inter… n".
        bold = QFont(self.font())
        bold.setBold(True)
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(
            f"{self.windowTitle()} — Relmanager") + TITLE_BAR_ROOM)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(minutes)
        self.minutes.setAccessibleName("Minutes spent")
        self.note = TextBox()
        self.note.setPlainText(note)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note")
        buttons, _save = button_box(self, "&Save")
        submit_on_ctrl_enter(self, self.note)
        form = QFormLayout()
        form.addRow("&Minutes", self.minutes)
        form.addRow("&Note", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
