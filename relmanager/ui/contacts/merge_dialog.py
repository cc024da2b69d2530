"""The Merge dialog: which contact stays, and a choice for each field where they differ
(two different values; a field only one of them fills is filled in, and said so).

Everything is reachable from the keyboard: each choice is a combo box with a mnemonic,
Tab walks them, Enter merges, Esc cancels. The defaults come from the domain rules
(:mod:`relmanager.domain.merging`), so the dialog, ``relmanager merge`` and the rules'
tests agree on what a merge does when the user just presses Enter.

Nothing is read on the UI thread: the dialog opens at once, saying it reads the contacts
(their fields, each one's interactions counted, the names it says), and fills in when
that read lands from its worker; a failed read is said, with Retry, and Merge waits for
the read. The first read used to run before the dialog showed, on the UI thread, the
window frozen meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain import merging
from relmanager.domain.merging import Candidate, Plan
from relmanager.domain.text import one_line
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import merge
from relmanager.ui.shared.dialog_keys import button_box
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import LoadFailure, failure_reason

#: The field labels with a mnemonic each, none the same (K and M are Keep and Merge).
_KEYS = {"name": "&Name", "organisation": "Or&ganisation", "title": "&Title",
         "stage": "&Stage", "sphere": "Sphe&re", "birthday": "&Birthday",
         "met_on": "&Date met", "how_met": "&How met", "where_met": "&Where met",
         "introduced_by": "&Introduced by", "cadence_days": "Rh&ythm",
         "intent": "Int&ent", "notes": "N&otes", "photo": "&Photo", "archived": "&Archived"}


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # names are the user's text, never markup
    return label


class MergeDialog(QDialog):
    """Choose how the contacts ``contact_ids`` become one; :meth:`plan` is the answer."""

    def __init__(self, contact_ids: Sequence[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge contacts")
        #: The first read and the summary's counts (every interaction of the others, on
        #: each change of who is kept) are made here, never on the UI thread; it ends
        #: with the dialog.
        self.reader = BackgroundReader(self)
        self.finished.connect(lambda _code: self.reader.shutdown())
        self.ids = list(dict.fromkeys(contact_ids))
        #: Empty until the first read lands (Merge waits for it).
        self.candidates: list[Candidate] = []
        self.names: dict[int, str] = {}
        layout = QVBoxLayout(self)
        self.intro = _plain(QLabel())
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.failure = LoadFailure("the contacts to merge")
        self.failure.hide()
        self.failure.retry.connect(self._read)
        layout.addWidget(self.failure)
        top = QFormLayout()
        self.keep = QComboBox()
        self.keep.setEnabled(False)
        top.addRow("&Keep:", self.keep)
        layout.addLayout(top)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.holder = QWidget()
        self.holder.setLayout(self.form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.holder)
        layout.addWidget(self.scroll, 1)
        self.summary = _plain(QLabel())
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        box, self.merge_button = button_box(self, "&Merge")
        self.merge_button.setEnabled(False)
        layout.addWidget(box)
        self.choices: dict[str, QComboBox] = {}
        self.keep.currentIndexChanged.connect(self._fill)
        self._read()
        self.resize(640, self.sizeHint().height())

    # -- the first read --------------------------------------------------------------
    def _read(self) -> None:
        """Read the contacts on the worker (again, on Retry: the newest read answers)."""
        self.failure.hide()
        self.intro.setText(f"Reading the {len(self.ids)} contacts…")
        self.reader.submit(partial(merge.opening, self.ids), self._opened,
                           self._not_opened, key="open")

    def _not_opened(self, error: BaseException) -> None:
        self.intro.setText("The contacts to merge were not read; nothing is merged.")
        self.failure.show_error(failure_reason(error))
        self.failure.show()
        self.failure.retry_button.setFocus()

    def _opened(self, opening: merge.MergeOpening) -> None:
        self.candidates = list(opening.candidates)
        #: The names as the dialog shows them (the display rule, cut for one line).
        self.names = {cid: one_line(name) for cid, name in opening.names.items()}
        self.intro.setText(
            f"These {len(self.candidates)} contacts become one. Interactions, stage history, "
            "follow-ups, introductions, tags, e-mails, phones and links all move to the one "
            "kept; the others are deleted (also on the sync server). Edit > Undo (Ctrl+Z) "
            "takes the merge back.")
        self.keep.blockSignals(True)  # one fill, below, for the survivor chosen
        self.keep.clear()
        for candidate in self.candidates:
            self.keep.addItem(self._who(candidate), candidate.id)
        self.keep.setCurrentIndex(self.keep.findData(merging.pick_survivor(self.candidates)))
        self.keep.blockSignals(False)
        self.keep.setEnabled(True)
        self.merge_button.setEnabled(True)
        self._fill()
        self.keep.setFocus()
        self.resize(max(self.width(), 640), max(self.height(), self.sizeHint().height()))

    def accept(self) -> None:
        if self.candidates:  # Enter while the contacts are read: nothing to merge yet
            super().accept()

    def _who(self, candidate: Candidate) -> str:
        org = one_line(candidate.values.get("organisation") or "")
        what = f"{self.names[candidate.id]}{', ' + org if org else ''}"
        return f"{what} (#{candidate.id}, {plural(candidate.interactions, 'interaction')})"

    @property
    def survivor(self) -> int:
        return int(self.keep.currentData())

    def _words(self, name: str, value: Any) -> str:
        text = one_line(merging.describe(name, value, lambda i: self.names.get(i, f"#{i}")))
        owners = [self.names[c.id] for c in self.candidates
                  if c.values.get(name) == value and name not in ("archived", "name")]
        if owners and len(owners) < len(self.candidates):
            text += f"  (from {', '.join(dict.fromkeys(owners))})"
        return text

    def _fill(self) -> None:
        """One combo per differing field, set to the default for the contact kept."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.choices.clear()
        fields = merging.differing(self.candidates)
        for name in fields:
            combo = QComboBox()
            for option in merging.options(name, self.survivor, self.candidates, self._words):
                combo.addItem(option.label, option.value)
            combo.setCurrentIndex(0)  # the default is offered first
            label = QLabel(_KEYS.get(name, merging.LABELS[name]) + ":")
            label.setBuddy(combo)
            self.form.addRow(label, combo)
            self.choices[name] = combo
        if not fields:
            self.form.addRow(_plain(QLabel("Their fields agree: nothing to choose.")))
        gaps = merging.filled(self.candidates)
        if gaps:
            note = _plain(QLabel("Filled in where one is empty: " + ", ".join(
                merging.LABELS[name].lower() for name in gaps) + "."))
            note.setWordWrap(True)
            self.form.addRow(note)
        # As tall as the choices (no empty band), scrolling only past a screenful. The
        # dialog is up while it reads: a row added to it is shown only by the next turn
        # of the event loop, and a hidden row counted nothing in the size below (the
        # choices showed two rows at a time).
        for child in self.holder.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.show()
        self.scroll.setMinimumHeight(min(self.holder.sizeHint().height() + 4, 420))
        self._summarise()

    def _summarise(self) -> None:
        """Count what moves on the worker; the newest count wins (who is kept changed)."""
        self.summary.setText("Counting what moves…")
        survivor = self.survivor
        self.reader.submit(partial(merge.preview, self.plan()),
                           partial(self._counted, survivor), self._not_counted, key="preview")

    def _not_counted(self, error: BaseException) -> None:
        self.summary.setText(f"Could not count what moves: {failure_reason(error)}")

    def wait_loaded(self) -> None:
        """Block until the contacts and the summary's count are shown (tests,
        screenshots): the count is asked for once the contacts land."""
        for _read in ("contacts", "count"):
            self.reader.wait()
            QCoreApplication.processEvents()

    def _counted(self, survivor: int, moved: merge.Preview) -> None:
        if survivor != self.survivor:  # who is kept changed meanwhile: a newer count
            return
        self.summary.setText(
            f"Moves {plural(moved.interactions, 'interaction')}, "
            f"{plural(moved.stage_changes, 'stage change')}, "
            f"{plural(moved.follow_ups, 'follow-up')} and "
            f"{plural(moved.introductions, 'introduction')} to "
            f"{self.names[self.survivor]}, who then has {plural(moved.emails, 'e-mail')}, "
            f"{plural(moved.phones, 'phone')}, {plural(moved.links, 'link')} and "
            f"{plural(moved.tags, 'tag')} (each once).")

    def plan(self) -> Plan:
        plan = merging.default_plan(self.candidates, self.survivor)
        for name, combo in self.choices.items():
            plan.values[name] = combo.currentData()
        return plan


def merge_contacts_ui(parent: QWidget, ctx: AppContext, contact_ids: Sequence[int]) -> bool:
    """Ask how to merge these contacts and do it (undoably); True when merged."""
    from relmanager.ui.contacts.merge_command import MergeContactsCommand
    from relmanager.ui.shared.undo import perform

    ids = list(dict.fromkeys(contact_ids))
    if len(ids) < 2:
        ctx.events.status_message.emit("Select two or more contacts to merge")
        return False
    dialog = MergeDialog(ids, parent)  # opens at once; its worker reads the contacts
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    plan, name = dialog.plan(), dialog.names[dialog.survivor]
    if not perform(ctx, MergeContactsCommand(ctx, plan, name)):
        return False
    ctx.events.status_message.emit(f"Merged {plural(len(plan.others), 'contact')} into {name}")
    return True
