"""The Timeline page and the profile's per-contact timeline, driving the real widgets."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction, move_stage
from relmanager.store.contacts import create_contact
from relmanager.ui.timeline.timeline import ContactTimeline, TimelineView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def people(ctx, clock):
    ada = create_contact(clock, "Ada", stage=Stage.RECOGNITION, sphere="business")
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP, sphere="personal")
    now = clock.now()
    log_interaction(clock, [ada.id], "email", occurred_at=now - timedelta(hours=1))
    log_interaction(clock, [ada.id], "one_on_one", occurred_at=now - timedelta(days=35))
    log_interaction(clock, [bo.id], "phone", occurred_at=now - timedelta(days=35))
    return ada.id, bo.id


def test_page_shows_counts_filters_and_insights(ctx, people, qtbot):
    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.wait_loaded()
    assert view.summary.text() == "3 interactions over 54 weeks through 3 channels"
    series = view.chart.series
    index = series.periods.index("2026-01-26")
    assert view.chart.tooltip_for(index).splitlines() == [
        "Week of 26 Jan 2026: 2 interactions", "  One-on-one: 1", "  Phone call: 1"]
    assert "50% of interactions with people in Recognition" in view.insight.text()
    view.sphere.setCurrentIndex(view.sphere.findData("personal"))
    view.wait_loaded()
    assert view.summary.text() == "1 interaction over 54 weeks through 1 channel"
    assert view.chart.tooltip_for(index).splitlines()[0] == (  # said "1 interactions"
        "Week of 26 Jan 2026: 1 interaction")
    view.grain.setCurrentIndex(view.grain.findData("month"))
    view.wait_loaded()
    assert view.chart.series.grain == "month"
    assert view.summary.text() == "1 interaction over 13 months through 1 channel"
    view.shutdown()


def test_new_interactions_redraw_while_shown(ctx, people, clock, qtbot):
    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.wait_loaded()
    log_interaction(clock, [people[0]], "video")
    ctx.events.interactions_changed.emit([people[0]])
    qtbot.waitUntil(lambda: view.chart.series.grand_total == 4, timeout=3000)
    view.shutdown()


def test_export_png_writes_a_private_image(ctx, people, qtbot, tmp_path):
    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.wait_loaded()
    target = tmp_path / "chart.png"
    assert view.export_png(target)
    image = QImage(str(target))
    assert (image.width(), image.height()) == (900, 600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    view.shutdown()


def test_export_suggests_the_home_folder_not_the_working_one(ctx, people, qtbot,
                                                            monkeypatch, tmp_path):
    """Export PNG... opened in the process's working folder (the clone, from scripts/run:
    stranger2's finding 16): it suggests the home folder, as Export and Import do, and
    the day of the app's clock."""
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(Path(__file__).parent)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **_kw: (asked.append(args[2]), ("", ""))[1])
    view = TimelineView(ctx)
    qtbot.addWidget(view)
    view.export_dialog()
    day = ctx.clock.now().date().isoformat()
    assert asked == [str(tmp_path / f"relmanager-timeline-{day}.png")]
    view.shutdown()


def test_contact_timeline_has_a_lane_per_channel_and_stage_markers(ctx, people, clock,
                                                                    qtbot):
    ada, _bo = people
    move_stage(clock, [ada], Stage.DEVELOPMENT)
    tab = ContactTimeline(ctx)
    qtbot.addWidget(tab)
    tab.set_contact(ada)  # hidden: nothing is read until the tab is shown
    assert tab.lanes.marks == [] and not tab.loading
    tab.show()
    tab.wait_loaded()
    assert [lane.key for lane in tab.lanes.lanes] == ["one_on_one", "email"]
    assert [stage for _when, stage in tab.lanes.changes] == ["recognition", "development"]
    assert tab.caption.text().startswith("2 interactions through 2 channels")
    log_interaction(clock, [ada], "phone")
    ctx.events.interactions_changed.emit([ada])
    qtbot.waitUntil(lambda: len(tab.lanes.marks) == 3, timeout=3000)
    tab.set_contact(None)
    assert tab.lanes.marks == []
    tab.shutdown()


def test_the_axis_labels_fit_left_of_the_plot(qtbot):
    """At 100k contacts a week can hold 120,000 interactions: its top label, "150,000",
    was cut to "50,000" by a fixed margin."""
    from PySide6.QtGui import QFontMetrics

    from relmanager.store.timeline_queries import ChannelInfo, Series
    from relmanager.ui.timeline.timeline_chart import StackedBars

    chart = StackedBars()
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.set_series(Series("week", ["2026-01-05", "2026-01-12"],
                            [ChannelInfo(1, "email", "Email", 8)],
                            {("2026-01-05", 1): 120_000, ("2026-01-12", 1): 3}))
    label = QFontMetrics(chart.font()).horizontalAdvance("150,000")
    assert chart._plot().left() - 6 >= label  # the label's box ends 6 px left of the plot
    chart.grab()  # paints without error


def _ink(image, left: float, top: float, width: float, height: float) -> int:
    """Pixels darker than the background in a box of a grabbed chart."""
    from PySide6.QtGui import QColor

    return sum(QColor(image.pixel(x, y)).lightness() < 160
               for x in range(int(left), int(left + width))
               for y in range(int(top), int(top + height)))


def test_the_last_axis_label_is_drawn_where_its_own_text_fits(qtbot):
    """Thirteen months, every second one labelled: at a width where "Jan 2027" fits
    before the right edge but the widest label with its padding ("28 Sep 2026" + 16 px)
    would not, the last label is drawn (it was dropped, the fit checked with the padded
    widest width). Checked in the painted pixels below the last bar."""
    from PySide6.QtGui import QFontMetrics

    from relmanager.store.timeline_queries import ChannelInfo, Series
    from relmanager.ui.timeline import chart_axis
    from relmanager.ui.timeline.timeline_chart import StackedBars

    months = [f"{2026 + (m // 12)}-{m % 12 + 1:02d}" for m in range(13)]
    chart = StackedBars()
    qtbot.addWidget(chart)
    chart.set_series(Series("month", months, [ChannelInfo(1, "email", "Email", 8)],
                            {(p, 1): 5 for p in months}))
    metrics = QFontMetrics(chart.font())
    padded = metrics.horizontalAdvance("28 Sep 2026") + 16
    last = metrics.horizontalAdvance("Jan 2027")
    for width in range(700, 1400):  # the widths where only the padded fit fails
        chart.resize(width, 420)
        slot = chart._slot(12)
        every = max(1, int(padded / max(chart._slot(0).width(), 1)) + 1)
        edge = chart._plot().right() + chart_axis.MARGIN_RIGHT
        if 12 % every == 0 and slot.left() + last <= edge < slot.left() + padded:
            break
    else:
        pytest.fail("no width where the last label fits only by its own width")
    image = chart.grab().toImage()
    below = chart._plot().bottom() + 3
    assert _ink(image, slot.left(), below, last, 18) > 20  # "Jan 2027" painted
    assert chart.axis_labels(metrics)[-1] == (slot.left(), "Jan 2027")
