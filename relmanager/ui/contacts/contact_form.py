"""Editing a contact's fields, with validation shown next to the field at fault.

The form turns what was typed into the keyword arguments of ``contacts.update_contact``
(only the fields that changed) plus the tag list; the store's own checks
(:mod:`relmanager.store.validation`) decide what is valid, so the form, the command line
and importers agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.clock import Clock
from relmanager.domain.stages import Stage, cadence_for
from relmanager.domain.text import visible
from relmanager.domain.wording import plural
from relmanager.store.errors import ValidationError
from relmanager.store.profile_reads import Profile
from relmanager.store.validation import clean_birthday, clean_name
from relmanager.ui.contacts.form_fields import (
    ErrorLabel,
    TagLineEdit,
    check_emails,
    check_met_on,
    link_kind,
    split_list,
)
from relmanager.ui.shared.contact_picker import ContactPicker
from relmanager.ui.shared.text_box import TextBox
from relmanager.ui.shared.wheel_guard import guard_wheel

if TYPE_CHECKING:
    from relmanager.services.background import BackgroundReader

#: The one-line text fields, the name first (its check is the only one that refuses).
_LINE_KEYS = ("display_name", "first_name", "last_name", "organisation", "title", "how_met",
              "where_met")

class ContactForm(QWidget):
    """Every editable field of a contact. ``edited`` fires on any change by the user."""

    edited = Signal()
    #: Enter in a one-line field: the profile saves, as Enter does in every dialog.
    submitted = Signal()

    def __init__(self, clock: Clock, reader: BackgroundReader,
                 parent: QWidget | None = None) -> None:
        """``reader``: the page's worker, where Introduced by's suggestions are read."""
        super().__init__(parent)
        self.clock = clock
        self.contact_id: int | None = None
        self._loaded: dict[str, Any] = {}
        #: What load put in each one-line field (the stored text, shown by ``visible``).
        self._shown: dict[str, str] = {}
        self._stage = Stage.INBOX
        self.errors: dict[str, ErrorLabel] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        line = self._line
        self.display_name = line("display_name", "&Name", "Full name as you say it")
        self.first_name = line("first_name", "First n&ame")
        self.last_name = line("last_name", "&Last name")
        self.organisation = line("organisation", "&Organisation")
        self.title = line("title", "&Job title")
        self.emails = line("emails", "E&mails", "name@example.org, other@example.org")
        self.phones = line("phones", "&Phones", "+44 20 7946 0000")
        self.links = line("links", "Lin&ks", "https://… (comma-separated)")
        self.tags = TagLineEdit([])  # the known tags come from the page's worker
        self._add("tags", "&Tags", self.tags)
        self.tags.textEdited.connect(self.edited)
        self.sphere = QComboBox()
        self.sphere.addItems(["business", "personal", "both"])
        self._add("sphere", "S&phere", self.sphere)
        self.sphere.activated.connect(self.edited)
        self.intent = self._text("intent", "&Intent", "Why this connection matters to you")
        self.how_met = line("how_met", "How &you met", "a talk, a friend's dinner…")
        self.where_met = line("where_met", "&Where", "event, city, online community")
        self.met_on = line("met_on", "&Met on", "YYYY-MM-DD")
        self.introduced_by = ContactPicker(clock, reader, placeholder="Who introduced you")
        self._add("introduced_by", "Intro&duced by", self.introduced_by)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.introduced_by.textEdited.connect(self.edited)
        self.introduced_by.contact_chosen.connect(lambda _id: self.edited.emit())
        self.cadence = QSpinBox()
        self.cadence.setRange(0, 3650)
        self.cadence.setSuffix(" days")
        self._add("cadence_days", "&Cadence", self.cadence)
        self.cadence.setToolTip("How often you want to be in touch; 0 uses the stage's rhythm")
        self.cadence.valueChanged.connect(self.edited)
        self.birthday = line("birthday", "&Birthday", "YYYY-MM-DD, or --MM-DD")
        self.notes = self._text("notes", "N&otes", "Anything worth remembering (plain text)")
        self.archived = QCheckBox("Archived (never goes cold, hidden from the list)")
        self._add("archived", "", self.archived)
        self.archived.toggled.connect(self.edited)
        guard_wheel(self)  # the wheel scrolls the form, never a box's value
        for edit in self.findChildren(QLineEdit):
            edit.returnPressed.connect(self.submitted)

    # -- building -------------------------------------------------------------------
    def _add(self, key: str, label: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = ErrorLabel()
        column.addWidget(error)
        self.errors[key] = error
        widget.setAccessibleName(label.replace("&", "") or key.replace("_", " "))
        title = QLabel(label)
        title.setBuddy(widget)
        self.layout_.addRow(title, box)

    def _line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(placeholderText=placeholder)
        self._add(key, label, edit)
        edit.textEdited.connect(self.edited)
        return edit

    def _text(self, key: str, label: str, placeholder: str) -> QPlainTextEdit:
        edit = TextBox(placeholderText=placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        # Not expanding in height: a tall form (a 1200-px screen) gave these rows the
        # spare height with the box centred in it, far below its label.
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._add(key, label, edit)
        edit.textChanged.connect(lambda: self.edited.emit() if edit.hasFocus() else None)
        return edit

    # -- loading --------------------------------------------------------------------
    def load(self, contact: Profile) -> None:
        """Show ``contact``. A re-read of the one shown (after a save) rewrites only the
        fields whose value changed, so a cursor the user is typing at stays where it is."""
        again = contact.id == self.contact_id
        self.contact_id = contact.id
        self._stage = Stage(contact.stage)
        self.introduced_by.exclude({contact.id})
        loaded = {
            "display_name": contact.display_name, "first_name": contact.first_name,
            "last_name": contact.last_name, "organisation": contact.organisation,
            "title": contact.title, "sphere": contact.sphere, "intent": contact.intent,
            "how_met": contact.how_met, "where_met": contact.where_met,
            "met_on": contact.met_on, "introduced_by": contact.introduced_by_id,
            "cadence_days": contact.cadence_days, "birthday": contact.birthday,
            "notes": contact.notes, "archived": bool(contact.archived),
            "emails": list(contact.emails), "phones": list(contact.phones),
            "links": list(contact.links), "tags": list(contact.tags),
        }
        self._loaded = loaded
        # Shown by the display rule: a NUL or an ESC from an import or a sync is a U+FFFD
        # the user can see and delete, an override no longer reverses the field. A field
        # left as shown is the stored text unchanged (``_line_values``): also one that
        # QLineEdit cut to its 32,767 characters (a 100,000-character organisation).
        # Only a field whose text differs is set, so the re-read after a save leaves the
        # cursor where the user types on.
        lines = {key: visible(loaded[key] or "") for key in _LINE_KEYS}
        lines["birthday"] = loaded["birthday"] or ""
        lines |= {key: ", ".join(loaded[key]) for key in ("emails", "phones", "links")}
        lines["tags"] = ", ".join(sorted(loaded["tags"], key=str.lower))
        lines["met_on"] = contact.met_on.isoformat() if contact.met_on else ""
        for key, text in lines.items():
            if getattr(self, key).text() != text:
                getattr(self, key).setText(text)
        self._shown = {key: getattr(self, key).text() for key in _LINE_KEYS}
        self.sphere.setCurrentText(contact.sphere)
        for box, text in ((self.intent, contact.intent), (self.notes, contact.notes)):
            if box.toPlainText() != text:
                box.setPlainText(text)
        self.introduced_by.set_contact(contact.introduced_by_id, contact.introduced_by_label)
        self.cadence.setValue(contact.cadence_days or 0)
        default = cadence_for(self._stage)
        self.cadence.setSpecialValueText(
            f"Stage default ({plural(default.ideal_days, 'day')})" if default
            else "Stage default")
        self.archived.setChecked(bool(contact.archived))
        # setText leaves the cursor at the end, so a field too narrow for its text showed
        # the tail ("n.achterberg182@…"): a loaded contact reads from its first letter.
        for edit in self.findChildren(QLineEdit):
            if not again:
                edit.setCursorPosition(0)
        for error in self.errors.values():
            error.show_error(None)

    def _bring_into_view(self, box: QWidget) -> None:
        """Focus the field in ``box`` and scroll the form (in the profile's scroll area)
        so that it and its red line show: Save found a wrong Met on below the fold of a
        768-px screen and only said "Please correct the fields marked below"."""
        box.layout().itemAt(0).widget().setFocus()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:  # once the error line just shown is laid out
            QTimer.singleShot(0, box, lambda: area.ensureWidgetVisible(box, 0, 8))

    # -- reading --------------------------------------------------------------------
    def collect(self, show_errors: bool = True
                ) -> tuple[dict[str, Any], list[str] | None] | None:
        """(changed fields for update_contact, new tags or None), or None when a field is
        invalid (each error is then shown under its field)."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}

        def check(key: str, func: Any, *args: Any) -> None:
            try:
                values[key] = func(*args)
            except ValidationError as error:
                problems[key] = str(error)

        values.update(self._line_values())
        if "display_name" not in values:
            check("display_name", clean_name, self.display_name.text())
        check("emails", check_emails, self.emails.text())
        check("birthday", clean_birthday, self.birthday.text())
        check("met_on", check_met_on, self.met_on.text(), self.clock.now().date())
        for key in _LINE_KEYS[1:]:
            values.setdefault(key, getattr(self, key).text().strip())
        values["intent"] = self.intent.toPlainText()
        values["notes"] = self.notes.toPlainText()
        values["sphere"] = self.sphere.currentText()
        values["phones"] = split_list(self.phones.text())
        values["links"] = split_list(self.links.text())
        values["cadence_days"] = self.cadence.value() or None
        values["archived"] = self.archived.isChecked()
        picked = self.introduced_by.contact_id()
        if self.introduced_by.text().strip() and picked is None:
            problems["introduced_by"] = "pick the person from the list as you type their name"
        values["introduced_by"] = picked
        if show_errors:
            for key, error in self.errors.items():
                error.show_error(problems.get(key))
        if problems:
            if show_errors:
                first = next(k for k in self.errors if k in problems)
                self._bring_into_view(self.errors[first].parentWidget())
            return None
        changes = {k: v for k, v in values.items() if v != self._loaded.get(k)}
        if "links" in changes:
            changes["links"] = [(link_kind(url), url) for url in changes["links"]]
        tags = self.tags.tags()
        new_tags = tags if sorted(t.lower() for t in tags) != sorted(
            t.lower() for t in self._loaded.get("tags", [])) else None
        return changes, new_tags

    def mark_saved(self, changes: dict[str, Any], tags: list[str] | None) -> None:
        """The form's edits (``collect``'s) are stored and become what it is compared with,
        so the re-read after the save loads the contact whole: it used to see "changes"
        still and keep the form, a field a sync changed meanwhile showing its old value."""
        for key, value in changes.items():
            self._loaded[key] = [url for _kind, url in value] if key == "links" else value
        if tags is not None:
            self._loaded["tags"] = list(tags)

    def _line_values(self) -> dict[str, Any]:
        """The stored text of each one-line field the user left as load showed it. A
        name stored with a NUL (an import, a sync) was refused by the name's check on
        every Save, whatever field was edited, and the user could not see why; and a
        field shown with U+FFFD for a control must not write the U+FFFD back unless the
        user edits it."""
        return {key: self._loaded[key] for key in _LINE_KEYS
                if key in self._shown and getattr(self, key).text() == self._shown[key]}

    def has_changes(self) -> bool:
        """True when the form differs from the stored contact (even if invalid)."""
        collected = self.collect(show_errors=False)
        return collected is None or bool(collected[0] or collected[1] is not None)

    def edits_text(self, width: int = 40) -> str:
        """What the form holds that the contact as loaded does not, as "Job title: CTO;
        Tags: a, b" (each value cut to ``width`` characters), for a message that names
        the edits a vanished contact took with it; "" when nothing differs or a field is
        wrong (its value would not have been saved either)."""
        collected = self.collect(show_errors=False)
        if collected is None:
            return ""
        changes, new_tags = collected
        if new_tags is not None:
            changes = {**changes, "tags": new_tags}
        parts = []
        for key, value in changes.items():
            text = self.introduced_by.text() if key == "introduced_by" else _as_text(value)
            text = text if len(text) <= width else text[:width - 1] + "…"
            label = self.errors[key].parentWidget().layout().itemAt(0).widget()
            parts.append(f"{label.accessibleName()}: {text}" if text
                         else f"{label.accessibleName()} emptied")
        return "; ".join(parts)


def _as_text(value: Any) -> str:
    """A collected value as the form showed it (links are (kind, url) pairs)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(v[1] if isinstance(v, tuple) else str(v) for v in value)
    return "" if value is None else str(value)
