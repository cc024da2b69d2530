"""A profile tab: what the user gave, asked and received with this contact over the last
12 months, the balance, and the all-time figures and balance below, each labelled with its
period (the profile header states the all-time balance in the same words)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from relmanager.domain.reciprocity import ALL_TIME, RECENT_PERIOD
from relmanager.services.context import AppContext
from relmanager.store import reciprocity


class ReciprocityPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id: int | None = None
        self.labels = {key: QLabel() for key in ("gives", "asks", "receives", "balance",
                                                 "ever", "ever_balance")}
        form = QFormLayout()
        ever = ALL_TIME.capitalize()
        for key, text in (("gives", f"Given, {RECENT_PERIOD}:"),
                          ("asks", f"Asked, {RECENT_PERIOD}:"),
                          ("receives", f"Received, {RECENT_PERIOD}:"),
                          ("balance", f"Balance, {RECENT_PERIOD}:"),
                          ("ever", f"{ever}:"), ("ever_balance", f"Balance, {ALL_TIME}:")):
            self.labels[key].setTextFormat(Qt.TextFormat.PlainText)
            self.labels[key].setAccessibleName(text.rstrip(":"))
            form.addRow(text, self.labels[key])
        note = QLabel("Networks are two-way: give before you ask, and ask of people who "
                      "know you. Log each interaction's exchange to keep this honest.")
        note.setWordWrap(True)
        note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        ctx.events.interactions_changed.connect(self._changed)

    def set_contact(self, contact_id: int | None) -> None:
        self.contact_id = contact_id
        self.reload()

    def _changed(self, ids: list[int]) -> None:
        if self.contact_id is not None and (not ids or self.contact_id in ids):
            self.reload()

    def reload(self) -> None:
        if self.contact_id is None:
            for label in self.labels.values():
                label.clear()
            return
        year = reciprocity.last_year(self.contact_id, self.ctx.clock.now())
        ever = reciprocity.ever(self.contact_id)
        self.labels["gives"].setText(str(year.gives))
        self.labels["asks"].setText(str(year.asks))
        self.labels["receives"].setText(str(year.receives))
        self.labels["balance"].setText(year.describe())
        self.labels["ever"].setText(f"{ever.gives} given, {ever.asks} asked, "
                                    f"{ever.receives} received")
        self.labels["ever_balance"].setText(ever.describe())
