"""The Merge dialog: which contact stays, and a choice for each field where they differ
(two different values; a field only one of them fills is filled in, and said so).

Everything is reachable from the keyboard: each choice is a combo box with a mnemonic,
Tab walks them, Enter merges, Esc cancels. The defaults come from the domain rules
(:mod:`relmanager.domain.merging`), so the dialog, ``relmanager merge`` and the rules'
tests agree on what a merge does when the user just presses Enter.
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
from relmanager.store.errors import DB_EXCEPTIONS, StoreError, translate
from relmanager.ui.shared.dialog_keys import button_box
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import failure_reason

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
    """Choose how ``candidates`` become one; :meth:`plan` is the answer."""

    def __init__(self, candidates: Sequence[Candidate], names: dict[int, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge contacts")
        #: The summary's counts (every interaction of the others, on each change of who
        #: is kept) are read here, never on the UI thread; it ends with the dialog.
        self.reader = BackgroundReader(self)
        self.finished.connect(lambda _code: self.reader.shutdown())
        self.candidates = list(candidates)
        #: The names as the dialog shows them (the display rule, cut for one line).
        self.names = {cid: one_line(name) for cid, name in names.items()}
        layout = QVBoxLayout(self)
        intro = _plain(QLabel(
            f"These {len(self.candidates)} contacts become one. Interactions, stage history, "
            "follow-ups, introductions, tags, e-mails, phones and links all move to the one "
            "kept; the others are deleted (also on the sync server). Edit > Undo (Ctrl+Z) "
            "takes the merge back."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QFormLayout()
        self.keep = QComboBox()
        for candidate in self.candidates:
            self.keep.addItem(self._who(candidate), candidate.id)
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
        layout.addWidget(box)
        self.choices: dict[str, QComboBox] = {}
        survivor = merging.pick_survivor(self.candidates)
        self.keep.setCurrentIndex(self.keep.findData(survivor))
        self.keep.currentIndexChanged.connect(self._fill)
        self._fill()
        self.resize(640, self.sizeHint().height())

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
        # As tall as the choices (no empty band), scrolling only past a screenful.
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
        """Block until the summary's count is shown (tests, screenshots)."""
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
    try:
        found = merge.candidates(ids)
        names = merge.names_of(ids)
        introducers = [c.values["introduced_by"] for c in found if c.values["introduced_by"]]
        names.update(merge.names_of([i for i in introducers if i not in names]))
    except (StoreError, *DB_EXCEPTIONS) as error:
        reason = error if isinstance(error, StoreError) else translate(error)
        ctx.events.write_failed.emit(f"Could not merge: {reason}")
        return False
    dialog = MergeDialog(found, names, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    plan = dialog.plan()
    if not perform(ctx, MergeContactsCommand(ctx, plan, names[plan.survivor])):
        return False
    ctx.events.status_message.emit(
        f"Merged {plural(len(plan.others), 'contact')} into {names[plan.survivor]}")
    return True
