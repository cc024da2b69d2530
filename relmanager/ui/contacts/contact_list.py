"""The contact list: lazy table under the filter bar (its actions on the selection are in
:mod:`relmanager.ui.contacts.list_actions`, the selection and the keys from the search
field in :mod:`relmanager.ui.contacts.list_selection`).

Search is debounced (150 ms) and every query runs on the list's page loader (a
background reader), so typing never waits for SQLite; only the newest result is applied,
and a failed query says so ("Could not load contacts: …", Retry) instead of leaving the
count at "searching…".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from relmanager.services.context import AppContext
from relmanager.store import tag_reads
from relmanager.store.contact_rows import ContactFilter, SortKey
from relmanager.ui.contacts import column_widths
from relmanager.ui.contacts.contact_model import PAGE, SORT_KEYS, ContactTableModel
from relmanager.ui.contacts.contact_table import ContactTable
from relmanager.ui.contacts.filter_bar import FilterBar
from relmanager.ui.contacts.list_actions import Confirm, ListActions, ask_delete
from relmanager.ui.contacts.list_selection import ListSelection
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import PageLoader

SEARCH_DELAY_MS = 150
FULL_LIST_FALLBACK_MS = 300
FULL_LIST_FALLBACK_WAITS = 6  # a shown list waits up to ~2 s for its first paint


#: Rows of the first screenful, read on the worker ahead of the full list (a tall window
#: shows about 40).
FIRST_PAGE = 80


class ContactListView(ListSelection, ListActions, QWidget):
    """Filter bar + table. ``current_changed`` carries the focused contact id or None;
    the actions on the selection (bulk moves, tags, archive, delete, merge, the context
    menu) are :class:`~relmanager.ui.contacts.list_actions.ListActions`, the selection
    itself and the keys from the search field
    :class:`~relmanager.ui.contacts.list_selection.ListSelection`."""

    current_changed = Signal(object)
    selection_changed = Signal()
    results_applied = Signal(int, float)  # rows, seconds from request to applied
    activated = Signal(int)  # Enter or double-click on a contact

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.confirm: Confirm = ask_delete
        self.filters = FilterBar()
        self.model = ContactTableModel(ctx.clock.now, self)
        self.table = ContactTable()
        self.table.setAccessibleName("Contacts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        #: The style's paddings the columns are fitted to: the last start's, if kept.
        self.paddings = column_widths.start_paddings(self.table, ctx.settings)
        column_widths.fit_columns(self.table, self.paddings)
        self.column_fitter = column_widths.ColumnFitter(self.table)
        self.table.setProperty("scrolls_sideways", True)  # a narrow window scrolls it
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of contacts shown")
        self.loader = PageLoader(self, "contacts", self._read, self._apply, lazy=False,
                                 delay_ms=0)
        self.loader.failed.connect(self._failed)
        self.model.use_reader(self.loader.reader)  # pages beyond the first, as scrolled to
        self.model.read_failed.connect(self.loader.fail, Qt.ConnectionType.QueuedConnection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filters)
        layout.addWidget(self.loader.wrap(self.table), 1)
        layout.addWidget(self.count_label)

        self._sort = SortKey.NAME
        self._descending = False
        self._pending_select: list[int] = []
        self._first_page_shown = False
        self._requested_at = 0.0
        #: The archived filter of the list shown (None: archived and active listed) and
        #: of the read under way; the menus know from it what the selection can take.
        self.listed_archived: bool | None = None
        self._reading_archived: bool | None = None
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.filters.changed.connect(self._filters_changed)
        self.model.sort_requested.connect(self._sort_requested)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.table.doubleClicked.connect(self._activate)
        search = self.filters.search
        search.down_pressed.connect(lambda: self._when_current(lambda: self._from_search(False)))
        search.returnPressed.connect(lambda: self._when_current(lambda: self._from_search(True)))
        self._after_results: list = []
        events = ctx.events
        events.contacts_changed.connect(self._data_changed)
        events.contacts_removed.connect(self._data_changed)
        events.interactions_changed.connect(self._data_changed)
        self._restore_sort()
        self._full_list_pending = False
        self._fallback_waits = 0
        if not self._first_look(ctx):
            self.reload_tags()
            if not self._first_page():
                self.refresh()

    def check_paddings(self) -> None:
        """Once the window is up: see column_widths.check_paddings."""
        self.paddings = column_widths.check_paddings(self.table, self.paddings,
                                                     self.ctx.settings)

    def _first_painted(self) -> None:
        self.table.painted.disconnect(self._first_painted)
        QTimer.singleShot(0, self, self._read_full_list)

    def _full_list_fallback(self) -> None:
        """For a list that is not painted soon: one never shown reads at once; one shown
        but not painted yet (a slow start) waits a while longer, though not for ever (a
        window started minimized is never painted)."""
        if (self._full_list_pending and self.isVisible()
                and self._fallback_waits < FULL_LIST_FALLBACK_WAITS):
            self._fallback_waits += 1
            QTimer.singleShot(FULL_LIST_FALLBACK_MS, self, self._full_list_fallback)
            return
        self._read_full_list()

    def _read_full_list(self) -> None:
        if self._full_list_pending:
            self.refresh()

    def _first_look(self, ctx: AppContext) -> bool:
        """The first screenful as the start read it before opening the store
        (store/first_look.py: the default list by name, with the tags), when that is
        what this list shows first. It lands as the worker's answer would, a turn of the
        event loop after the window is built; the full list is read as after a first
        page, through the store (opened by that read). True when taken."""
        look, ctx.first_look = ctx.first_look, None
        if (look is None or (self._sort, self._descending) != (SortKey.NAME, False)
                or self.filters.current_filter() != ContactFilter()):
            return False
        self.filters.set_tags(look.tags)
        self._full_list_pending = True
        self._say("Loading…")
        QTimer.singleShot(0, self, lambda: self._first_arrived((look.ids, look.rows)))
        return True

    def _first_page(self) -> bool:
        """Ask the worker for the first screenful (an index range scan of ~1 ms) ahead of
        the full list, so the window's first paint soon shows people while the UI thread
        runs no query (it read this page itself before, and every later page it had not
        got from the worker yet). Only for the order an index serves (by name): sorting
        by last two-way contact, give/take or urgency needs the whole table, which is the
        full read's job. True when asked; the list says "Loading…" meanwhile."""
        if self._sort is not SortKey.NAME:
            return False
        from relmanager.store import queries  # peewee (the store opens as this is asked)
        flt, now = self.filters.current_filter(), self.ctx.clock.now()
        sort, descending = self._sort, self._descending

        def work() -> tuple[list[int], dict[int, dict[str, Any]]]:
            first = queries.contact_ids(flt, now, sort, descending, limit=FIRST_PAGE)
            return first, queries.rows_for(first)

        self._full_list_pending = True
        self._say("Loading…")
        self.loader.reader.submit(work, self._first_arrived, lambda _error: self.refresh(),
                                  key="first")  # a failure: the full read says it
        return True

    def _first_arrived(self, read: tuple[list[int], dict[int, dict[str, Any]]]) -> None:
        """The first screenful, unless the full list (or a search) was asked meanwhile.
        The worker's read of the full list then waits for it to be painted: reading
        100,000 rows hands the interpreter back and forth with the UI thread, which made
        the first paint ~40% slower. A list that is never shown asks after
        FULL_LIST_FALLBACK_MS."""
        if not self._full_list_pending:
            return
        first, rows = read
        self.model.set_ids(first, rows)
        self._first_page_shown = True
        self._fallback_waits = 0
        self.table.painted.connect(self._first_painted)
        QTimer.singleShot(FULL_LIST_FALLBACK_MS, self, self._full_list_fallback)

    # -- querying -------------------------------------------------------------------
    def _filters_changed(self, debounce: bool) -> None:
        if debounce:
            self._debounce.start()
        else:
            self._debounce.stop()
            self.refresh()

    def refresh(self) -> None:
        """Re-run the query with the current filters and sort (in the worker)."""
        self._full_list_pending = False
        self._requested_at = time.perf_counter()
        shown = self.count_label.text().split("  ·")[0]
        if shown.startswith("Could not load"):
            shown = ""
        self._say(f"{shown}  · searching…" if shown else "Searching…")
        self.loader.reload()

    def _read(self) -> Callable[[], tuple[list[int], dict[int, dict[str, Any]]]]:
        flt, now = self.filters.current_filter(), self.ctx.clock.now()
        sort, descending = self._sort, self._descending
        self._reading_archived = flt.archived
        from relmanager.store import queries  # peewee: once the first page is painted

        def work() -> tuple[list[int], dict[int, dict[str, Any]]]:
            # The first page's rows too, here on the worker: the UI thread read them as
            # it painted the new list, most of a keystroke's cost beyond its query.
            ids = queries.contact_ids(flt, now, sort, descending)
            return ids, queries.rows_for(ids[:PAGE])
        return work

    def _failed(self, reason: str) -> None:
        self._say(f"Could not load contacts: {reason}")
        self._after_results = []  # Enter or Down waited for results that never came

    def _say(self, text: str) -> None:
        self.count_label.setText(text)
        self.count_label.setVisible(bool(text))

    def _say_count(self, shown: int) -> None:
        """How many a filter or search matches. The whole active list says nothing: the
        status bar's "397 contacts" already does, and a first user saw it twice."""
        flt = self.filters.current_filter()
        if flt._replace(text=flt.text.strip()) == ContactFilter():
            self._say("")
        else:
            self._say(f"{plural(shown, 'contact')} {'matches' if shown == 1 else 'match'}")

    def wait_loaded(self) -> None:
        """Block until the newest query is applied, or the first screenful while the full
        list waits for its paint (tests and screenshots)."""
        while self._full_list_pending and not self._first_page_shown:
            self.loader.reader.wait()
            QCoreApplication.processEvents()
        self.loader.wait_loaded()

    def _apply(self, read: tuple[list[int], dict[int, dict[str, Any]]]) -> None:
        ids, first = read
        keep = self._pending_select or self.selected_ids()
        current = self.current_id()
        # Everything selected while only the first screenful was in: everything it is.
        select_all = self._first_page_shown and 0 < len(keep) == self.model.rowCount()
        self._first_page_shown = False
        self.listed_archived = self._reading_archived
        self.model.set_ids(ids, first)
        # The reset's layout now, not from a zero-delay timer after the paint: the
        # timer's layout painted every keystroke's rows a second time.
        self.table.executeDelayedItemsLayout()
        self._reselect(keep, self._pending_select[0] if self._pending_select else current)
        if select_all:
            self.table.selectAll()
        self._pending_select = []
        self._say_count(len(ids))
        elapsed = time.perf_counter() - self._requested_at
        self.results_applied.emit(len(ids), elapsed)
        if self.current_id() != current:
            self.current_changed.emit(self.current_id())
        actions, self._after_results = self._after_results, []
        for action in actions:  # Enter or Down pressed in search while this ran
            action()

    def _data_changed(self, _ids: list[int]) -> None:
        self.model.refresh_rows()
        self.reload_tags()
        self.refresh()

    def reload_tags(self) -> None:
        """The tag filter's choices, read on the worker (a failure keeps the old tags:
        the list's own read reports it)."""
        self.loader.reader.submit(tag_reads.known_tags, self.filters.set_tags,
                                  lambda _error: None, key="tags")

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        key = SORT_KEYS[column]
        if key is None:  # keep the indicator on the column that really sorts
            self.table.horizontalHeader().setSortIndicator(
                SORT_KEYS.index(self._sort), self._qt_order())
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return  # e.g. the header's saved state put back at start: nothing to re-read
        self._sort, self._descending = key, descending
        self.ctx.settings.setValue("contacts/sort", f"{key.value}:{int(self._descending)}")
        self.refresh()

    def _qt_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def _restore_sort(self) -> None:
        saved = str(self.ctx.settings.value("contacts/sort", "name:0"))
        key, _, desc = saved.partition(":")
        try:
            self._sort = SortKey(key)
        except ValueError:
            self._sort = SortKey.NAME
        if self._sort not in SORT_KEYS:
            self._sort = SortKey.NAME
        self._descending = desc == "1"
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(SORT_KEYS.index(self._sort), self._qt_order())
        header.blockSignals(False)

    def shutdown(self) -> None:
        self._debounce.stop()
        self.loader.shutdown()
