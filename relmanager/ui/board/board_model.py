"""One board column's model (the delegate that paints its cards: ``card_delegate``).

A column holds only ids and sort keys; card details are frozen values held by the board's
:class:`~relmanager.ui.board.card_cache.CardCache`, read on the worker (the first cards
with the columns, later pages as they scroll into view), so a 30,000-card Inbox costs what
its visible dozen cost and a paint never reads the database. Cards are painted, never
widgets.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from relmanager.domain.stages import Stage
from relmanager.services.background import BackgroundReader
from relmanager.store import board_queries, queries
from relmanager.store.board_cards import Card
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.ui.board.card_cache import CardCache
from relmanager.ui.board.card_delegate import CARD_HEIGHT, CARD_ROLE, CardDelegate
from relmanager.ui.shared.plain import contact_tip, one_line

__all__ = ["CARD_HEIGHT", "CARD_ROLE", "ID_ROLE", "CardDelegate", "StageModel", "decode_ids",
           "encode_ids"]

MIME_TYPE = "application/x-relmanager-contact-ids"
ID_ROLE = Qt.ItemDataRole.UserRole
PAGE = 30  # about two screens of cards per read

Index = QModelIndex | QPersistentModelIndex

#: A card's flags, combined once: Qt asks for them for every card it paints, and a Python
#: enum's ``|`` (and the base class's answer converted to one) cost more than the rest of
#: the call.
_CARD_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
               | Qt.ItemFlag.ItemNeverHasChildren | Qt.ItemFlag.ItemIsDragEnabled)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags


def encode_ids(ids: Sequence[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(list(ids)).encode())
    mime.setText("\n".join(str(i) for i in ids))
    return mime


def decode_ids(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(MIME_TYPE):
        return []
    try:
        value = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
    except ValueError:
        return []
    return [int(i) for i in value if isinstance(i, int)]


class StageModel(QAbstractListModel):
    """The cards of one stage in board order (by name), fetched a page at a time as the
    column scrolls (``canFetchMore``/``fetchMore``).

    ``fetchMore`` (the next ids, from the name index) reads on the board's worker when Qt
    asks for them (on this thread only to place dropped cards in order, or without a
    worker); one that fails emits ``read_failed`` (the board then says "Could not load")
    instead of raising into the view, which ended in the crash dialog. Card details are
    never read here: a card not in the cache yet is asked for (:meth:`CardCache.request`,
    on the worker) and painted empty until it arrives."""

    read_failed = Signal(object)  # the exception

    def __init__(self, stage: Stage, now: Callable[[], datetime], cache: CardCache,
                 reader: BackgroundReader | None = None) -> None:
        super().__init__()
        self.stage = stage
        self._now = now
        self._cache = cache
        self._reader = reader
        self._fetching = False
        cache.arrived.connect(self._cards_arrived)
        self._ids: list[int] = []
        self._keys: list[str] = []
        self._total = 0
        self._filter = queries.ContactFilter()

    # -- contents -------------------------------------------------------------------
    def set_column(self, column: board_queries.Column, flt: queries.ContactFilter) -> None:
        self.beginResetModel()
        self._ids, self._keys, self._total = list(column.ids), list(column.keys), column.total
        self._filter = flt
        self.endResetModel()

    @property
    def total(self) -> int:
        """Cards in this column under the filter, loaded or not."""
        return self._total

    def ids(self) -> list[int]:
        return list(self._ids)

    def contains(self, contact_id: int) -> bool:
        return contact_id in set(self._ids)

    def row_of(self, contact_id: int) -> int | None:
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._ids) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """The next ids as the column scrolls, read on the board's worker (Qt asks again
        when the column still has room once they land)."""
        if not self.canFetchMore(parent):
            return
        if self._reader is None or self._reader.closed:
            self._fetch_now()
            return
        flt, now, stage, after = self._filter, self._now(), self.stage, self._after()
        self._fetching = True
        self._reader.submit(lambda: board_queries.page(flt, now, stage, after),
                            lambda rows: self._fetched(after, rows), self._fetch_failed,
                            key=("fetch", id(self)))

    def _after(self) -> tuple[str, int] | None:
        return (self._keys[-1], self._ids[-1]) if self._ids else None

    def _fetched(self, after: tuple[str, int] | None, rows: list[tuple[int, str]]) -> None:
        self._fetching = False
        if after == self._after():  # else the column changed meanwhile: Qt asks again
            self._append(rows)

    def _fetch_failed(self, error: BaseException) -> None:
        self._fetching = False
        self.read_failed.emit(error)

    def _fetch_now(self) -> bool:
        """The next ids read here: a drop places its cards in order at once."""
        try:
            rows = board_queries.page(self._filter, self._now(), self.stage, self._after())
        except DB_EXCEPTIONS as error:
            self.read_failed.emit(error)
            return False
        return self._append(rows)

    def _append(self, rows: list[tuple[int, str]]) -> bool:
        if not rows:
            self._total = len(self._ids)  # fewer than counted: changed meanwhile
            return False
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._ids += [r[0] for r in rows]
        self._keys += [r[1] for r in rows]
        self.endInsertRows()
        return True

    def take(self, ids: Iterable[int], moved_away: int | None = None) -> None:
        """Remove cards that moved to another column (``moved_away`` of them belong here,
        counting those not loaded yet)."""
        gone = set(ids)
        rows = [row for row, cid in enumerate(self._ids) if cid in gone]
        for row in reversed(rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            del self._keys[row]
            self.endRemoveRows()
        self._total -= len(rows) if moved_away is None else moved_away

    def keys_of(self, ids: Iterable[int]) -> dict[int, str]:
        """The sort keys of those of ``ids`` this column holds (as its worker read them)."""
        wanted = set(ids)
        return {cid: key for cid, key in zip(self._ids, self._keys, strict=True)
                if cid in wanted}

    def _loaded_through(self, key: str, contact_id: int) -> bool:
        """Whether a card at (key, id) falls within what the column has loaded: else it
        comes with the next pages (keyset paging reads it from the database)."""
        return (len(self._ids) >= self._total
                or (bool(self._ids) and (key, contact_id) <= (self._keys[-1], self._ids[-1])))

    def put(self, cards: Sequence[tuple[int, str]]) -> None:
        """Insert moved-in (id, sort key) pairs at their place in board order. A card
        sorting after the loaded part is only counted: the column's next page (read on
        the worker, :meth:`load_through`) brings it in order, so nothing is read here."""
        if not cards:
            return
        placed = [(cid, key) for cid, key in cards if self._loaded_through(key, cid)]
        for contact_id, key in sorted(placed, key=lambda card: (card[1], card[0])):
            if contact_id in self._ids:
                continue
            row = bisect.bisect_right(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, contact_id)
            self._keys.insert(row, key)
            self.endInsertRows()
            self._total += 1
        self._total += sum(1 for cid, _key in cards
                           if (cid, _key) not in placed and cid not in self._ids)

    def load_through(self, key: str, then: Callable[[], None]) -> None:
        """Load the column's pages (on the worker) until it holds ``key``, then call
        ``then`` here: a card moved past the loaded part can be selected and shown."""
        if len(self._ids) >= self._total or (self._keys and self._keys[-1] >= key):
            then()
            return
        if self._reader is None or self._reader.closed:
            while self._fetch_now() and self._keys[-1] < key:
                pass
            then()
            return
        flt, now, stage, after = self._filter, self._now(), self.stage, self._after()
        self._fetching = True

        def fetched(rows: list[tuple[int, str]]) -> None:
            self._fetched(after, rows)
            self.load_through(key, then)

        self._reader.submit(lambda: board_queries.page(flt, now, stage, after), fetched,
                            self._fetch_failed, key=("fetch", id(self)))

    def card(self, row: int) -> Card | None:
        """The card at ``row`` as last read (None before its first read). A card missing
        or older than the board's last read has its page asked for, never read here."""
        contact_id = self._ids[row]
        card = self._cache.get(contact_id)
        if card is None or not self._cache.is_fresh(contact_id):
            page = row // PAGE
            self._cache.request(self._ids[page * PAGE:(page + 1) * PAGE])
        return card

    def _cards_arrived(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))

    # -- Qt model -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == CARD_ROLE:
            return self.card(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            card = self.card(index.row())
            return one_line(card.display_name) if card else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            card = self.card(index.row())
            if card:
                tags = ", ".join(card.tags)
                return contact_tip(card.display_name, card.organisation, card.title, tags)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _CARD_FLAGS if index.isValid() else _NO_FLAGS

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self._ids[r] for r in rows])
