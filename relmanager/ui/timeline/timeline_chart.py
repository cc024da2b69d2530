"""Painted charts for the timeline: stacked channel bars with an invested-minutes strip,
and one contact's channel swimlanes with stage markers.

Channels are coloured by richness from one ramp (relmanager.ui.shared.palette), richest darkest,
so a slide from meetings to messages reads as the colour fading. Text and grid take the
widget's palette, so both charts work in light and dark themes.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from relmanager.domain.stages import Stage
from relmanager.domain.wording import plural
from relmanager.store.timeline_queries import ChannelInfo, Mark, Series
from relmanager.ui.shared.palette import richness_color
from relmanager.ui.shared.plain import tip

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


class StackedBars(QWidget):
    """Interactions per period, stacked by channel; a strip of invested minutes against
    the time-box commitment below; hover for the counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: Series | None = None
        self._left = MARGIN_LEFT
        self.setMouseTracking(True)
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Interactions per period by channel")

    def set_series(self, series: Series) -> None:
        self.series = series
        self._left = MARGIN_LEFT
        if series.periods:  # room for the widest axis label ("150,000" was cut to "50,000")
            top = _axis_top(max(series.total(p) for p in series.periods) or 1)
            width = QFontMetrics(self.font()).horizontalAdvance(f"{top:,.0f}")
            self._left = max(MARGIN_LEFT, width + 12)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 420)

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

    def tooltip_for(self, index: int) -> str:
        series = self.series
        assert series is not None
        period = series.periods[index]
        lines = [f"{'Week of ' if series.grain == 'week' else ''}"
                 f"{_period_label(period, series.grain)}: "
                 f"{plural(series.total(period), 'interaction')}"]
        for channel in series.channels:
            n = series.counts.get((period, channel.id), 0)
            if n:
                lines.append(f"  {channel.name}: {n:,}")
        if series.committed_per_period:
            lines.append(f"Time boxes: {series.invested.get(period, 0)} of "
                         f"{series.committed_per_period} min")
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.period_at(event.position().x())
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), tip(self.tooltip_for(index)),
                              self)
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlphaF(0.15)
        series = self.series
        if series is None or not series.periods:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Loading…")
            return
        if not series.grand_total:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No interactions in this range and filter.")
            return
        self._paint_legend(painter, series.channels, text)
        plot = self._plot()
        peak = max(series.total(p) for p in series.periods) or 1
        step = _nice_step(peak)
        top = _axis_top(peak)
        metrics = QFontMetrics(self.font())
        value = 0.0
        while value <= top:
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, self._left - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{value:,.0f}")
            value += step
        self._paint_bars(painter, series, plot, top)
        self._paint_axis(painter, plot, metrics, text)
        self._paint_strip(painter, series, text, grid)

    def _paint_bars(self, painter: QPainter, series: Series, plot: QRect, top: float) -> None:
        """Every bar of a channel in one ``drawRects`` call, without antialiasing (the bars
        are axis-aligned): a chart of 645 weeks is ~7,700 rectangles, and drawing them one
        by one from Python made the page cost 2x its floor."""
        width = plot.width() / max(len(series.periods), 1)
        gap = min(3.0, width * 0.2)
        bar = width - gap
        lefts = [plot.left() + index * width + gap / 2 for index in range(len(series.periods))]
        tops = [float(plot.bottom())] * len(series.periods)
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
                    height = n * scale
                    tops[index] -= height
                    rects.append(QRectF(lefts[index], tops[index], bar, height))
            if rects:
                painter.setBrush(richness_color(channel.richness))
                painter.drawRects(rects)
        painter.restore()

    def _paint_legend(self, painter: QPainter, channels: list[ChannelInfo],
                      text: QColor) -> None:
        x, y = MARGIN_LEFT, MARGIN_TOP
        metrics = QFontMetrics(self.font())
        for channel in channels:  # richest first, wrapping onto a second row
            width = metrics.horizontalAdvance(channel.name) + 26
            if x + width > self.width() - MARGIN_RIGHT:
                x, y = MARGIN_LEFT, y + 20
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(richness_color(channel.richness))
            painter.drawRoundedRect(QRectF(x, y + 4, 12, 12), 2, 2)
            painter.setPen(text)
            painter.drawText(QRectF(x + 16, y, width, 20), Qt.AlignmentFlag.AlignVCenter,
                             channel.name)
            x += width

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

    def _paint_axis(self, painter: QPainter, plot: QRect, metrics: QFontMetrics,
                    text: QColor) -> None:
        painter.setPen(text)
        room = plot.right() + MARGIN_RIGHT
        for left, label in self.axis_labels(metrics):
            painter.drawText(QRectF(left, plot.bottom() + 3, room - left + 1, 18),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)

    def _paint_strip(self, painter: QPainter, series: Series, text: QColor,
                     grid: QColor) -> None:
        strip = self._strip()
        committed = series.committed_per_period
        peak = max([committed, *series.invested.values()], default=0) or 1
        painter.setPen(text)
        painter.drawText(QRectF(0, strip.top(), self._left - 6, 16),
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
            slot = self._slot(index)
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


class SwimLanes(QWidget):
    """One lane per channel a contact was reached through, a mark per interaction, and
    the stage changes along the top."""

    LANE = 26
    LABEL_ROW = 16
    MAX_LABEL_ROWS = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[Mark] = []
        self.lanes: list[ChannelInfo] = []
        self.changes: list[tuple[datetime, str]] = []
        self.now = datetime.now()
        self.TOP = self.LABEL_ROW + 18  # where the lanes start (see _relayout)
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.setAccessibleName("Interactions by channel over time")

    def set_history(self, marks: list[Mark], lanes: list[ChannelInfo],
                    changes: list[tuple[datetime, str]], now: datetime) -> None:
        self.marks, self.lanes, self.changes, self.now = marks, lanes, changes, now
        self._relayout()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrower, the stage labels may need another row (and the lanes more height)."""
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        """The lanes start below the rows of stage labels (``TOP``)."""
        rows = max((int(rect.top()) // self.LABEL_ROW for _l, rect in self.stage_labels()),
                   default=0) + 1
        self.TOP = rows * self.LABEL_ROW + 18
        self.setMinimumHeight(self.TOP + self.LANE * max(len(self.lanes), 1) + 30)

    def stage_labels(self) -> list[tuple[str, QRectF]]:
        """Each stage change's label and where it is drawn: beside its line, in the first
        row where it overlaps no other label (two moves a week apart printed one name
        over the other), kept inside the widget's right edge."""
        metrics = QFontMetrics(self.font())
        ends: list[float] = []  # the right edge of the last label in each row
        placed = []
        for when, stage in sorted(self.changes):
            label = Stage(stage).label
            width = metrics.horizontalAdvance(label) + 6
            left = min(self._x(when) + 3, max(self.width() - width, 0))
            row = next((r for r, end in enumerate(ends) if left >= end + 4), None)
            if row is None and len(ends) < self.MAX_LABEL_ROWS:
                row = len(ends)
                ends.append(0.0)
            if row is None:  # crowded: the row whose last label ends first
                row = min(range(len(ends)), key=ends.__getitem__)
            ends[row] = left + width
            placed.append((label, QRectF(left, row * self.LABEL_ROW, width, self.LABEL_ROW)))
        return placed

    def _span(self) -> tuple[datetime, datetime]:
        moments = [m.occurred_at for m in self.marks] + [c[0] for c in self.changes]
        start = min(moments, default=self.now - timedelta(days=90))
        return start - timedelta(days=3), self.now + timedelta(days=3)

    def _x(self, moment: datetime) -> float:
        start, end = self._span()
        left, width = 130, max(self.width() - 142, 10)
        return left + width * (moment - start).total_seconds() / max(
            (end - start).total_seconds(), 1)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        lane = int((pos.y() - self.TOP) // self.LANE)
        near = [m for m in self.marks if 0 <= lane < len(self.lanes)
                and m.channel_id == self.lanes[lane].id
                and abs(self._x(m.occurred_at) - pos.x()) < 5]
        if near:
            text = "\n".join(f"{m.occurred_at:%-d %b %Y}: {self.lanes[lane].name}, {m.exchange}"
                             + (f", {m.minutes} min" if m.minutes else "") for m in near[:6])
            QToolTip.showText(event.globalPosition().toPoint(), tip(text), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlphaF(0.15)
        if not self.marks:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             "No interactions logged yet.")
            return
        start, _end = self._span()
        for row, lane in enumerate(self.lanes):
            y = self.TOP + row * self.LANE
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(130, y + self.LANE / 2), QPointF(self.width() - 12,
                                                                      y + self.LANE / 2))
            painter.setPen(text)
            painter.drawText(QRectF(4, y, 120, self.LANE), Qt.AlignmentFlag.AlignVCenter
                             | Qt.AlignmentFlag.AlignRight, lane.name)
        rows = {lane.id: row for row, lane in enumerate(self.lanes)}
        for mark in self.marks:
            y = self.TOP + rows[mark.channel_id] * self.LANE + self.LANE / 2
            lane = self.lanes[rows[mark.channel_id]]
            painter.setPen(QPen(text, 0.6))
            painter.setBrush(richness_color(lane.richness))
            painter.drawEllipse(QPointF(self._x(mark.occurred_at), y), 5, 5)
        labels = self.stage_labels()
        lanes_end = self.TOP + self.LANE * len(self.lanes)
        for (when, _stage), (label, rect) in zip(sorted(self.changes), labels, strict=True):
            x = self._x(when)
            painter.setPen(QPen(QColor("#c27c00"), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, rect.top() + 14), QPointF(x, lanes_end))
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, label)
        bottom = self.TOP + self.LANE * len(self.lanes) + 4
        painter.setPen(text)
        painter.drawText(QRectF(130, bottom, 200, 18), Qt.AlignmentFlag.AlignLeft,
                         f"{start + timedelta(days=3):%-d %b %Y}")
        painter.drawText(QRectF(self.width() - 212, bottom, 200, 18),
                         Qt.AlignmentFlag.AlignRight, "today")
