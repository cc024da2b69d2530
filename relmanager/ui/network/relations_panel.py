"""A person's relations to other contacts: listed, added (kind + a name picked as typed)
and removed. Used on the profile's Network tab and beside the Network page's drawing.

The list is read on a worker (the tie panel's, shared); an answer for a person no longer
shown is dropped. Each change is an undoable command on the window's undo stack (through
the one writer: one bounded transaction, then the change of both people announced, so
the network and the profile reload); the panel says in place when it did not happen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.relations import RelationKind
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import relations
from relmanager.store.relations import Relation
from relmanager.ui.network.relation_commands import RelateCommand
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import one_line
from relmanager.ui.shared.undo import perform


class _StackKeysPass(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the window's undo stack while the name field
    has nothing of its own to undo: a QLineEdit claims those keys even when empty, so
    after Enter had added a relation (focus still in the cleared field) Ctrl+Z did
    nothing at all."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            field = watched
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo) or (
                event.keyCombination().toCombined()
                == QKeySequence("Ctrl+Shift+Z")[0].toCombined())
            if (undo and not field.isUndoAvailable()) or (
                    redo and not field.isRedoAvailable()):
                event.ignore()
                return True
        return False


class RelationsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reader = reader or BackgroundReader(self)
        self.contact_id: int | None = None
        self.rows: list[Relation] = []
        self.list = QListWidget()
        self.list.setAccessibleName("Relations")
        self.list.setMaximumHeight(110)
        self.list.setWordWrap(True)  # the empty list's hint reads whole, no sideways scroll
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of relation")
        for kind in RelationKind:
            self.kind.addItem(kind.label if kind in (RelationKind.INTRODUCED_BY,
                                                     RelationKind.KNOWS)
                              else f"{kind.label} of", kind.value)
        self.other = ContactPicker(ctx.clock, self.reader, placeholder="Whom? Type a name")
        self.other.setAccessibleName("Related person")
        self.other.returnPressed.connect(self.add)
        self._keys = _StackKeysPass(self)
        self.other.installEventFilter(self._keys)
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName("Remove relation")
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.other, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Whom they &know:")  # Alt+K: to the name field, to add one
        heading.setBuddy(self.other)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        # Spare height goes below, not between the parts: on the profile's tall tab it
        # was shared out and left the heading ~110 px above its list (review 18 #11).
        layout.addStretch(1)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def set_contact(self, contact_id: int | None) -> None:
        """Show ``contact_id``'s relations (read on the worker)."""
        if contact_id != self.contact_id:
            self.rows = []
            self.list.clear()
            self.list.addItem("Reading…")
        self.contact_id = contact_id
        self.error.hide()
        self.other.exclude({contact_id} if contact_id is not None else set())
        self.reload()

    def reload(self) -> None:
        """Read the relations again; a failed read says why instead of an empty list."""
        contact_id = self.contact_id
        self.reader.submit(
            lambda: (contact_id, relations.relations_of(contact_id) if contact_id else []),
            self._shown, self._failed, key="relations")

    def _shown(self, answer: tuple[int | None, list[Relation]]) -> None:
        contact_id, rows = answer
        if contact_id != self.contact_id:  # another person was chosen meanwhile
            return
        self.list.clear()
        self.rows = rows
        for relation in self.rows:
            text = one_line(relation.describe())  # the other's name by the display rule
            self.list.addItem(QListWidgetItem(text[:1].upper() + text[1:]))
        if not self.rows:
            self.list.addItem("No relations yet: say who they know, so warm paths can "
                              "go through them.")
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(f"Could not load the relations: {failure_reason(error)}")
        self.error.show()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.contact_id is not None)
        self.remove_button.setEnabled(bool(self.rows) and self.list.currentRow() >= 0)

    def _perform(self, command: RelateCommand) -> bool:
        """One undoable write on the window's undo stack (Ctrl+Z undoes exactly it); a
        failure is said here, in place, as well as in the window's banner."""
        if not perform(self.ctx, command):
            self.error.setText(f"Not saved: {command.outcome.reason}")
            self.error.show()
            return False
        self.error.hide()
        self.reload()
        return True

    def _picked_then_add(self, contact_id: int | None) -> None:
        if contact_id is None:
            self.error.setText(self.other.failure
                               or "Choose the other person from the suggestions.")
            self.error.show()
        else:
            self.add()

    def add(self) -> None:
        if self.contact_id is None:
            return
        other = self.other.contact_id()
        if other is None and self.other.text().strip():
            # Its best suggestion, read on the worker: Add goes on once it is in.
            self.other.pick_first(self._picked_then_add)
            return
        if other is None:
            self.error.setText("Choose the other person from the suggestions.")
            self.error.show()
            return
        me, kind = self.contact_id, RelationKind(self.kind.currentData())
        if self._perform(RelateCommand(self.ctx, me, other, kind)):
            self.other.set_contact(None)
            # setText, not clear(): the field's own history goes, so the next Ctrl+Z is
            # the window's and undoes this relation, not the emptying of the field.
            self.other.setText("")

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if self.contact_id is None or not 0 <= row < len(self.rows):
            return
        relation, me = self.rows[row], self.contact_id
        if relation.kind is RelationKind.INTRODUCED_BY and not relation.outgoing:
            a, b = relation.other_id, me  # the other was introduced by this contact
        else:
            a, b = me, relation.other_id
        self._perform(RelateCommand(self.ctx, a, b, relation.kind, remove=True))
