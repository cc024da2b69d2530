"""The contact list's selection: which contacts are current and selected, kept across a
re-read, a contact selected by id (the filters widened only when it does not match), and
the keys that go from the search field into the list (Down) or open a match (Enter).

A mixin of :class:`~relmanager.ui.contacts.contact_list.ContactListView` (before its
actions and QWidget), split from it by responsibility: that module reads and shows the
list, this one is where the user is in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt

from relmanager.ui.contacts.contact_model import COLUMNS
from relmanager.ui.contacts.filter_reach import widen_for

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance
    from PySide6.QtWidgets import QTableView

    from relmanager.services.context import AppContext
    from relmanager.ui.contacts.contact_model import ContactTableModel
    from relmanager.ui.contacts.filter_bar import FilterBar
    from relmanager.ui.shared.page_loader import PageLoader


class ListSelection:
    """Current and selected contacts; the host reads and shows the list."""

    ctx: AppContext
    table: QTableView
    model: ContactTableModel
    filters: FilterBar
    loader: PageLoader
    current_changed: SignalInstance
    activated: SignalInstance
    _debounce: QTimer
    _pending_select: list[int]
    _after_results: list

    if TYPE_CHECKING:  # the host's: re-read the list with the current filters
        def refresh(self) -> None: ...

    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.contact_id(index.row())

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.contact_id(r) for r in rows if r < self.model.rowCount()]

    def _reselect(self, ids: Sequence[int], current: int | None) -> None:
        selection_model = self.table.selectionModel()
        rows = sorted(r for r in (self.model.row_of(i) for i in ids) if r is not None)
        selection = QItemSelection()
        last_col = len(COLUMNS) - 1
        start = prev = None
        for row in [*rows, None]:
            if row is not None and prev is not None and row == prev + 1:
                prev = row
                continue
            if start is not None:
                selection.select(self.model.index(start, 0), self.model.index(prev, last_col))
            start = prev = row
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection_model.select(selection, flags)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            selection_model.setCurrentIndex(self.model.index(row, 0),
                                            QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(row, 0))

    def select_contact(self, contact_id: int) -> None:
        """Select a contact, widening the filters only when it does not match them
        (see :func:`filter_reach.widen_for`): a contact just created keeps "Active"."""
        row = self.model.row_of(contact_id)
        if row is not None:
            self._reselect([contact_id], contact_id)
            self.current_changed.emit(contact_id)
            return
        self._pending_select = [contact_id]
        widen_for(self.filters, contact_id, self.ctx.clock.now())
        self.refresh()

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_changed.emit(self.model.contact_id(current.row())
                                  if current.isValid() else None)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.contact_id(index.row()))

    # -- keyboard from the search field ---------------------------------------------
    def _when_current(self, action) -> None:
        """Run ``action`` on results for the text as typed: a search still debouncing
        or running is finished first (Enter right after typing opens the match for
        what was typed, not the list as it was)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.refresh()
        if self.loader.loading:
            self._after_results.append(action)
        else:
            action()

    def _from_search(self, open_it: bool) -> None:
        """Down moves into the results, Enter opens the selected (else first) one."""
        if self.current_id() is None and self.model.rowCount():
            self._reselect([self.model.contact_id(0)], self.model.contact_id(0))
        if not open_it:
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.current_id() is not None:
            self.activated.emit(self.current_id())

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_id():
            self.activated.emit(self.current_id())
            return
        super().keyPressEvent(event)
