"""Adding a person: name first, then (gently, skippable) how and where you met and why.

"Thank you for the invitation, but who are you?" must never be the user's situation, so
the dialog asks for the context while it is fresh, but never insists. Possible duplicates
(same name, or an email already known) are pointed out while typing and once more on
Save, with a way to open the existing contact instead.

Both checks (and the known tags for completion) are read on the dialog's worker: the
check ran on the UI thread at each pause in typing and on Save. The newest check of each
kind wins (``BackgroundReader``): an answer for a name typed over is dropped, and Save
writes only once the check for what is in the fields at the press has landed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.domain.text import one_line
from relmanager.domain.warmth import Warmth
from relmanager.services.background import BackgroundReader
from relmanager.services.context import AppContext
from relmanager.store import profile_reads, tag_reads
from relmanager.store.errors import ValidationError
from relmanager.store.profile_reads import ContactRef
from relmanager.store.validation import clean_name
from relmanager.ui.contacts.form_fields import (
    ErrorLabel,
    TagLineEdit,
    check_emails,
    check_met_on,
    split_list,
)
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.dialog_keys import button_box, submit_on_ctrl_enter
from relmanager.ui.shared.discard_bar import DiscardBar
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.palette import left_bar
from relmanager.ui.shared.text_box import TextBox
from relmanager.ui.shared.undo import CreateContactCommand


def find_duplicates(name: str, emails: list[str], limit: int = 5) -> list[ContactRef]:
    """Contacts with the same name (any case) or one of the same email addresses."""
    return profile_reads.possible_duplicates(name, emails, limit)


class NewContactDialog(QDialog):
    """``open_existing`` carries the id of a duplicate the user chose to open instead."""

    open_existing = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: int | None = None
        self._duplicates: list[ContactRef] = []
        self._reader = BackgroundReader(self)
        #: A Save waiting for its duplicate check (a second press meanwhile is ignored).
        self.saving = False
        self.setWindowTitle("New contact")
        self.setMinimumWidth(540)
        self.name = QLineEdit(placeholderText="Full name")
        self.name.setAccessibleName("Name")
        self.emails = QLineEdit(placeholderText="name@example.org")
        self.emails.setAccessibleName("Email")
        self.phones = QLineEdit(placeholderText="+44 20 7946 0000")
        self.phones.setAccessibleName("Phone")
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName("Organisation")
        self.title = QLineEdit()
        self.title.setAccessibleName("Job title")
        self.sphere = QComboBox()
        self.sphere.addItems(["business", "personal", "both"])
        self.sphere.setAccessibleName("Sphere")
        self.stage = QComboBox()
        self.stage.addItems([s.label for s in BOARD_ORDER])
        self.stage.setCurrentIndex(BOARD_ORDER.index(Stage.ENCOUNTER))
        self.stage.setAccessibleName("Stage")
        self.tags = TagLineEdit([])
        self._reader.submit(tag_reads.known_tags, self.tags.set_known, self._tags_not_read,
                            key="tags")
        self.tags.setAccessibleName("Tags")
        self.how_met = QLineEdit(placeholderText="a talk, a friend's dinner, a project…")
        self.how_met.setAccessibleName("How you met")
        self.where_met = QLineEdit(placeholderText="event, city or online community")
        self.where_met.setAccessibleName("Where you met")
        today = ctx.clock.now().date()
        self.met_on = QLineEdit(today.isoformat())
        self.met_on.setAccessibleName("When you met")
        self.intent = TextBox(placeholderText="Why this connection? What could you "
                                     "offer them, what do you hope for?")
        self.intent.setTabChangesFocus(True)
        self.intent.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.intent.setAccessibleName("Intent")
        self.introduced_by = ContactPicker(ctx.clock, self._reader,
                                           placeholder="Who introduced you (optional)")
        self.introduced_by.setAccessibleName("Introduced by")
        self.errors = {key: ErrorLabel() for key in ("name", "emails", "met_on", "introduced_by")}

        person = QFormLayout()
        person.addRow("&Name", self._with_error(self.name, "name"))
        person.addRow("E&mail", self._with_error(self.emails, "emails"))
        person.addRow("&Phone", self.phones)
        person.addRow("&Organisation", self.organisation)
        person.addRow("&Job title", self.title)
        spheres = QHBoxLayout()
        spheres.addWidget(self.sphere)
        stage_label = QLabel("St&age")
        stage_label.setBuddy(self.stage)
        spheres.addWidget(stage_label)
        spheres.addWidget(self.stage)
        spheres.addStretch(1)
        sphere_label = QLabel("Sphe&re")
        sphere_label.setBuddy(self.sphere)  # a row holding a layout gets no buddy by itself
        person.addRow(sphere_label, spheres)
        person.addRow("&Tags", self.tags)
        context = QGroupBox("How you met (optional: skip anything you like)")
        context_form = QFormLayout(context)
        context_form.addRow("&How", self.how_met)
        context_form.addRow("&Where", self.where_met)
        context_form.addRow("Wh&en", self._with_error(self.met_on, "met_on"))
        context_form.addRow("Introduced &by", self._with_error(self.introduced_by,
                                                                "introduced_by"))
        context_form.addRow("&Intent", self.intent)

        self.duplicates = QLabel()
        self.duplicates.setTextFormat(Qt.TextFormat.PlainText)
        self.duplicates.setWordWrap(True)
        self.duplicates.setAccessibleName("Possible duplicates")
        self.duplicates.setStyleSheet(left_bar("QLabel", Warmth.COOLING, "padding: 4px 8px;"))
        self.open_button = QPushButton("Open e&xisting contact")
        self.open_button.clicked.connect(self._open_existing)
        duplicate_row = QHBoxLayout()
        duplicate_row.addWidget(self.duplicates, 1)
        duplicate_row.addWidget(self.open_button)
        self.duplicate_box = QWidget()
        self.duplicate_box.setLayout(duplicate_row)
        self.duplicate_box.hide()

        self.buttons, self.save_button = button_box(self, "&Save")
        # Save is pressed on purpose only: with a duplicate pointed out, Enter opens the
        # existing contact (the safe default) and "Save anyway" needs a click or Alt+S.
        self.buttons.accepted.disconnect()
        self.save_button.clicked.connect(self._save_clicked)
        self.open_button.setAutoDefault(False)
        self._confirmed: set[int] = set()
        submit_on_ctrl_enter(self, self.intent)
        self.discard_bar = DiscardBar(self, "Discard this contact?", self.discard, self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(person)
        layout.addWidget(context)
        layout.addWidget(self.duplicate_box)
        layout.addWidget(self.discard_bar)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.check_duplicates)
        self.name.textEdited.connect(self._timer.start)
        self.emails.textEdited.connect(self._timer.start)
        self.name.setFocus()
        # Every Alt+letter goes to one place (tests/ui/test_new_contact_discard.py):
        # Phone and Sphere shared P, Email and When E, Organisation and Open existing O,
        # Introduced by and the Discard question D; Qt then only cycles between them.

    def _with_error(self, widget: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors[key])
        return box

    def _typed(self) -> tuple[str, list[str]]:
        emails = [e.strip().lower() for e in split_list(self.emails.text()) if "@" in e]
        return self.name.text(), emails

    def check_duplicates(self) -> None:
        """Look for contacts this one may duplicate, on the worker; they are pointed out
        under the form when the answer lands."""
        name, emails = self._typed()
        self._reader.submit(lambda: find_duplicates(name, emails), self._show_duplicates,
                            self._check_failed, key="duplicates")

    def _tags_not_read(self, error: BaseException) -> None:
        self.tags.setPlaceholderText(f"Known tags not read: {failure_reason(error)}")

    def _check_failed(self, error: BaseException) -> None:
        """Said under the form, never as "no duplicates"."""
        self.saving = False
        self._duplicates = []
        self.duplicates.setText(f"Could not check for duplicates: {failure_reason(error)}")
        self.duplicate_box.setVisible(True)
        self.open_button.hide()
        self.save_button.setText("&Save")  # tried again on Save
        self._set_enter_default(self.save_button)

    def _show_duplicates(self, found: list[ContactRef]) -> list[ContactRef]:
        """Point out contacts this one may duplicate (shown under the form)."""
        self._duplicates = found
        self.open_button.show()
        if self._duplicates:
            names = "; ".join(
                one_line(c.display_name) + (f" ({one_line(c.organisation)})"
                                            if c.organisation else "")
                for c in self._duplicates)
            self.duplicates.setText(f"Already in your network? {names} "
                                    "(Enter opens it; Save anyway adds a new one)")
            self.save_button.setText("&Save anyway")
        else:
            self.duplicates.setText("")
            self.save_button.setText("&Save")
        self.duplicate_box.setVisible(bool(self._duplicates))
        if self._duplicates and self.isVisible():  # room for the warning: nothing squeezed
            self.layout().activate()
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        self._set_enter_default(self.open_button if self._duplicates else self.save_button)
        return self._duplicates

    def _set_enter_default(self, button: QPushButton) -> None:
        """The button Enter presses from a field: Save, or Open existing contact while a
        possible duplicate is shown (Enter there used to save the duplicate)."""
        other = self.save_button if button is self.open_button else self.open_button
        other.setDefault(False)
        other.setAutoDefault(other is self.save_button)  # Save still takes Enter when focused
        button.setAutoDefault(True)
        button.setDefault(True)

    def _save_clicked(self) -> None:
        """Save (or Save anyway) pressed on purpose: the duplicates shown are confirmed."""
        if self.duplicate_box.isVisible():
            self._confirmed |= {c.id for c in self._duplicates}
        self.accept()

    def done(self, result: int) -> None:
        """Closed: the worker's connection is closed with it, nothing delivered after."""
        super().done(result)
        self._reader.shutdown()

    def _open_existing(self) -> None:
        if self._duplicates:
            self.open_existing.emit(self._duplicates[0].id)
            super().reject()  # the existing contact chosen: nothing typed to keep

    def typed_something(self) -> bool:
        """Whether Esc would lose anything the user wrote (the date is filled in)."""
        fields = (self.name, self.emails, self.phones, self.organisation, self.title,
                  self.tags, self.how_met, self.where_met, self.introduced_by)
        return (any(field.text().strip() for field in fields)
                or bool(self.intent.toPlainText().strip()))

    def reject(self) -> None:
        """Esc, Cancel or the window's close: at once when nothing was typed, else the
        in-dialog question first (Esc closed the dialog and a typed name and address
        were gone without a word); Esc again keeps editing."""
        if not self.discard_bar.holds_back(self.typed_something()):
            super().reject()

    def discard(self) -> None:
        """Close without saving, what was typed dropped (the bar's Discard)."""
        self.discard_bar.hide()
        super().reject()

    def accept(self) -> None:
        """Check the fields, then the duplicates (on the worker), then write."""
        if self.saving:
            return
        problems: dict[str, str] = {}
        values: dict[str, object] = {}
        for key, func, args in (("name", clean_name, (self.name.text(),)),
                                ("emails", check_emails, (self.emails.text(),)),
                                ("met_on", check_met_on,
                                 (self.met_on.text(), self.ctx.clock.now().date()))):
            try:
                values[key] = func(*args)
            except ValidationError as error:
                problems[key] = str(error)
        introducer = self.introduced_by.contact_id()
        if self.introduced_by.text().strip() and introducer is None:
            problems["introduced_by"] = "pick the person from the list as you type their name"
        for key, label in self.errors.items():
            label.show_error(problems.get(key))
        if problems:
            return
        self.saving = True
        name, emails = self._typed()
        self._reader.submit(lambda: find_duplicates(name, emails),
                            lambda found: self._save_checked(found, values, introducer),
                            self._check_failed, key="save")

    def _save_checked(self, found: list[ContactRef], values: dict[str, object],
                      introducer: int | None) -> None:
        self.saving = False
        if {c.id for c in self._show_duplicates(found)} - self._confirmed:
            return  # pointed out under the form; only a press of "Save anyway" confirms
        command = CreateContactCommand(
            self.ctx, str(values["name"]), emails=values["emails"],
            phones=split_list(self.phones.text()), tags=self.tags.tags(),
            stage=BOARD_ORDER[self.stage.currentIndex()],
            organisation=self.organisation.text().strip(), title=self.title.text().strip(),
            sphere=self.sphere.currentText(), how_met=self.how_met.text().strip(),
            where_met=self.where_met.text().strip(), met_on=values["met_on"],
            intent=self.intent.toPlainText().strip(), introduced_by=introducer)
        from relmanager.ui.shared.undo import perform

        outcome = command.outcome
        if not perform(self.ctx, command):  # nothing was added: keep the form as typed
            self.errors["name"].show_error(f"Not saved: {outcome.reason}")
            return
        self.created_id = command.contact_id
        self.ctx.events.status_message.emit(f"Added {values['name']}")
        super().accept()
