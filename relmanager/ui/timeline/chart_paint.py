"""How the stacked-bars chart is painted: the legend, the gridlines and their values, the
bars, the x axis's labels and the invested-minutes strip, each from the geometry the
chart gives (chart_axis.BarsGeometry). The widget itself (timeline_chart) only decides
what to paint."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from relmanager.store.timeline_queries import ChannelInfo, Series
from relmanager.ui.shared.palette import richness_color
from relmanager.ui.timeline.chart_axis import (
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    BarsGeometry,
    _axis_top,
    _nice_step,
)


def paint_grid(painter: QPainter, chart: BarsGeometry, series: Series, text: QColor,
               grid: QColor) -> float:
    """The y axis's gridlines and their values; returns the axis's top value."""
    plot = chart._plot()
    peak = max(series.total(p) for p in series.periods) or 1
    step = _nice_step(peak)
    top = _axis_top(peak)
    value = 0.0
    while value <= top:
        y = plot.bottom() - plot.height() * value / top
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(text)
        painter.drawText(QRectF(0, y - 8, chart._left - 6, 16),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{value:,.0f}")
        value += step
    return top


def paint_bars(painter: QPainter, series: Series, plot: QRect, top: float) -> None:
    """Every bar of a channel in one ``drawRects`` call, without antialiasing (the bars
    are axis-aligned): a chart of 645 weeks is ~7,700 rectangles, and drawing them one
    by one from Python made the page cost 2x its floor.

    The segments are whole pixels: each bar's edges and each segment's top are rounded
    from the running total, so a segment starts on the row where the one below ended.
    Drawn as fractional rectangles, the aliased fill rounded each rectangle's two edges
    on its own, and a row of the background showed between two segments of some bars
    (and a segment's side stood a pixel off the one below)."""
    width = plot.width() / max(len(series.periods), 1)
    gap = min(3.0, width * 0.2)
    lefts, widths = [], []
    for index in range(len(series.periods)):
        left = round(plot.left() + index * width + gap / 2)
        lefts.append(left)
        widths.append(max(round(plot.left() + (index + 1) * width - gap / 2) - left, 1))
    bottom = plot.bottom()
    totals = [0] * len(series.periods)
    edges = [bottom] * len(series.periods)  # the row each bar's next segment ends on
    scale = plot.height() / top
    counts = series.counts
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(Qt.PenStyle.NoPen)
    for channel in series.channels:
        rects = []
        for index, period in enumerate(series.periods):
            n = counts.get((period, channel.id))
            if n:
                totals[index] += n
                upper = round(bottom - totals[index] * scale)
                if upper < edges[index]:
                    rects.append(QRect(lefts[index], upper, widths[index],
                                       edges[index] - upper))
                    edges[index] = upper
        if rects:
            painter.setBrush(richness_color(channel.richness))
            painter.drawRects(rects)
    painter.restore()


def paint_legend(painter: QPainter, metrics: QFontMetrics, width: int,
                 channels: list[ChannelInfo], text: QColor) -> None:
    """A swatch and the name of each channel, richest first, wrapping onto a second row
    before the widget's right margin (``width`` is the widget's)."""
    x, y = MARGIN_LEFT, MARGIN_TOP
    for channel in channels:
        room = metrics.horizontalAdvance(channel.name) + 26
        if x + room > width - MARGIN_RIGHT:
            x, y = MARGIN_LEFT, y + 20
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(richness_color(channel.richness))
        painter.drawRoundedRect(QRectF(x, y + 4, 12, 12), 2, 2)
        painter.setPen(text)
        painter.drawText(QRectF(x + 16, y, room, 20), Qt.AlignmentFlag.AlignVCenter,
                         channel.name)
        x += room


def paint_axis(painter: QPainter, chart: BarsGeometry, metrics: QFontMetrics,
               text: QColor) -> None:
    """The x axis's period labels where ``axis_labels`` places them."""
    plot = chart._plot()
    painter.setPen(text)
    room = plot.right() + MARGIN_RIGHT
    for left, label in chart.axis_labels(metrics):
        painter.drawText(QRectF(left, plot.bottom() + 3, room - left + 1, 18),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)


def paint_strip(painter: QPainter, chart: BarsGeometry, series: Series, text: QColor,
                grid: QColor) -> None:
    """The minutes logged in time boxes per period, against the commitment (dashed)."""
    strip = chart._strip()
    committed = series.committed_per_period
    peak = max([committed, *series.invested.values()], default=0) or 1
    painter.setPen(text)
    painter.drawText(QRectF(0, strip.top(), chart._left - 6, 16),
                     Qt.AlignmentFlag.AlignRight, "min")
    painter.drawText(QRectF(strip.left(), strip.bottom() + 2, strip.width(), 16),
                     Qt.AlignmentFlag.AlignLeft,
                     "Minutes logged in time boxes"
                     + (f" (dashed: the commitment, {committed} min per "
                        f"{'week' if series.grain == 'week' else 'month'})"
                        if committed else ""))
    painter.setPen(Qt.PenStyle.NoPen)
    invested_color = QColor("#3d6fb4")
    for index, period in enumerate(series.periods):
        minutes = series.invested.get(period, 0)
        if not minutes:
            continue
        slot = chart._slot(index)
        height = strip.height() * min(minutes, peak) / peak
        met = minutes >= committed
        painter.setBrush(invested_color if met else invested_color.lighter(140))
        painter.drawRect(QRectF(slot.left() + 1, strip.bottom() - height,
                                max(slot.width() - 2, 1), height))
    if committed:
        y = strip.bottom() - strip.height() * committed / peak
        painter.setPen(QPen(QColor("#c27c00"), 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(strip.left(), y), QPointF(strip.right(), y))
    painter.setPen(QPen(grid, 1))
    painter.drawLine(strip.bottomLeft(), strip.bottomRight())
