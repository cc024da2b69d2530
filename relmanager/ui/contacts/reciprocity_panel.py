"""A profile tab: what the user gave, asked and received with this contact over the last
12 months, the balance, and the all-time figures and balance below, each labelled with its
period (the profile header states the all-time balance in the same words). Read on a
worker (:mod:`relmanager.ui.contacts.tab_reads`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from relmanager.domain.reciprocity import ALL_TIME, RECENT_PERIOD, Balance
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store.profile_bundle import read_balances
from relmanager.ui.contacts.tab_reads import TabRead


class ReciprocityPanel(TabRead, QWidget):
    KEY = "profile-balances"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._setup_reads(reader, "the give and take")
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
        layout.addWidget(self.failure)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        if not self.fed:
            ctx.events.interactions_changed.connect(self._changed)

    def _changed(self, ids: list[int]) -> None:
        if self.contact_id is not None and (not ids or self.contact_id in ids):
            self.reload()

    def _work(self, contact_id: int) -> Callable[[], tuple[Balance, Balance]]:
        return partial(read_balances, contact_id, self.ctx.clock.now())

    def _show(self, balances: tuple[Balance, Balance] | None) -> None:
        if balances is None:
            for label in self.labels.values():
                label.clear()
            return
        year, ever = balances
        self.labels["gives"].setText(str(year.gives))
        self.labels["asks"].setText(str(year.asks))
        self.labels["receives"].setText(str(year.receives))
        self.labels["balance"].setText(year.describe())
        self.labels["ever"].setText(f"{ever.gives} given, {ever.asks} asked, "
                                    f"{ever.receives} received")
        self.labels["ever_balance"].setText(ever.describe())
