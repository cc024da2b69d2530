"""Choosing a contact by typing part of a name: a line edit with live completion.

The completions come from the same search as the list (name, email, organisation, tags,
notes), limited to a screenful and sorted by name, read on a worker
(:func:`relmanager.store.picker_reads.suggestions`), never on the UI thread: on 100,000
contacts a text that matches little scans them all, and each pause in typing stalled the
window for it. An answer for a text no longer in the field is dropped (the user typed on,
or a highlighted suggestion is in the field now), so the suggestions shown, and what
Enter or a click on them picks, are always those of the text shown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QRect, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from relmanager.domain.clock import Clock
from relmanager.services.background import BackgroundReader
from relmanager.store import picker_reads, profile_reads
from relmanager.ui.shared.page_loader import failure_reason
from relmanager.ui.shared.plain import one_line

LIMIT = 15

#: What :meth:`ContactPicker.pick_first` calls with the contact picked (None: nobody).
Then = Callable[[int | None], object]


def contact_label(name: str, organisation: str) -> str:
    """A contact as a picker suggests it, a chip shows it and a chosen one reads: its
    name and organisation by the display rule (the label is only ever looked up in the
    picker's own table of labels, never matched against stored text)."""
    name = one_line(name)
    return f"{name} — {one_line(organisation)}" if organisation else name


class ContactPicker(QLineEdit):
    """``contact_chosen`` carries the picked id, or None when the text no longer names one."""

    contact_chosen = Signal(object)

    def __init__(self, clock: Clock, reader: BackgroundReader, parent: QWidget | None = None,
                 *, placeholder: str = "Type a name…") -> None:
        """``reader``: the host's worker (its dialog or page shuts it down); the picker's
        reads have keys of their own there, so they never moot the host's."""
        super().__init__(parent)
        self.clock = clock
        self.reader = reader
        self._key = ("picker", id(self))
        self.setPlaceholderText(placeholder)
        self._placeholder = placeholder
        self.setClearButtonEnabled(True)
        self._labels: dict[str, int] = {}
        #: The name and organisation of each contact offered or chosen, as read.
        self._people: dict[int, tuple[str, str]] = {}
        self._chosen: int | None = None
        self._chosen_label = ""
        self._exclude: set[int] = set()
        #: The last answer shown (its text is the field's, stripped, or it is stale).
        self.answer: picker_reads.Suggestions | None = None
        #: Why the last read failed ("" when it did not): said instead of "nobody".
        self.failure = ""
        #: An Enter waiting for the suggestions of the text it was pressed on.
        self._pending: tuple[str, Then] | None = None
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(LIMIT)
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self._ask)
        self.textEdited.connect(self._edited)

    def exclude(self, ids: set[int]) -> None:
        """Contacts that may not be picked (a contact cannot introduce themselves)."""
        self._exclude = set(ids)

    def _edited(self, text: str) -> None:
        if self._chosen is not None and text != self._chosen_label:
            self._chosen = None
            self.contact_chosen.emit(None)
        self._pending = None  # typed on after Enter: that Enter was for another text
        self._timer.start()

    def _typed(self) -> str:
        return self.text().strip()

    def _ask(self) -> None:
        """Ask the worker for the suggestions of the text in the field (nothing typed:
        none, at once)."""
        self._timer.stop()
        text = self._typed()
        if self.text() in self._labels and self._pending is None:
            return  # a suggestion highlighted into the field (a pause after a key): kept
        if not text:
            self._show(picker_reads.Suggestions("", [], []))
            return
        self.reader.submit(partial(picker_reads.suggestions, text, frozenset(self._exclude),
                                   self.clock.now(), LIMIT),
                           self._landed, partial(self._not_read, text), key=self._key)

    def _landed(self, answer: picker_reads.Suggestions) -> None:
        if answer.text != self._typed():
            return  # typed on, or a suggestion highlighted into the field: stale
        self._show(answer)
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == answer.text:
            pending[1](self._pick_from_answer())
        elif self._model.stringList() and self.hasFocus():
            self.completer().complete(self._popup_rect())

    def _not_read(self, text: str, error: BaseException) -> None:
        if text != self._typed():
            return
        self._show(picker_reads.Suggestions(text, [], []))
        self.failure = f"Could not read the contacts: {failure_reason(error)}"
        self.setToolTip(self.failure)
        pending, self._pending = self._pending, None
        if pending is not None:
            pending[1](None)

    def _show(self, answer: picker_reads.Suggestions) -> None:
        self.answer, self.failure = answer, ""
        self.setToolTip("")
        self._labels = {}
        for cid, name, organisation in answer.offered:
            self._people[cid] = (name, organisation)
            label = contact_label(name, organisation)
            if label in self._labels:
                label = f"{label} (#{cid})"
            self._labels[label] = cid
        self._model.setStringList(list(self._labels))  # in the order offered

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

    def _pick_from_answer(self) -> int | None:
        labels = self._model.stringList()
        if labels:
            self.setText(labels[0])
            self._picked(labels[0])
        return self._chosen

    def pick_first(self, then: Then) -> None:
        """Pick the best suggestion for the typed text (Enter without the popup), then
        call ``then`` with it (None: nobody): at once when the suggestions of this text
        are in, else when they land (a key typed before then cancels it)."""
        if self.text() in self._labels:
            # A suggestion already in the field (highlighted with the arrow keys): that
            # one. Searching for its label would find nobody and empty the suggestions
            # before Qt's completer could take the highlighted one.
            self._picked(self.text())
            then(self._chosen)
        elif self.answer is not None and self.answer.text == self._typed() and self._typed():
            then(self._pick_from_answer())
        elif not self._typed():
            then(None)
        else:
            self._pending = (self._typed(), then)
            self._ask()

    def excluded_matches(self) -> list[tuple[int, str]]:
        """The contacts (id, name) left out of the suggestions that the typed text finds,
        so a caller can say why Enter picked nobody ("already in this interaction")."""
        answer = self.answer
        return list(answer.excluded) if answer is not None and answer.text == self._typed() \
            else []

    def preset(self, contact_id: int) -> None:
        """Choose ``contact_id`` before its name is read (on the worker, which then calls
        :meth:`set_contact` with it): the field says so meanwhile, and typing a name in
        it chooses another contact, as always."""
        self._chosen, self._chosen_label = contact_id, ""
        self.clear()  # text typed before names another contact (and would keep the name out)
        self.setPlaceholderText("Reading the contact…")
        self.contact_chosen.emit(contact_id)

    def set_contact(self, contact_id: int | None,
                    label: tuple[str, str] | None = None) -> None:
        """Choose ``contact_id``; ``label`` is its name and organisation when the caller
        has read them (else they are read on the worker, the field saying so meanwhile)."""
        self.setPlaceholderText(self._placeholder)
        if contact_id is None:
            self._chosen, self._chosen_label = None, ""
            self.clear()
        elif label is None:
            self.preset(contact_id)
            self.reader.submit(partial(profile_reads.name_and_organisation, contact_id),
                               partial(self._named, contact_id),
                               partial(self._not_named, contact_id),
                               key=(*self._key, "name"))
            return
        else:
            self._chosen = contact_id
            self._people[contact_id] = label
            self._chosen_label = contact_label(*label)
            self._labels[self._chosen_label] = contact_id
            self.setText(self._chosen_label)
        self.contact_chosen.emit(self._chosen)

    def _named(self, contact_id: int, label: tuple[str, str] | None) -> None:
        if self._chosen == contact_id and not self.text():  # not chosen another meanwhile
            self.set_contact(contact_id, label or ("", ""))

    def _not_named(self, contact_id: int, error: BaseException) -> None:
        if self._chosen == contact_id and not self.text():
            self.setPlaceholderText(f"Contact not read: {failure_reason(error)}")

    def person(self, contact_id: int) -> tuple[str, str]:
        """The name and organisation of a contact this picker offered or was given."""
        return self._people.get(contact_id, ("", ""))

    def contact_id(self) -> int | None:
        return self._chosen
