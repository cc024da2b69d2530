"""The contact table model: every matching id in memory, row data fetched in pages.

A list of 100,000 ints is small and arrives from one indexed query; the text, stage,
warmth and channel of a row are only read (in pages of :data:`PAGE` through
``queries.rows_for``) when the view paints that row, and kept in a small LRU cache. The
first page comes with the ids; later pages are read on the list's worker as they are
scrolled to (a row is painted empty for the moment until its page lands), so neither the
first fill nor scrolling ever waits for SQLite on the UI thread.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QIcon

from relmanager.domain.channels import MAX_RICHNESS, richness_text
from relmanager.domain.warmth import Warmth, stored_warmth
from relmanager.services.background import BackgroundReader
from relmanager.store.contact_rows import SortKey
from relmanager.ui.shared.display import (
    WARMTH_LABELS,
    last_two_way_tip,
    relative_day,
    stage_label,
)
from relmanager.ui.shared.icons import channel_icon, dot_icon
from relmanager.ui.shared.palette import richness_color, warmth_color
from relmanager.ui.shared.plain import contact_tip, one_line
from relmanager.ui.shared.table_columns import NamedColumns

PAGE = 200
MAX_PAGES = 40

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles as plain ints: a first paint asks ``data`` about a thousand times, for a
# handful of roles each, and an enum member lookup per comparison adds up.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(ID_ROLE)
_ANSWERED = frozenset({_DISPLAY, _DECORATION, _TOOLTIP, int(Qt.ItemDataRole.AccessibleTextRole)})
Index = QModelIndex | QPersistentModelIndex

COLUMNS: tuple[str, ...] = (
    "Name", "Organisation", "Stage", "Warmth", "Last two-way", "Last channel", "Give/take",
)
#: How clicking a column header sorts; None: the column does not sort.
SORT_KEYS: tuple[SortKey | None, ...] = (
    SortKey.NAME, SortKey.ORGANISATION, SortKey.BOARD_STAGE,
    SortKey.URGENCY, SortKey.LAST_CONTACT, None, SortKey.BALANCE,
)


class ContactTableModel(NamedColumns, QAbstractTableModel):
    """Rows are contact ids; ``sort_requested`` asks the owner to re-run the query."""

    columns = COLUMNS

    sort_requested = Signal(int, Qt.SortOrder)
    #: A row read while painting failed (the list then says "Could not load").
    read_failed = Signal(object)

    def __init__(self, now: Callable[[], datetime], parent: Any = None,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._reader = reader
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None
        self._pages: OrderedDict[int, dict[int, dict[str, Any]]] = OrderedDict()
        #: Pages read since the ids or the data last changed; others are shown as they
        #: were and read again. ``_pending``: asked of the worker, not answered yet.
        self._fresh: set[int] = set()
        self._pending: set[int] = set()
        self._generation = 0
        self.pages_fetched = 0  # for tests and measurements

    # -- ids ------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], first: dict[int, dict[str, Any]] | None = None
                ) -> None:
        """New ids; ``first``, the rows of the first page when the worker read them with
        the ids, is painted from memory (no read on the UI thread as the list repaints)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._positions = None
        self._pages.clear()
        self._forget()
        if first is not None:
            self._pages[0] = first
            self._fresh.add(0)
        self.endResetModel()

    def use_reader(self, reader: BackgroundReader) -> None:
        """Read pages beyond the first on ``reader`` (the list's worker)."""
        self._reader = reader

    def _forget(self) -> None:
        """Every page held is out of date: answers to reads asked before are dropped."""
        self._generation += 1
        self._fresh.clear()
        self._pending.clear()

    def ids(self) -> list[int]:
        return self._ids

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, contact_id: int) -> int | None:
        if self._positions is None:
            self._positions = {cid: row for row, cid in enumerate(self._ids)}
        return self._positions.get(contact_id)

    def known_archived(self, rows: Iterable[int]) -> set[bool] | None:
        """Which archived states ``rows`` have, from the pages held and current: the
        Edit and context menus ask as they open, with no read on the UI thread. None
        when a row's page is not held or out of date."""
        states: set[bool] = set()
        for row in rows:
            page = self._pages.get(row // PAGE) if row // PAGE in self._fresh else None
            data = page.get(self._ids[row]) if page is not None else None
            if data is None:
                return None
            states.add(bool(data["archived"]))
            if len(states) == 2:
                break
        return states

    def refresh_rows(self) -> None:
        """Cached row data is out of date (a contact changed): the visible rows are
        read again (on the worker) and shown as they were until then."""
        self._forget()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def row_data(self, row: int) -> dict[str, Any] | None:
        """The row's data as last read; a page not read yet (or out of date) is asked of
        the list's worker and its rows repaint when it lands (painted empty meanwhile).
        Never read here: the UI thread waited for SQLite while painting. Without a worker
        (after shutdown) nothing is read at all."""
        page = row // PAGE
        rows = self._pages.get(page)
        if (page not in self._fresh and page not in self._pending
                and self._reader is not None and not self._reader.closed):
            self._request(page)
        if rows is None:
            return None
        self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    def _request(self, page: int) -> None:
        assert self._reader is not None
        from relmanager.store import queries  # peewee: a first page is read without it

        ids, generation = self._ids[page * PAGE:(page + 1) * PAGE], self._generation
        self._pending.add(page)
        self._reader.submit(lambda: queries.rows_for(ids),
                            lambda rows: self._arrived(generation, page, rows),
                            lambda error: self._failed(generation, page, error),
                            key=("rows", page))

    def _arrived(self, generation: int, page: int, rows: dict[int, dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # the ids or the data changed meanwhile: the page is asked again
        self._pending.discard(page)
        self._store(page, rows)
        last = min(len(self._ids), (page + 1) * PAGE) - 1
        if last >= page * PAGE:
            self.dataChanged.emit(self.index(page * PAGE, 0), self.index(last, len(COLUMNS) - 1))

    def _failed(self, generation: int, page: int, error: BaseException) -> None:
        if generation == self._generation:
            self._pending.discard(page)
            self.read_failed.emit(error)

    def _store(self, page: int, rows: dict[int, dict[str, Any]]) -> None:
        self.pages_fetched += 1
        self._pages[page] = rows
        self._fresh.add(page)
        while len(self._pages) > MAX_PAGES:
            gone, _rows = self._pages.popitem(last=False)
            self._fresh.discard(gone)

    # -- Qt model -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ANSWERED and role != _ID:
            return None
        number = index.row()
        if not 0 <= number < len(self._ids) or not index.isValid():
            return None
        if role == _ID:
            return self._ids[number]
        row = self.row_data(number)
        if row is None:  # deleted since the ids were read; the next refresh drops it
            return "" if role == _DISPLAY else None
        column = index.column()
        if role == _DECORATION:
            return self._decoration(column, row)
        if role == _TOOLTIP:
            return self._tooltip(column, row)
        return self._text(column, row)

    def _text(self, column: int, row: dict[str, Any]) -> str:
        if column == 0:
            # the display rule (an override once read "(archived)" backwards), cut
            return one_line(row["display_name"]) + ("  (archived)" if row["archived"] else "")
        if column == 1:  # cut: Qt laid out a 100,000-character one in ~0.2 s a row
            return one_line(row["organisation"])
        if column == 2:
            return stage_label(row["stage"])
        if column == 3:
            return WARMTH_LABELS[stored_warmth(row, self._now())]
        if column == 4:
            return relative_day(row["last_two_way_at"], self._now())
        if column == 6:
            net = row.get("give_take")
            return "" if net is None else f"{net:+d}" if net else "even"
        return row["last_channel_name"] or ""

    def _decoration(self, column: int, row: dict[str, Any]) -> QIcon | None:
        if column == 3:
            return dot_icon(warmth_color(stored_warmth(row, self._now())))
        if column == 5 and row["last_channel"]:
            return _channel_icon(row["last_channel"], row["last_richness"] or MAX_RICHNESS)
        return None

    def _tooltip(self, column: int, row: dict[str, Any]) -> str | None:
        if column == 0:  # the full name too: a long one is elided in its column
            return contact_tip(row["display_name"], ", ".join(row["emails"]),
                               ", ".join(row["tags"]))
        if column == 1 and row["organisation"]:
            return contact_tip(row["organisation"])
        if column == 3:
            warmth = stored_warmth(row, self._now())
            if warmth is Warmth.UNTRACKED:
                return "Inbox, parked and archived contacts never go cold"
            return f"Cooling from {row['cooling_at']:%Y-%m-%d}, cold from {row['cold_at']:%Y-%m-%d}"
        if column == 4:
            return last_two_way_tip(row["last_two_way_at"], row["last_interaction_at"])
        if column == 5 and row["last_channel"]:
            words = richness_text(row["last_kind"], bool(row["last_channel_two_way"]))
            return f"{row['last_channel_name']} ({words})" if words else row["last_channel_name"]
        if column == 6:
            return "Gives minus asks and receives, all time (negative: you mostly take)"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_requested.emit(column, order)


_channel_icons: dict[tuple[str, int], QIcon] = {}


def _channel_icon(key: str, richness: int) -> QIcon:
    """A channel's icon in its richness colour, made once: each lookup checked the icon
    file on disk (a few stat calls), for every row of every paint of the list."""
    icon = _channel_icons.get((key, richness))
    if icon is None:
        icon = _channel_icons[(key, richness)] = channel_icon(key, richness_color(richness))
    return icon
