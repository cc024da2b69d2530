"""More people for one interaction: a picker that adds each chosen person as a chip.

A group event (a dinner, a meeting) is logged with several contacts at once. The Log
dialog keeps its first "Contact" field; this row adds the others, keyboard first: type a
name, Down, Enter adds it as a chip and empties the field for the next; Backspace in the
empty field removes the last chip; Delete (or Backspace) removes the selected chip, and so
does a double-click. Enter in the empty field is left to the dialog (it logs). Enter on
a name that adds nobody says why under the field (already there, or nobody by that name).

The chips are one per line and the list grows with them up to ``VISIBLE_CHIPS`` lines
(review 18, item 8: a fixed two-line box hid the third person behind a tiny scroll bar).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.clock import Clock
from relmanager.services.background import BackgroundReader
from relmanager.ui.shared.contact_picker import ContactPicker, contact_label
from relmanager.ui.shared.plain import contact_tip, one_line

#: How many chips show before the list scrolls: a dinner for six fits without scrolling.
VISIBLE_CHIPS = 6


class PeopleChips(QWidget):
    """The chosen people (ids in the order added) and the field that adds them."""

    changed = Signal()

    def __init__(self, clock: Clock, reader: BackgroundReader,
                 parent: QWidget | None = None) -> None:
        """``reader``: the dialog's worker, where the picker's suggestions are read."""
        super().__init__(parent)
        self.picker = ContactPicker(
            clock, reader, placeholder="Also with… type a name, Enter adds (Backspace removes)")
        self.picker.setAccessibleName("Also with")
        self.list = QListWidget()
        self.list.setAccessibleName("People also at the interaction")
        self.list.setFlow(QListView.Flow.TopToBottom)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setToolTip("Delete or double-click removes a person")
        self.list.hide()
        # Why Enter added nobody: said here, in the dialog, in plain text.
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Why nobody was added")
        self.note.hide()
        self.picker.textEdited.connect(lambda _text: self.note.hide())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.picker)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        self._ids: list[int] = []
        self._fixed: set[int] = set()
        self.picker.contact_chosen.connect(self._chosen)
        self.picker.installEventFilter(self)
        self.list.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda item: self.remove(self.list.row(item)))

    # -- the people -----------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def exclude(self, ids: set[int]) -> None:
        """People who are already in the interaction some other way (the first contact)."""
        self._fixed = {i for i in ids if i}
        self.picker.exclude(self._fixed | set(self._ids))

    def add(self, contact_id: int, name: str, organisation: str = "") -> bool:
        """A chip for ``contact_id``, named as its picker read it (nothing read here)."""
        if contact_id in self._ids or contact_id in self._fixed:
            return False
        item = QListWidgetItem(f"{contact_label(name, organisation)}  ×")
        item.setData(Qt.ItemDataRole.UserRole, contact_id)
        item.setToolTip(contact_tip(name))  # Qt guesses rich text for an item's tooltip too
        self.list.addItem(item)
        self._ids.append(contact_id)
        self._after_change()
        return True

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._ids):
            self.list.takeItem(row)
            del self._ids[row]
            self._after_change()

    def _after_change(self) -> None:
        self.list.setVisible(bool(self._ids))
        self.note.hide()
        self._fit_list()
        self.picker.exclude(self._fixed | set(self._ids))
        self.changed.emit()

    def _fit_list(self) -> None:
        """As tall as its chips, up to VISIBLE_CHIPS lines; then it scrolls."""
        lines = min(max(self.list.count(), 1), VISIBLE_CHIPS)
        row = self.list.sizeHintForRow(0) if self.list.count() else 0
        row = max(row, self.list.fontMetrics().height() + 4)
        self.list.setFixedHeight(lines * row + 2 * self.list.frameWidth() + 2)

    def explain_nobody(self) -> None:
        """Enter on a name that added nobody: say why instead of doing nothing."""
        typed = self.picker.text().strip()
        already = self.picker.excluded_matches()
        if self.picker.failure:
            self.note.setText(self.picker.failure)
        elif already:
            cid, name = already[0]
            where = ("is the contact this interaction is logged for" if cid
                     in self._fixed else "is already in the list")
            self.note.setText(f"{one_line(name)} {where}.")
        else:
            self.note.setText(f"Nobody matches “{typed}”: add them as a contact first, "
                              "or check the spelling.")
        self.note.show()

    # -- keys -------------------------------------------------------------------------
    def _chosen(self, contact_id: int | None) -> None:
        if contact_id is None:
            return
        self.add(contact_id, *self.picker.person(contact_id))
        # The completer writes the label into the field after this signal: empty it
        # once it has, ready for the next person.
        QTimer.singleShot(0, self.picker.clear)

    def _first_picked(self, contact_id: int | None) -> None:
        """Enter's pick (added by :meth:`_chosen`), once the suggestions are in."""
        if contact_id is None:
            self.explain_nobody()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.picker:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.picker.text().strip():
                if self.picker.contact_id() is None:
                    self.picker.pick_first(self._first_picked)
                return True  # adds; never logs half-typed
            if key == Qt.Key.Key_Backspace and not self.picker.text() and self._ids:
                self.remove(len(self._ids) - 1)
                return True
        elif watched is self.list and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove(self.list.currentRow())
            return True
        return super().eventFilter(watched, event)
