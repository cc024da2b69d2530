"""A person's relations to other contacts: listed, added (kind + a name picked as typed)
and removed. Used on the profile's Network tab and beside the Network page's drawing.

The list is read on a worker (the tie panel's, shared); an answer for a person no longer
shown is dropped. Each change goes through the window's writer (one bounded transaction,
then the change of both people announced, so the network and the profile reload); the
panel says in place when it did not happen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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
from relmanager.services.writer import Change, NotWritten
from relmanager.store import relations
from relmanager.store.relations import Relation
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.page_loader import failure_reason


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
        self.other = ContactPicker(ctx.clock, placeholder="Whom? Type a name")
        self.other.setAccessibleName("Related person")
        self.other.returnPressed.connect(self.add)
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
            text = relation.describe()
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

    def _write(self, what: str, work, other: int) -> bool:
        """One write through the window's writer; a failure is said here, in place."""
        assert self.contact_id is not None
        try:
            self.ctx.writer.write(what, work, Change.of_contacts((self.contact_id, other)),
                                  tell=False)
        except NotWritten as error:
            self.error.setText(f"Not saved: {error}")
            self.error.show()
            return False
        self.error.hide()
        self.reload()
        return True

    def add(self) -> None:
        if self.contact_id is None:
            return
        other = self.other.contact_id() or (self.other.choose_first() if self.other.text()
                                            else None)
        if other is None:
            self.error.setText("Choose the other person from the suggestions.")
            self.error.show()
            return
        me, kind = self.contact_id, RelationKind(self.kind.currentData())
        if self._write("the relation",
                       lambda: relations.relate(self.ctx.clock, me, other, kind), other):
            self.other.set_contact(None)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if self.contact_id is None or not 0 <= row < len(self.rows):
            return
        relation, me = self.rows[row], self.contact_id
        if relation.kind is RelationKind.INTRODUCED_BY and not relation.outgoing:
            a, b = relation.other_id, me  # the other was introduced by this contact
        else:
            a, b = me, relation.other_id
        self._write("removing the relation",
                    lambda: relations.unrelate(self.ctx.clock, a, b, relation.kind),
                    relation.other_id)
