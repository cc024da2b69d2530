"""Choosing a contact by typing part of a name: a line edit with live completion.

The completions come from the same search as the list (name, email, organisation, tags,
notes), limited to a screenful and sorted by name, so even "a" over 100,000 contacts
answers in a few milliseconds.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from relmanager.domain.clock import Clock
from relmanager.store import profile_reads, queries
from relmanager.ui.shared.plain import one_line

LIMIT = 15


def contact_label(name: str, organisation: str) -> str:
    """A contact as a picker suggests it, a chip shows it and a chosen one reads: its
    name and organisation by the display rule (the label is only ever looked up in the
    picker's own table of labels, never matched against stored text)."""
    name = one_line(name)
    return f"{name} — {one_line(organisation)}" if organisation else name


class ContactPicker(QLineEdit):
    """``contact_chosen`` carries the picked id, or None when the text no longer names one."""

    contact_chosen = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None, *,
                 placeholder: str = "Type a name…") -> None:
        super().__init__(parent)
        self.clock = clock
        self.setPlaceholderText(placeholder)
        self._placeholder = placeholder
        self.setClearButtonEnabled(True)
        self._labels: dict[str, int] = {}
        self._chosen: int | None = None
        self._chosen_label = ""
        self._exclude: set[int] = set()
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(LIMIT)
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self._update_completions)
        self.textEdited.connect(self._edited)

    def exclude(self, ids: set[int]) -> None:
        """Contacts that may not be picked (a contact cannot introduce themselves)."""
        self._exclude = set(ids)

    def _edited(self, text: str) -> None:
        if self._chosen is not None and text != self._chosen_label:
            self._chosen = None
            self.contact_chosen.emit(None)
        self._timer.start()

    def update_now(self) -> None:
        """Refresh the completions at once (tests, or a programmatic text change)."""
        self._timer.stop()
        self._update_completions()

    def _update_completions(self) -> None:
        text = self.text().strip()
        if not text:
            self._model.setStringList([])
            return
        ids = queries.contact_ids(queries.ContactFilter(text=text, archived=None),
                                  self.clock.now(), limit=LIMIT + len(self._exclude))
        rows = queries.rows_for([i for i in ids if i not in self._exclude][:LIMIT])
        self._labels = {}
        for cid, row in rows.items():
            label = contact_label(row["display_name"], row["organisation"])
            if label in self._labels:
                label = f"{label} (#{cid})"
            self._labels[label] = cid
        ordered = sorted(self._labels, key=lambda lb: ids.index(self._labels[lb]))
        self._model.setStringList(ordered)
        if ordered and self.hasFocus():
            self.completer().complete(self._popup_rect())

    def _popup_rect(self) -> QRect:
        """Below the field, as wide as the longest "Name — Organisation" (Qt's default is
        the field's width, which cut "Mikael Lee — Silver R…" beside the Network page)."""
        popup = self.completer().popup()
        needed = (popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width()
                  + 2 * popup.frameWidth() + 8)
        return QRect(0, 0, max(self.width(), needed), self.height())

    def _picked(self, label: str) -> None:
        cid = self._labels.get(label)
        if cid is not None:
            self._chosen, self._chosen_label = cid, label
            self.contact_chosen.emit(cid)

    def choose_first(self) -> int | None:
        """Pick the best completion for the typed text (Enter without the popup)."""
        if self.text() in self._labels:
            # A suggestion already in the field (highlighted with the arrow keys): that
            # one. Searching for its label would find nobody and empty the suggestions
            # before Qt's completer could take the highlighted one.
            self._picked(self.text())
            return self._chosen
        self.update_now()
        labels = self._model.stringList()
        if labels:
            self.setText(labels[0])
            self._picked(labels[0])
        return self._chosen

    def excluded_matches(self) -> list[int]:
        """The contacts left out of the suggestions that the typed text would find, so a
        caller can say why Enter picked nobody ("already in this interaction")."""
        text = self.text().strip()
        if not text or not self._exclude:
            return []
        ids = queries.contact_ids(queries.ContactFilter(text=text, archived=None),
                                  self.clock.now(), limit=LIMIT + len(self._exclude))
        return [i for i in ids if i in self._exclude]

    def preset(self, contact_id: int) -> None:
        """Choose ``contact_id`` before its name is read (on the caller's worker, which
        then calls :meth:`set_contact` with it): the field says so meanwhile, and typing
        a name in it chooses another contact, as always."""
        self._chosen, self._chosen_label = contact_id, ""
        self.setPlaceholderText("Reading the contact…")
        self.contact_chosen.emit(contact_id)

    def set_contact(self, contact_id: int | None,
                    label: tuple[str, str] | None = None) -> None:
        """Choose ``contact_id``; ``label`` is its name and organisation when the caller
        has read them (else they are read here)."""
        self.setPlaceholderText(self._placeholder)
        if contact_id is None:
            self._chosen, self._chosen_label = None, ""
            self.clear()
        else:
            name, organisation = label or profile_reads.name_and_organisation(
                contact_id) or ("", "")
            self._chosen = contact_id
            self._chosen_label = contact_label(name, organisation)
            self._labels[self._chosen_label] = contact_id
            self.setText(self._chosen_label)
        self.contact_chosen.emit(self._chosen)

    def contact_id(self) -> int | None:
        return self._chosen
