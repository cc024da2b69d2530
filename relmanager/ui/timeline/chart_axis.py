"""Where the stacked-bars chart puts things: its margins, the plot and the minutes strip,
each period's slot, the y axis's round top and step, the x axis's labels. Kept apart from
the painting (chart_paint) and the widget's input (timeline_chart), so the geometry can be
read and tested without a painter."""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QFontMetrics

from relmanager.store.timeline_queries import Series

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 48, 12, 8
AXIS_HEIGHT, STRIP_HEIGHT, LEGEND_HEIGHT = 22, 84, 46


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2, 5 x 10^n) giving about ``ticks`` lines."""
    raw = max(maximum / ticks, 1e-9)
    magnitude = 10 ** len(str(int(raw))) / 10
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _axis_top(peak: float) -> float:
    """The axis's top: the first round gridline at or above ``peak``."""
    step = _nice_step(peak)
    return step * math.ceil(peak / step)


def _period_label(period: str, grain: str) -> str:
    if grain == "month":
        return datetime.strptime(period, "%Y-%m").strftime("%b %Y")
    return datetime.strptime(period, "%Y-%m-%d").strftime("%-d %b %Y")


class BarsGeometry:
    """The chart's rectangles, from the widget's size, its series and the room kept left
    of the plot for the y axis's labels (``_left``). Mixed into the QWidget after it,
    whose ``width()`` and ``height()`` it reads."""

    series: Series | None
    _left: int

    def _plot(self) -> QRect:
        return QRect(self._left, MARGIN_TOP + LEGEND_HEIGHT,
                     self.width() - self._left - MARGIN_RIGHT,
                     self.height() - MARGIN_TOP - LEGEND_HEIGHT - AXIS_HEIGHT - STRIP_HEIGHT - 8)

    def _strip(self) -> QRect:
        plot = self._plot()
        return QRect(plot.left(), plot.bottom() + AXIS_HEIGHT + 6, plot.width(),
                     STRIP_HEIGHT - 30)

    def _slot(self, index: int) -> QRectF:
        plot = self._plot()
        count = len(self.series.periods) if self.series else 1
        width = plot.width() / max(count, 1)
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def period_at(self, x: float) -> int | None:
        if not self.series or not self.series.periods:
            return None
        plot = self._plot()
        if not plot.left() <= x <= plot.right():
            return None
        index = int((x - plot.left()) / (plot.width() / len(self.series.periods)))
        return min(index, len(self.series.periods) - 1)

    def axis_labels(self, metrics: QFontMetrics) -> list[tuple[float, str]]:
        """Where each period label of the x axis is drawn (left edge, text): spaced by
        the widest label with its padding, so none crowds the next, and the last one
        drawn when its own text fits before the right edge. The fit was checked with the
        padded widest width, so the last label ("Dec 2026", half as wide as
        "28 Sep 2026" plus 16 px) was dropped wherever it lacked those few pixels."""
        series = self.series
        if series is None:
            return []
        label_width = metrics.horizontalAdvance("28 Sep 2026") + 16
        every = max(1, int(label_width / max(self._slot(0).width(), 1)) + 1)
        right = self._plot().right() + MARGIN_RIGHT
        labels = []
        for index in range(0, len(series.periods), every):
            left = self._slot(index).left()
            text = _period_label(series.periods[index], series.grain)
            if left + metrics.horizontalAdvance(text) > right:
                break
            labels.append((left, text))
        return labels
