"""The contact list's column widths, measured in the list's font from the values each
column can hold, so no stage, warmth, day or channel is cut ("Text messa") whatever the
font; names and organisations, which have no bound, get a reading width and are shown in
full in their tooltips. Measured from the header labels too, with room for the sort arrow.

The style's paddings come from its pixel metrics, and asking the style for one has
PySide6 build ``QStyle``'s Python type with its 11 enums (566 members): 45 M
instructions, ~4% of a cold start to the first paint (bench/README.md, sixteenth round).
So the paddings measured are kept in the settings with what chose the style they were
measured under (:func:`style_key`: the Qt version, the platform, the screen's DPI and the
environment that picks a style, none of it asked of the style), a start under the same
uses them, and :func:`check_paddings` measures them again once the window is painted.
A start whose key differs (QT_STYLE_OVERRIDE set, another desktop's theme, a new Qt, a
new screen) measures before its first paint, as a first start does: its columns were
fitted to the old style's paddings and widened a moment after the paint. A style
changed behind an unchanged key (a theme's setting) is still fitted again after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTableView

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.domain.stages import BOARD_ORDER
from relmanager.ui.shared.display import WARMTH_LABELS

#: What each column shows at its widest (None: free text, given ``READING_CHARS``).
COLUMN_VALUES: tuple[tuple[str, ...] | None, ...] = (
    None,
    None,
    tuple(s.label for s in BOARD_ORDER),
    tuple(WARMTH_LABELS.values()),
    ("11 months ago", "yesterday", "3 weeks ago", "never"),
    tuple(c.name for c in BUILTIN_CHANNELS),
    ("even", "+100"),
)
#: Columns with an icon before their text (warmth dot, channel icon).
WITH_ICON = frozenset({3, 5})
#: Average characters of room for the free-text columns (name, organisation).
READING_CHARS = (19, 17)


#: Where the paddings measured last are kept ("cell,icon,header" in pixels).
PADDINGS_KEY = "contacts/style_paddings"
#: ... and the style_key() they were measured under.
PADDINGS_FOR_KEY = "contacts/style_paddings_for"
#: The environment that picks Qt's style or scales its metrics.
STYLE_ENVIRONMENT = ("QT_STYLE_OVERRIDE", "QT_QPA_PLATFORMTHEME", "XDG_CURRENT_DESKTOP",
                     "DESKTOP_SESSION", "KDE_FULL_SESSION", "QT_SCALE_FACTOR", "QT_FONT_DPI")


class Paddings(NamedTuple):
    """Pixels a column needs beyond its text: a cell's (focus frame and margins), an icon
    cell's (the icon too) and a header's (margins and the sort arrow)."""

    cell: int
    icon: int
    header: int


def measure_paddings(table: QTableView) -> Paddings:
    """The paddings from ``table``'s style (builds ``QStyle``'s Python type, see above)."""
    from PySide6.QtWidgets import QStyle

    style = table.style()
    cell = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 4
    return Paddings(cell, style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + cell,
                    2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
                    + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 4)


def style_key(table: QTableView) -> str:
    """What chooses the style and its metrics, read without the style (see the module):
    Qt's version, the platform, the table's screen's DPI and pixel ratio, and
    STYLE_ENVIRONMENT."""
    screen = table.screen()
    return "|".join([qVersion(), QGuiApplication.platformName(),
                     f"{screen.logicalDotsPerInchX():g}", f"{screen.devicePixelRatio():g}",
                     *(os.environ.get(name, "") for name in STYLE_ENVIRONMENT)])


def remembered_paddings(settings: QSettings, key: str) -> Paddings | None:
    """The paddings the last start measured under ``key`` (a style_key), or None (none
    kept, kept under another key, or not three sizes)."""
    if settings.value(PADDINGS_FOR_KEY, "") != key:
        return None
    parts = str(settings.value(PADDINGS_KEY, "")).split(",")
    if len(parts) != len(Paddings._fields) or not all(p.isdigit() for p in parts):
        return None
    sizes = [int(p) for p in parts]
    return Paddings(*sizes) if max(sizes) < 1000 else None


def start_paddings(table: QTableView, settings: QSettings) -> Paddings:
    """The paddings a start fits the columns to: the last start's under the same style
    key, or measured now."""
    return remembered_paddings(settings, style_key(table)) or measure_paddings(table)


def check_paddings(table: QTableView, used: Paddings, settings: QSettings) -> Paddings:
    """Once the window is up: the style's paddings measured; kept for the next start and,
    when they are not the ones ``used`` (the style changed since they were kept), the
    columns fitted again to them, widening only those now too narrow."""
    measured = measure_paddings(table)
    key = style_key(table)
    if remembered_paddings(settings, key) != measured:
        settings.setValue(PADDINGS_KEY, ",".join(str(size) for size in measured))
        settings.setValue(PADDINGS_FOR_KEY, key)
    if measured != used:
        fit_columns(table, measured, grow_only=True)
    return measured


def fit_columns(table: QTableView, paddings: Paddings, grow_only: bool = False) -> None:
    """Size every column to what it can hold; the last also stretches into any room left
    (its own width set first: a stretched section never shrinks below the width it had
    when stretching was turned on, 100 px by default). ``grow_only`` (after a saved
    layout is put back) only widens the columns of bounded values that are too narrow,
    keeping widths the person chose: a layout saved by an older version cut them."""
    model = table.model()
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    cell_pad, icon, header_pad = paddings
    header.setStretchLastSection(False)
    for column, values in enumerate(COLUMN_VALUES):
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header.fontMetrics().horizontalAdvance(label) + header_pad
        if values is None:
            text = metrics.averageCharWidth() * READING_CHARS[column] + cell_pad
        else:
            text = max(metrics.horizontalAdvance(v) for v in values) + cell_pad
            text += icon if column in WITH_ICON else 0
        fitted = max(width, text)
        if grow_only and (values is None or header.sectionSize(column) >= fitted):
            continue
        header.resizeSection(column, fitted)
    header.setStretchLastSection(True)


#: Columns let go, in this order, when the list is too narrow for every column: the
#: last channel (the profile's History has it) and then the give/take balance (its
#: header and Give & take tab). Name to last contact always stay.
HIDE_ORDER = (5, 6)
#: Room left over once every column shows goes to the free-text columns (name,
#: organisation) up to this many average characters, before the last column stretches:
#: at 1920 px organisations were cut ("Northwind Logi…") beside a wide, mostly empty
#: give/take column (a first user's report).
WIDE_CHARS = {0: 30, 1: 30}
#: Room still left after that: each column of bounded values (but the last, which
#: stretches) takes up to this share of its own width as air around its values, and the
#: rest goes to name and organisation. Left to the last column, it made Give/take
#: (values like "+2") 334 px wide at 1920x1200 and 974 px at 2560x1440.
BOUNDED_AIR = 0.5


class ColumnFitter(QObject):
    """Shows every column when the list has room and hides the least needed ones when it
    has not, so a list beside the profile on a laptop shows whole columns instead of
    cutting "Last channel" at the edge behind a sideways scroll bar. Widening the list
    (the splitter, a bigger window) brings them back."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        self.natural = {c: header.sectionSize(c) for c in range(header.count())}
        #: What fit() added to each column from spare room (not the person's).
        self.grown = dict.fromkeys(range(header.count()), 0)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        count = header.count()
        stretched = max((c for c in range(count) if not header.isSectionHidden(c)),
                        default=count - 1)
        for column in range(count):  # a width the person set by hand is the one to keep
            if not header.isSectionHidden(column) and column != stretched:
                self.natural[column] = header.sectionSize(column) - self.grown.get(column, 0)
        room = self.table.viewport().width()
        shown = list(range(count))
        for column in HIDE_ORDER:
            if sum(self.natural[c] for c in shown) <= room:
                break
            shown.remove(column)
        for column in range(count):
            hide = column not in shown
            if header.isSectionHidden(column) != hide:
                header.setSectionHidden(column, hide)
                if not hide:
                    header.resizeSection(column, self.natural[column])
                    self.grown[column] = 0
        self._grow(shown, room)

    @contextmanager
    def as_chosen(self) -> Iterator[None]:
        """The columns without the room fit() lent them, while the layout is saved: a
        list saved wide came back at those widths on a laptop and let columns go."""
        header = self.table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        lent = {c: extra for c, extra in self.grown.items() if extra and c in shown[:-1]}
        for column, extra in lent.items():
            header.resizeSection(column, header.sectionSize(column) - extra)
        try:
            yield
        finally:
            for column, extra in lent.items():
                header.resizeSection(column, header.sectionSize(column) + extra)

    def _grow(self, shown: list[int], room: int) -> None:
        """Share the room the shown columns leave: name and organisation up to
        WIDE_CHARS first, then air for the bounded columns up to BOUNDED_AIR, then name
        and organisation again; never the last shown column, which stretches into the
        few pixels left. A narrower list gives it back."""
        spare = max(0, room - sum(self.natural[c] for c in shown))
        em = self.table.fontMetrics().averageCharWidth()
        wanted = {c: max(0, chars * em - self.natural[c]) for c, chars in WIDE_CHARS.items()}
        share = spare // len(wanted)
        grown = dict.fromkeys(self.grown, 0)
        grown.update({c: min(w, share) for c, w in wanted.items()})
        left = spare - sum(grown.values())
        for column, need in wanted.items():  # what one did not need, the other may take
            more = min(need - grown[column], left)
            grown[column] += more
            left -= more
        air = {c: int(self.natural[c] * BOUNDED_AIR) for c in shown[:-1]
               if c not in WIDE_CHARS}
        given = min(left, sum(air.values()))
        for column, most in air.items():  # in proportion to each column's own room
            grown[column] = most * given // max(sum(air.values()), 1)
        left = spare - sum(grown.values())
        for column in WIDE_CHARS:
            grown[column] += left // len(WIDE_CHARS)
        header = self.table.horizontalHeader()
        for column, extra in grown.items():
            if column == shown[-1] or header.isSectionHidden(column):
                continue  # the stretched column keeps what it had lent, till it is not
            if extra != self.grown[column]:
                self.grown[column] = extra
                header.resizeSection(column, self.natural[column] + extra)
