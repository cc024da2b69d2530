"""The fields and checks a contact's forms are made of: the profile's form, the New
contact dialog and the Log dialog share them (the e-mail and date checks, the tags field
with its completer and the tags prompt, the red line under a field at fault), so a field
reads and refuses alike wherever a contact is typed in."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.warmth import Warmth
from relmanager.store.errors import ValidationError
from relmanager.store.validation import clean_email, parse_date
from relmanager.ui.shared.palette import WARMTH_COLORS

ERROR_COLOR = WARMTH_COLORS[Warmth.COLD]  # legible on light and dark palettes


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def check_emails(text: str) -> list[str]:
    return [clean_email(part) for part in split_list(text)]


def check_met_on(text: str, today: date) -> date | None:
    value = text.strip()
    if not value:
        return None
    parsed = parse_date(value)
    if parsed > today:
        raise ValidationError("the day you met cannot be in the future")
    return parsed


def link_kind(url: str) -> str:
    host = url.lower()
    for kind in ("linkedin", "github", "mastodon", "twitter"):
        if kind in host:
            return kind
    return "website"


#: What the tags field says while empty (a failed read of the known tags says so instead).
TAGS_PLACEHOLDER = "communities, topics, events (comma-separated)"


class TagLineEdit(QLineEdit):
    """Comma-separated tags, completing the tag being typed from the known ones."""

    def __init__(self, known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(TAGS_PLACEHOLDER)
        self._model = QStringListModel(known, self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        completer.setWidget(self)
        completer.activated.connect(self._insert)
        self._completer = completer
        self.textEdited.connect(self._complete)

    def set_known(self, known: list[str]) -> None:
        self._model.setStringList(known)

    def _current_token(self) -> str:
        return self.text()[: self.cursorPosition()].split(",")[-1].strip()

    def _complete(self) -> None:
        token = self._current_token()
        if not token:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(token)
        self._completer.complete()

    def _insert(self, tag: str) -> None:
        head = self.text()[: self.cursorPosition()].rsplit(",", 1)
        before = (head[0] + ", ") if len(head) == 2 else ""
        self.setText(before + tag + ", ")

    def tags(self) -> list[str]:
        seen: dict[str, str] = {}
        for name in split_list(self.text()):
            seen.setdefault(name.lower(), " ".join(name.split()))
        return list(seen.values())


def ask_tags(parent: QWidget, title: str, prompt: str, known: list[str], *,
             not_read: str | None = None) -> list[str] | None:
    """A small dialog asking for tags with completion from ``known``; None when
    cancelled. ``not_read`` (why the known tags could not be read) is said in the dialog,
    so an empty completion is never taken for "no tags yet"."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    edit = TagLineEdit(known)
    edit.setAccessibleName("Tags")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    label = QLabel(prompt)
    label.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(label)
    layout.addWidget(edit)
    if not_read is not None:
        problem = ErrorLabel()
        problem.setAccessibleName("Known tags not read")
        problem.show_error(f"Could not read the known tags ({not_read}), so none are "
                           "suggested: type each tag in full.")
        layout.addWidget(problem)
    layout.addWidget(buttons)
    # As wide as the field's hint, which a dialog sized to its buttons cut off.
    hint = edit.fontMetrics().horizontalAdvance(TAGS_PLACEHOLDER)
    dialog.setMinimumWidth(hint + 2 * layout.contentsMargins().left() + 24)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    names = edit.tags() if accepted else None
    dialog.deleteLater()  # not a child of the list for the rest of the session
    return names


class ErrorLabel(QLabel):
    """The inline message under a field; hidden while the field is fine."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR};")
        self.hide()

    def show_error(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))
