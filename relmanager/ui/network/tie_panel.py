"""A profile tab: how strong the tie is and why, a score of one's own, and whom this
person knows. The network itself (warm paths, the drawing) is one click away on the
Network page.

Both reads (the tie's facts, the relations) run on the panel's own worker: a click on a
person never waits on the database, and an answer for someone no longer shown (a quick
run of clicks) is dropped, by the reader's newest-wins rule and by the person it names."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from relmanager.domain.text import one_line
from relmanager.domain.ties import TieStrength
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import network_reads
from relmanager.ui.network.relation_commands import TieOverrideCommand
from relmanager.ui.network.relations_panel import RelationsPanel
from relmanager.ui.network.strength_words import describe_strength
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.undo import perform


class TiePanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 named: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.named = named  # say whose tie it is (beside the drawing, not on a profile)
        self.contact_id: int | None = None
        self.strength = QLabel()
        self.strength.setTextFormat(Qt.TextFormat.PlainText)
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName("Tie strength")
        self.override = QSpinBox()
        self.override.setRange(0, 100)
        self.override.setAccessibleName("Your own tie strength")
        self.set_button = QPushButton("&Set strength")
        self.set_button.clicked.connect(lambda: self._set_override(self.override.value()))
        self.clear_button = QPushButton("Use the factors")
        self.clear_button.clicked.connect(lambda: self._set_override(None))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        self.reader = BackgroundReader(self)
        self.relations = RelationsPanel(ctx, reader=self.reader)
        row = QHBoxLayout()
        row.addWidget(self.override)
        row.addWidget(self.set_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strength)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.relations, 1)
        ctx.events.interactions_changed.connect(self._changed)
        ctx.events.contacts_changed.connect(self._changed)

    def set_contact(self, contact_id: int | None) -> None:
        if contact_id != self.contact_id:
            self.strength.setText("Reading the tie strength…")
        self.contact_id = contact_id
        self.error.hide()
        self.relations.set_contact(contact_id)
        self._show()

    def _changed(self, ids: list) -> None:
        # An empty list means "many or unknown" (an import undone, a sync): read again.
        # The relations too: a relation undone or redone (Ctrl+Z) names its two people,
        # and the list kept showing the relation undone.
        if self.contact_id is not None and (not ids or self.contact_id in ids):
            self._show()
            self.relations.reload()

    def _show(self) -> None:
        """Read the tie on the worker; :meth:`_shown` puts it on screen."""
        if self.contact_id is None:
            return
        contact_id, today, named = self.contact_id, self.ctx.clock.now().date(), self.named
        self.reader.submit(lambda: _read_tie(contact_id, today, named), self._shown,
                           self._failed, key="tie")

    def _shown(self, answer: tuple[int, TieStrength | None, str | None]) -> None:
        contact_id, strength, name = answer
        if contact_id != self.contact_id:  # another person was chosen meanwhile
            return
        for widget in (self.override, self.set_button, self.clear_button):
            widget.setEnabled(strength is not None)
        if strength is None:
            self.strength.setText(f"{name or 'This contact'} is archived: no tie strength.")
            return
        self.strength.setText(describe_strength(name, strength))
        self.override.setValue(strength.score)

    def _failed(self, error: BaseException) -> None:
        # Said in place, never an empty "no tie" panel.
        self.strength.setText(f"Could not load the tie strength: {failure_reason(error)}")

    def wait_loaded(self) -> None:
        """Block until the panel's reads are shown (tests, screenshots)."""
        self.reader.wait()
        QCoreApplication.processEvents()

    def shutdown(self) -> None:
        self.reader.shutdown()

    def _set_override(self, score: int | None) -> None:
        if self.contact_id is None:
            return
        command = TieOverrideCommand(self.ctx, self.contact_id, score)
        if perform(self.ctx, command):  # undoable: Ctrl+Z puts the earlier score back
            self.error.hide()
        else:
            self.error.setText(f"The tie strength was not saved: {command.outcome.reason}")
            self.error.show()

def _read_tie(contact_id: int, today: date, named: bool
              ) -> tuple[int, TieStrength | None, str | None]:
    """On the worker: the tie and (beside the drawing) whose it is."""
    strength = network_reads.strength_of(contact_id, today)
    name = network_reads.names([contact_id]).get(contact_id) if named else None
    return contact_id, strength, one_line(name) if name is not None else None
