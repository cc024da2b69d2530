"""The timeline's stacked bars are solid: no line of the background between two channel
segments of one bar (a person saw thin white lines inside some bars)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from relmanager.store.timeline_queries import ChannelInfo, Series
from relmanager.ui.timeline.chart_axis import _axis_top
from relmanager.ui.timeline.timeline_chart import StackedBars

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _gaps(chart: StackedBars) -> list[tuple[int, int]]:
    """(bar, x, y) of every background pixel inside a bar: its slot less the gap, from
    its bottom to its top counted from the totals, a pixel short at each edge."""
    series = chart.series
    assert series is not None
    image = chart.grab().toImage()
    background = chart.palette().color(QPalette.ColorRole.Window)
    plot = chart._plot()
    top = _axis_top(max(series.total(p) for p in series.periods))
    gaps = []
    for index, period in enumerate(series.periods):
        slot = chart._slot(index)
        gap = min(3.0, slot.width() * 0.2)
        height = series.total(period) * plot.height() / top
        for x in range(int(slot.left() + gap / 2) + 2, int(slot.right() - gap / 2) - 1):
            for y in range(int(plot.bottom() - height) + 2, plot.bottom() - 1):
                if QColor(image.pixel(x, y)) == background:
                    gaps.append((index, x, y))
    return gaps


@pytest.mark.parametrize(("width", "height"), [(900, 300), (1000, 400), (1171, 420),
                                               (1366, 511), (1877, 613)])
def test_stacked_bars_have_no_background_line_between_segments(qtbot, width, height):
    channels = [ChannelInfo(i, f"c{i}", f"Channel {i}", i) for i in range(1, 8)]
    periods = [f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in range(17)]
    counts = {(p, c.id): 3 + (7 * m + 5 * c.id) % 11
              for m, p in enumerate(periods) for c in channels}
    chart = StackedBars()
    qtbot.addWidget(chart)
    chart.resize(width, height)
    chart.set_series(Series("month", periods, channels, counts))
    assert _gaps(chart) == []
