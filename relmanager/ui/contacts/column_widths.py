"""The contact list's column widths, measured in the list's font from the values each
column can hold, so no stage, warmth, day or channel is cut ("Text messa") whatever the
font; names and organisations, which have no bound, get a reading width and are shown in
full in their tooltips. Measured from the header labels too, with room for the sort arrow.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle, QTableView

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


def fit_columns(table: QTableView) -> None:
    """Size every column but the last (which stretches) to what it can hold."""
    model = table.model()
    style = table.style()
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    cell_pad = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 4
    icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + cell_pad
    header_pad = (2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
                  + style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + 4)
    for column, values in enumerate(COLUMN_VALUES[:-1]):
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header.fontMetrics().horizontalAdvance(label) + header_pad
        if values is None:
            text = metrics.averageCharWidth() * READING_CHARS[column] + cell_pad
        else:
            text = max(metrics.horizontalAdvance(v) for v in values) + cell_pad
            text += icon if column in WITH_ICON else 0
        header.resizeSection(column, max(width, text))
