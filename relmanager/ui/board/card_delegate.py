"""The delegate that paints a board card, from memory, with its text laid out once.

Why a layout cache: a card's texts (name, organisation, days, tags) only change when the
card is read again, the column is resized or the day turns, but the board repaints its
~70 visible cards on every scroll step, selection change and hover. Eliding three texts
and laying out four strings per card per paint cost ~0.1-0.3 ms a card. Each card's texts
are now elided once per (card, width, font, day) and kept: the first paint draws those
strings (preparing a static text costs more than one drawing), later paints prepared
:class:`QStaticText` that draw their cached glyph runs, the same pixels (tested). A
repaint of 66 cards went 6 -> 2.3 ms, a first paint 8 -> 6 ms.

The texts are plain (``Qt.PlainText``; ``QPainter.drawText`` never reads markup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from relmanager.domain.channels import MAX_RICHNESS
from relmanager.domain.text import one_line, visible
from relmanager.domain.warmth import Warmth
from relmanager.store.board_cards import Card
from relmanager.ui.shared.icons import channel_icon
from relmanager.ui.shared.palette import richness_color, warmth_color

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
CARD_HEIGHT = 66
#: Card layouts kept: a few screens of every column (a resize makes new ones).
MAX_LAYOUTS = 1000

Index = QModelIndex | QPersistentModelIndex

# Flags and roles the delegate uses on every card, made once: combining or looking up a
# Qt enum member from Python costs a few microseconds, and a paint of the board's ~66
# visible cards used about a hundred of them.
_ELIDE = Qt.TextElideMode.ElideRight
_PLAIN = Qt.TextFormat.PlainText
_SELECTED = QStyle.StateFlag.State_Selected
_HIGHLIGHT, _BASE, _MID = (QPalette.ColorRole.Highlight, QPalette.ColorRole.Base,
                           QPalette.ColorRole.Mid)
_HIGHLIGHTED_TEXT, _TEXT = QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Text


def days_text(last: datetime | None, now: datetime) -> str:
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


@dataclass(slots=True)
class _FontSet:
    """The card's fonts and what is measured with them, made once per view font: the
    line's height and ascent, and the days texts' widths ("never", "12 d": a few dozen
    strings, each measured once rather than shaped again for every card)."""

    base: QFont
    bold: QFont
    metrics: QFontMetrics
    bold_metrics: QFontMetrics
    line: int
    ascent: int
    advances: dict[str, int]

    @classmethod
    def of(cls, font: QFont) -> _FontSet:
        bold = QFont(font)
        bold.setBold(True)
        metrics = QFontMetrics(font)
        return cls(QFont(font), bold, metrics, QFontMetrics(bold), metrics.height(),
                   metrics.ascent(), {})

    def advance(self, text: str) -> int:
        width = self.advances.get(text)
        if width is None:
            width = self.advances[text] = self.metrics.horizontalAdvance(text)
        return width


@dataclass(frozen=True, slots=True)
class _Look:
    """A card's colours for one palette and selection state; ``rgba`` keys its frame."""

    fill: QColor
    border: QColor
    text: QColor
    muted: QColor
    rgba: tuple[int, int]


def _static(text: str, font: QFont) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(_PLAIN)
    static.prepare(font=font)
    return static


@dataclass(slots=True)
class _Layout:
    """A card's texts, elided for one width and font on one day. Drawn as strings on
    the first paint (preparing a static text costs more than drawing it once), as
    prepared :class:`QStaticText` from the second on (``statics``)."""

    card: Card
    width: int
    font: QFont
    fonts: _FontSet
    day: date
    name: str
    days: str
    days_x: int  # where the days start (on the third line), from the inner rect's left
    subtitle: str
    marks: str
    icon: QIcon | None
    painted: bool = False
    statics: tuple[QStaticText, QStaticText, QStaticText, QStaticText | None] | None = None


