"""One board column's model, and the delegate that paints its cards.

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
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from relmanager.domain.channels import MAX_RICHNESS
from relmanager.domain.stages import Stage
from relmanager.services.background import BackgroundReader
from relmanager.store import board_queries, queries
from relmanager.store.board_cards import Card
from relmanager.store.errors import DB_EXCEPTIONS
from relmanager.ui.board.card_cache import CardCache
from relmanager.ui.shared.icons import channel_icon
from relmanager.ui.shared.palette import richness_color, warmth_color
from relmanager.ui.shared.plain import tip

MIME_TYPE = "application/x-relmanager-contact-ids"
ID_ROLE = Qt.ItemDataRole.UserRole
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 30  # about two screens of cards per read
CARD_HEIGHT = 66

Index = QModelIndex | QPersistentModelIndex

# Flags and roles the delegate uses on every card, made once: combining or looking up a
# Qt enum member from Python costs a few microseconds, and a paint of the board's ~66
# visible cards used about a hundred of them.
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_ELIDE = Qt.TextElideMode.ElideRight
_SELECTED = QStyle.StateFlag.State_Selected
_HIGHLIGHT, _BASE, _MID = (QPalette.ColorRole.Highlight, QPalette.ColorRole.Base,
                           QPalette.ColorRole.Mid)
_HIGHLIGHTED_TEXT, _TEXT = QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Text
_DRAG_ENABLED = Qt.ItemFlag.ItemIsDragEnabled


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
            return card.display_name if card else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            card = self.card(index.row())
            if card:
                tags = ", ".join(card.tags)
                return tip("\n".join(p for p in (card.display_name, card.organisation,
                                                 card.title, tags) if p))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | _DRAG_ENABLED if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids([self._ids[r] for r in rows])


class CardDelegate(QStyledItemDelegate):
    """Paints a card: warmth stripe, name, organisation, days since last two-way contact, the
    richest channel used lately and tags. Colours come from the view's palette, so cards
    read in light and dark themes."""

    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._icons: dict[tuple[str, int], QIcon] = {}
        self._shapes: dict[tuple[int, ...], QPixmap] = {}
        self._fonts: dict[str, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] = {}
        self._last_font: tuple[QFont, tuple[QFont, QFont, QFontMetrics, QFontMetrics]] | None \
            = None

    def _channel_icon(self, key: str, rank: int) -> QIcon:
        icon = self._icons.get((key, rank))
        if icon is None:
            icon = self._icons[(key, rank)] = channel_icon(key, richness_color(rank), 14)
        return icon

    def _font_set(self, font: QFont) -> tuple[QFont, QFont, QFontMetrics, QFontMetrics]:
        """The card's fonts and metrics, built once per view font rather than per card
        (the last one is compared first: ``QFont.key()`` builds a string each call)."""
        last = self._last_font
        if last is not None and last[0] == font:
            return last[1]
        fonts = self._fonts.get(font.key())
        if fonts is None:
            bold = QFont(font)
            bold.setBold(True)
            fonts = self._fonts[font.key()] = (QFont(font), bold, QFontMetrics(font),
                                               QFontMetrics(bold))
        self._last_font = (QFont(font), fonts)
        return fonts

    def days_text(self, card: Card, now: datetime) -> str:
        """The card's corner: days since the last two-way contact, the one warmth (the
        stripe beside it) counts from; a blog post today does not make it "today"."""
        return _days_text(card.last_two_way_at, now)

    def _shape(self, width: int, height: int, radius: int, fill: QColor, border: QColor | None,
               ratio: float) -> QPixmap:
        """A card's rounded frame (or its warmth stripe) rendered once per size and colour:
        an antialiased rounded rectangle costs ~40 us to draw, twice per card, on every
        paint; a pixmap costs a copy. The frame's 1 px border straddles the rectangle's
        edge, so its pixmap has a pixel to spare on each side."""
        key = (width, height, radius, fill.rgba(), border.rgba() if border else -1,
               round(ratio * 100))
        shape = self._shapes.get(key)
        if shape is None:
            pad = 1 if border is not None else 0
            shape = QPixmap(round((width + 2 * pad) * ratio), round((height + 2 * pad) * ratio))
            shape.setDevicePixelRatio(ratio)
            shape.fill(Qt.GlobalColor.transparent)
            painter = QPainter(shape)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(border if border is not None else Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRect(pad, pad, width, height), radius, radius)
            painter.end()
            if len(self._shapes) > 64:  # resizing the window makes a new size each step
                self._shapes.clear()
            self._shapes[key] = shape
        return shape

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width() or 160, CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: Card | None = index.data(CARD_ROLE)
        palette: QPalette = option.palette
        rect = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & _SELECTED)
        painter.save()
        ratio = painter.device().devicePixelRatioF()
        fill = palette.color(_HIGHLIGHT if selected else _BASE)
        border = palette.color(_MID)
        painter.drawPixmap(rect.left() - 1, rect.top() - 1,
                           self._shape(rect.width(), rect.height(), 5, fill, border, ratio))
        if card is None:
            painter.restore()
            return
        now = self._now()
        painter.drawPixmap(rect.left(), rect.top(),
                           self._shape(5, rect.height(), 2, warmth_color(card.warmth(now)),
                                       None, ratio))
        text = palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT)
        muted = QColor(text)
        muted.setAlphaF(0.68)
        inner = rect.adjusted(12, 5, -8, -5)
        base_font, bold, metrics, bold_metrics = self._font_set(option.font)
        line = metrics.height()
        days = self.days_text(card, now)
        days_width = metrics.horizontalAdvance(days) + 6
        painter.setFont(bold)
        painter.setPen(text)
        name_rect = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.drawText(name_rect, _LEFT,
                         bold_metrics.elidedText(card.display_name,
                                                 _ELIDE, name_rect.width()))
        painter.setFont(base_font)
        painter.setPen(muted)
        second = inner.top() + line
        painter.drawText(QRect(inner.right() - days_width, second, days_width, line),
                         _RIGHT, days)
        org_rect = QRect(inner.left(), second, inner.width() - days_width, line)
        painter.drawText(org_rect, _LEFT,
                         metrics.elidedText(card.subtitle,
                                            _ELIDE, org_rect.width()))
        left = inner.left()
        third = inner.top() + 2 * line
        if card.richest:
            icon = self._channel_icon(card.richest, card.richest_rank or MAX_RICHNESS)
            icon.paint(painter, QRect(left, third + (line - 14) // 2, 14, 14))
            left += 18
        marks = (["new from import"] if card.new_from_import else []) + list(card.tags)
        if marks:
            tags_rect = QRect(left, third, inner.right() - left, line)
            painter.drawText(tags_rect, _LEFT,
                             metrics.elidedText(" · ".join(marks),
                                                _ELIDE, tags_rect.width()))
        painter.restore()


def _days_text(last: datetime | None, now: datetime) -> str:
    """Compact days since last two-way contact for a card corner: "today", "12 d", "3 mo"."""
    if last is None:
        return "never"
    days = (now.date() - last.date()).days
    if days <= 0:
        return "today"
    if days < 60:
        return f"{days} d"
    if days < 730:
        return f"{days // 30} mo"
    return f"{days // 365} y"
