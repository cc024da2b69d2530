"""A new introduction: "introduce X to Y" (the user introduces), or "ask X to introduce me
to Y". Each side gets its own reason: an introduction should benefit both.

It keeps the keyboard contract of the other dialogs with a note (the Log and New contact
ones): Ctrl+Enter in a reason saves, and Esc with something typed asks before dropping it.
Ctrl+Enter did nothing here and Esc threw away two typed reasons without a word
(stranger6)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.services.writer import INTRODUCTIONS, NotWritten
from relmanager.store import introductions
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.dialog_keys import submit_on_ctrl_enter
from relmanager.ui.shared.discard_bar import DiscardBar
from relmanager.ui.shared.text_box import TextBox

INTRODUCE, ASK = "introduce", "ask"


class IntroductionDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 requester_id: int | None = None, target_id: int | None = None,
                 introducer_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: int | None = None
        self.setWindowTitle("New introduction")
        self.mode = QComboBox()
        self.mode.setAccessibleName("Kind of introduction")
        self.mode.addItem("I introduce two people to each other", INTRODUCE)
        self.mode.addItem("I ask someone to introduce me", ASK)
        #: The pickers' reads; the thread and its connection end with the dialog.
        self.reader = BackgroundReader(self)
        self.finished.connect(lambda _code: self.reader.shutdown())
        self.first = ContactPicker(ctx.clock, self.reader,
                                   placeholder="Who would like to meet someone?")
        self.first.setAccessibleName("First person")
        self.second = ContactPicker(ctx.clock, self.reader, placeholder="Whom should they meet?")
        self.second.setAccessibleName("Second person")
        self.first_label, self.second_label = QLabel(), QLabel()
        self.reason_first = TextBox()
        self.reason_first.setPlaceholderText("Why is this good for them?")
        self.reason_first.setAccessibleName("Reason for the first person")
        self.reason_second = TextBox()
        self.reason_second.setPlaceholderText("And why is it good for the other side?")
        self.reason_second.setAccessibleName("Reason for the second person")
        for box in (self.reason_first, self.reason_second):
            box.setMaximumHeight(70)
            box.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        form = QFormLayout()
        form.addRow("Kind:", self.mode)
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        form.addRow("Good for the first because:", self.reason_first)
        form.addRow("Good for the second because:", self.reason_second)
        note = QLabel("Ask the second person's consent before introducing them; the "
                      "Introductions page walks you through each step.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        submit_on_ctrl_enter(self, self.reason_first, self.reason_second)
        self.discard_bar = DiscardBar(self, "Discard this introduction?", self.discard,
                                      self.reason_first)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.discard_bar)
        layout.addWidget(buttons)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        if target_id is not None and requester_id is None:
            self.mode.setCurrentIndex(1)  # "ask for an intro" to this contact
            self.second.set_contact(target_id)
            if introducer_id is not None:  # a warm path's first step (Network page)
                self.first.set_contact(introducer_id)
        elif requester_id is not None:
            self.first.set_contact(requester_id)
            if target_id is not None:
                self.second.set_contact(target_id)
        #: The pickers the opener filled in (a profile, a warm path): not typed by the user.
        self._given = {picker for picker in (self.first, self.second)
                       if picker.contact_id() is not None}
        self._mode_changed()
        self.mode.setFocus()  # it opens on the Kind (with the bar in, Qt focused Save)
        self.resize(560, self.sizeHint().height())

    def typed_something(self) -> bool:
        """Whether Esc would lose anything the user wrote: a reason, or a person typed
        (one the opener filled in is not the user's typing)."""
        return (any(box.toPlainText().strip() for box in (self.reason_first, self.reason_second))
                or any(picker.text().strip() for picker in (self.first, self.second)
                       if picker not in self._given))

    def reject(self) -> None:
        """Esc, Cancel or the window's close: at once when nothing was typed, else the
        in-dialog question first; Esc again keeps editing."""
        if not self.discard_bar.holds_back(self.typed_something()):
            super().reject()

    def discard(self) -> None:
        """Close without saving, what was typed dropped (the bar's Discard)."""
        self.discard_bar.hide()
        super().reject()

    def _mode_changed(self) -> None:
        if self.mode.currentData() == INTRODUCE:
            self.first_label.setText("Introduce:")
            self.second_label.setText("To:")
            self.first.setPlaceholderText("Who would like to meet someone?")
        else:
            self.first_label.setText("Ask (the introducer):")
            self.second_label.setText("To introduce me to:")
            self.first.setPlaceholderText("Who knows them?")

    def _picked_then_save(self, contact_id: int | None) -> None:
        if contact_id is None:
            self._fail("Choose both people from the suggestions.")
        else:
            self.accept()

    def accept(self) -> None:
        for picker in (self.first, self.second):
            if picker.contact_id() is None and picker.text().strip():
                # Its best suggestion, read on the worker: Save goes on once it is in.
                picker.pick_first(self._picked_then_save)
                return
        first, second = self.first.contact_id(), self.second.contact_id()
        if first is None or second is None:
            self._fail("Choose both people from the suggestions.")
            return
        people: dict[str, int | None] = (
            {"requester_id": first, "target_id": second}
            if self.mode.currentData() == INTRODUCE else
            {"requester_id": None, "target_id": second, "introducer_id": first})
        reasons = {"reason_requester": self.reason_first.toPlainText(),
                   "reason_target": self.reason_second.toPlainText()}
        try:  # bounded wait for the lock; a failure is said here, the dialog stays open
            intro = self.ctx.writer.write("introduction", lambda: introductions.create_introduction(
                self.ctx.clock, **people, **reasons), INTRODUCTIONS, tell=False)
        except NotWritten as error:
            self._fail(str(error))
            return
        self.created_id = intro.id
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def open_introduction_dialog(ctx: AppContext, parent: QWidget | None = None, *,
                             requester_id: int | None = None,
                             target_id: int | None = None,
                             introducer_id: int | None = None) -> int | None:
    """Modal: the new introduction's id, or None when none was created."""
    dialog = IntroductionDialog(ctx, parent, requester_id=requester_id, target_id=target_id,
                                introducer_id=introducer_id)
    return dialog.created_id if dialog.exec() == QDialog.DialogCode.Accepted else None