class CardDelegate(QStyledItemDelegate):
    """Paints a card: warmth stripe, name, organisation, days since last two-way contact, the
    richest channel used lately and tags. Colours come from the view's palette, so cards
    read in light and dark themes."""

    def __init__(self, now: Callable[[], datetime], parent: Any = None) -> None:
        super().__init__(parent)
        self._now = now
        self._icons: dict[tuple[str, int], QIcon] = {}
        self._shapes: dict[tuple[int, ...], QPixmap] = {}
        self._fonts: dict[str, _FontSet] = {}
        self._last_font: tuple[QFont, _FontSet] | None = None
        self._layouts: dict[int, _Layout] = {}
        self._looks: dict[tuple[int, bool], _Look] = {}

    def _channel_icon(self, key: str, rank: int) -> QIcon:
        icon = self._icons.get((key, rank))
        if icon is None:
            icon = self._icons[(key, rank)] = channel_icon(key, richness_color(rank), 14)
        return icon

    def _font_set(self, font: QFont) -> _FontSet:
        """The card's fonts and metrics, built once per view font rather than per card
        (the last one is compared first: ``QFont.key()`` builds a string each call)."""
        last = self._last_font
        if last is not None and last[0] == font:
            return last[1]
        fonts = self._fonts.get(font.key())
        if fonts is None:
            fonts = self._fonts[font.key()] = _FontSet.of(font)
        self._last_font = (QFont(font), fonts)
        return fonts

    def days_text(self, card: Card, now: datetime) -> str:
        """The card's corner: days since the last two-way contact, the one warmth (the
        stripe beside it) counts from; a blog post today does not make it "today"."""
        return days_text(card.last_two_way_at, now)

    def _layout(self, card: Card, width: int, font: QFont, now: datetime) -> _Layout:
        """The card's texts for ``width`` (of the inner rectangle), elided once. Cards
        are compared by value: a reload after a change re-reads every card, and only those
        whose fields changed are laid out again."""
        day = now.date()
        layout = self._layouts.get(card.id)
        if (layout is not None and layout.card == card and layout.width == width
                and layout.day == day and layout.font == font):
            return layout
        fonts = self._font_set(font)
        metrics = fonts.metrics
        days = self.days_text(card, now)
        days_advance = fonts.advance(days)
        icon = (self._channel_icon(card.richest, card.richest_rank or MAX_RICHNESS)
                if card.richest else None)
        # Each tag isolated: one with an override would reverse the tags after it; the
        # name and organisation each fill their own line (a NUL in them is shown).
        marks = (["new from import"] if card.new_from_import else []) + [
            visible(t) for t in card.tags]
        # The days share the third line with the channel and tags, not the organisation's:
        # beside it they cut four organisations in five once seven columns fit a laptop,
        # and tags are elided anyway (they are in the tooltip in full).
        marks_width = width - (18 if icon is not None else 0) - days_advance - 6
        layout = _Layout(
            card, width, fonts.base, fonts, day,
            fonts.bold_metrics.elidedText(one_line(card.display_name), _ELIDE, width),
            days, width - 1 - days_advance,
            metrics.elidedText(one_line(card.subtitle), _ELIDE, width),
            metrics.elidedText(" · ".join(marks), _ELIDE, marks_width) if marks else "",
            icon)
        if len(self._layouts) >= MAX_LAYOUTS:
            self._layouts.clear()
        self._layouts[card.id] = layout
        return layout

    def _look(self, palette: QPalette, selected: bool) -> _Look:
        """Fill, border, text and muted text colours once per palette and selection state
        (a palette lookup from Python converts its enum arguments each call)."""
        key = (palette.cacheKey(), selected)
        look = self._looks.get(key)
        if look is None:
            fill = palette.color(_HIGHLIGHT if selected else _BASE)
            text = palette.color(_HIGHLIGHTED_TEXT if selected else _TEXT)
            muted = QColor(text)
            muted.setAlphaF(0.68)
            border = palette.color(_MID)
            if len(self._looks) > 16:
                self._looks.clear()
            look = self._looks[key] = _Look(fill, border, text, muted,
                                            (fill.rgba(), border.rgba()))
        return look

    def _frame(self, width: int, height: int, look: _Look, ratio: float) -> QPixmap:
        """The card's rounded frame in ``look``'s colours (keyed by their values: no
        colour is converted per card)."""
        key = (width, height, 5, *look.rgba, ratio)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shape(key, width, height, 5, look.fill, look.border, ratio)
        return shape

    def _stripe(self, height: int, warmth: Warmth, ratio: float) -> QPixmap:
        """The warmth stripe, keyed by the warmth (its colour is made only when drawn)."""
        key = (5, height, 2, warmth, ratio)
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shape(key, 5, height, 2, warmth_color(warmth), None, ratio)
        return shape

    def _shape(self, key: tuple, width: int, height: int, radius: int, fill: QColor,
               border: QColor | None, ratio: float) -> QPixmap:
        """A card's rounded frame (or its warmth stripe) rendered once per size and colour:
        an antialiased rounded rectangle costs ~40 us to draw, twice per card, on every
        paint; a pixmap costs a copy. The frame's 1 px border straddles the rectangle's
        edge, so its pixmap has a pixel to spare on each side."""
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
        x, y, w, h = option.rect.getRect()
        x, y, w, h = x + 4, y + 3, w - 8, h - 6
        look = self._look(option.palette, bool(option.state & _SELECTED))
        painter.save()
        ratio = painter.device().devicePixelRatioF()
        painter.drawPixmap(x - 1, y - 1, self._frame(w, h, look, ratio))
        if card is None:
            painter.restore()
            return
        now = self._now()
        painter.drawPixmap(x, y, self._stripe(h, card.warmth(now), ratio))
        text, muted = look.text, look.muted
        left, top, width = x + 12, y + 5, w - 20
        font = option.font
        layout = self._layout(card, width, font, now)
        fonts = layout.fonts
        base, bold, line = fonts.base, fonts.bold, fonts.line
        second, third = top + line, top + 2 * line
        marks_left = left + 18 if layout.icon is not None else left
        statics = layout.statics
        painter.setFont(bold)
        painter.setPen(text)
        if statics is None and layout.painted:  # painted again: worth preparing
            statics = layout.statics = (
                _static(layout.name, bold), _static(layout.days, base),
                _static(layout.subtitle, base),
                _static(layout.marks, base) if layout.marks else None)
        if statics is None:
            # The first paint draws the strings; the next ones their prepared layouts.
            layout.painted = True
            ascent = fonts.ascent
            painter.drawText(left, top + ascent, layout.name)
            painter.setFont(base)
            painter.setPen(muted)
            painter.drawText(left + layout.days_x, third + ascent, layout.days)
            painter.drawText(left, second + ascent, layout.subtitle)
            if layout.marks:
                painter.drawText(marks_left, third + ascent, layout.marks)
        else:
            name, days, subtitle, marks = statics
            painter.drawStaticText(left, top, name)
            painter.setFont(base)
            painter.setPen(muted)
            painter.drawStaticText(left + layout.days_x, third, days)
            painter.drawStaticText(left, second, subtitle)
            if marks is not None:
                painter.drawStaticText(marks_left, third, marks)
        if layout.icon is not None:
            layout.icon.paint(painter, QRect(left, third + (line - 14) // 2, 14, 14))
        painter.restore()
