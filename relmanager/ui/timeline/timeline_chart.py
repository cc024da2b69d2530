"""Painted charts for the timeline: stacked channel bars with an invested-minutes strip,
and one contact's channel swimlanes with stage markers.

Channels are coloured by richness from one ramp (relmanager.ui.shared.palette), richest darkest,
so a slide from meetings to messages reads as the colour fading. Text and grid take the
widget's palette, so both charts work in light and dark themes.

The widgets here take the data and the input (hover tooltips); where the stacked bars'
parts go is chart_axis, how they are painted chart_paint.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
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
from relmanager.ui.timeline.chart_axis import MARGIN_LEFT, BarsGeometry, _axis_top, _period_label
from relmanager.ui.timeline.chart_paint import (
    paint_axis,
    paint_bars,
    paint_grid,
    paint_legend,
    paint_strip,
)


class StackedBars(QWidget, BarsGeometry):
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
        paint_legend(painter, QFontMetrics(self.font()), self.width(), series.channels, text)
        top = paint_grid(painter, self, series, text, grid)
        paint_bars(painter, series, self._plot(), top)
        paint_axis(painter, self, QFontMetrics(self.font()), text)
        paint_strip(painter, self, series, text, grid)


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
