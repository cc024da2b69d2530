"""The Timeline page (channel usage over the whole network) and the per-contact timeline
shown as a tab of the profile.

Both read on a worker thread and repaint when data changes while they are on screen; a
change made while hidden marks them stale, and showing them again reloads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.services.context import AppContext
from relmanager.store import queries, timeboxes
from relmanager.store import timeline_queries as tq
from relmanager.ui.shared.display import plural
from relmanager.ui.shared.page_loader import LoaderPage, PageLoader
from relmanager.ui.shared.tag_combo import fill_tag_combo
from relmanager.ui.timeline.timeline_chart import StackedBars, SwimLanes

RANGES = (("Last 3 months", 91), ("Last year", 365), ("All time", None))
#: Weeks per month on average, for the monthly commitment line.
WEEKS_PER_MONTH = 4.35


class TimelineView(LoaderPage, QWidget):
    """The Timeline page: interactions per week or month stacked by channel, minutes in
    time boxes against the commitment, computed insights, filters and PNG export."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loader = PageLoader(self, "the timeline", self._read, self._show, delay_ms=200)
        self.range = QComboBox()
        self.range.setAccessibleName("Range")
        for text, days in RANGES:
            self.range.addItem(text, days)
        self.range.setCurrentIndex(1)
        self.grain = QComboBox()
        self.grain.setAccessibleName("Per")
        self.grain.addItem("Per week", "week")
        self.grain.addItem("Per month", "month")
        self.sphere = QComboBox()
        self.sphere.setAccessibleName("Sphere")
        for text, value in (("Both spheres", None), ("Business", "business"),
                            ("Personal", "personal")):
            self.sphere.addItem(text, value)
        self.stage = QComboBox()
        self.stage.setAccessibleName("Stage")
        self.stage.addItem("Every stage", None)
        for stage in BOARD_ORDER:
            self.stage.addItem(stage.label, stage.value)
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag")
        self.tag.setMinimumContentsLength(12)
        self._fill_tags([])  # "Any tag" even before (or without) a first load
        self.export_button = QPushButton("Export PNG…")
        self.export_button.clicked.connect(self.export_dialog)
        filters = QHBoxLayout()
        for widget in (self.range, self.grain, self.sphere, self.stage, self.tag):
            filters.addWidget(widget)
            widget.currentIndexChanged.connect(self.reload)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        self.chart = StackedBars()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.insight = QLabel()
        self.insight.setTextFormat(Qt.TextFormat.PlainText)
        self.insight.setWordWrap(True)
        self.insight.setAccessibleName("Insights")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addWidget(self.chart, 1)
        column.addWidget(self.insight)
        layout.addWidget(self.loader.wrap(content), 1)
        for signal in (ctx.events.interactions_changed, ctx.events.contacts_changed,
                       ctx.events.contacts_removed):
            signal.connect(lambda _ids: self.loader.changed())

    # -- filters --------------------------------------------------------------------
    def timeline_filter(self) -> tq.TimelineFilter:
        stage = self.stage.currentData()
        return tq.TimelineFilter(sphere=self.sphere.currentData(),
                                 stages=(Stage(stage),) if stage else (),
                                 tag=self.tag.currentData())

    def _fill_tags(self, names: list[str]) -> None:
        fill_tag_combo(self.tag, names)

    # -- loading --------------------------------------------------------------------
    def reload(self) -> None:
        self.loader.reload()

    def _read(self) -> Callable[[], tuple]:
        flt, grain = self.timeline_filter(), self.grain.currentData()
        now = self.ctx.clock.now()
        days = self.range.currentData()
        since = (now - timedelta(days=days)).date() if days else None

        def work() -> tuple[tq.Series, list[str], list[str]]:
            series = tq.overall(flt, grain, since, now)
            weekly = timeboxes.committed_minutes()
            series.committed_per_period = (weekly if grain == "week"
                                           else round(weekly * WEEKS_PER_MONTH))
            tags = queries.tag_names()
            return series, tq.insights(flt, grain, since), tags

        return work

    def _show(self, result: tuple[tq.Series, list[str], list[str]]) -> None:
        series, insights, tags = result
        self._fill_tags(tags)
        self.chart.set_series(series)
        unit = "week" if series.grain == "week" else "month"
        self.summary.setText(f"{plural(series.grand_total, 'interaction')} over "
                             f"{plural(len(series.periods), unit)}"
                             + (f" through {plural(len(series.channels), 'channel')}"
                                if series.channels else ""))
        self.insight.setText("\n".join(insights))

    def showEvent(self, event: QShowEvent) -> None:
        self.loader.shown()
        super().showEvent(event)

    # -- export ---------------------------------------------------------------------
    def export_png(self, path: Path) -> bool:
        """Save the chart with its summary and insights as a PNG (mode 0600)."""
        ok = self.grab().save(str(path), "PNG")
        if ok:
            path.chmod(0o600)
        return ok

    def export_dialog(self) -> None:
        # In the home folder, as Export and Import: a bare name opened the dialog in the
        # process's working folder (the clone itself, started from scripts/run).
        suggested = Path.home() / f"relmanager-timeline-{self.ctx.clock.now():%Y-%m-%d}.png"
        name, _ = QFileDialog.getSaveFileName(self, "Export the timeline", str(suggested),
                                              "PNG images (*.png)")
        if name:
            target = Path(name if name.lower().endswith(".png") else f"{name}.png")
            message = (f"Saved {target.name}" if self.export_png(target)
                       else f"Could not write {target}")
            self.ctx.events.status_message.emit(message)


class ContactTimeline(LoaderPage, QWidget):
    """A profile tab: the contact's channels as swimlanes with stage changes on top, so a
    slide from meetings to text messages is visible at a glance."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contact_id: int | None = None
        self.loader = PageLoader(self, "this timeline", self._read, self._show, delay_ms=0)
        self.loader.stale = False
        self.lanes = SwimLanes()
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        # Many lanes in a short profile scroll, rather than squeezing the caption to a
        # line cut in half.
        lanes = QScrollArea()
        lanes.setWidget(self.lanes)
        lanes.setWidgetResizable(True)
        lanes.setFrameShape(QFrame.Shape.NoFrame)
        lanes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column.addWidget(lanes, 1)
        column.addWidget(self.caption)
        layout = QVBoxLayout(self)
        layout.addWidget(self.loader.wrap(content), 1)
        ctx.events.interactions_changed.connect(self._changed)
        ctx.events.contacts_changed.connect(self._changed)

    def set_contact(self, contact_id: int | None) -> None:
        """Show ``contact_id``; read now if the tab is on screen, else when it is shown."""
        self.contact_id = contact_id
        self.loader.stale = True
        if self.isVisible() or contact_id is None:
            self.reload()

    def _changed(self, ids: list[int]) -> None:
        if self.contact_id is not None and (not ids or self.contact_id in ids):
            self.set_contact(self.contact_id)

    def showEvent(self, event: QShowEvent) -> None:
        self.loader.shown()
        super().showEvent(event)

    def reload(self) -> None:
        if self.contact_id is None:  # nothing to read: cleared at once
            self.loader.stale = False
            self.lanes.set_history([], [], [], self.ctx.clock.now())
            self.caption.clear()
            return
        self.loader.reload()

    def _read(self) -> Callable[[], tuple]:
        contact_id, now = self.contact_id, self.ctx.clock.now()

        def work() -> tuple[int, list[tq.Mark], list[tq.ChannelInfo], list, datetime]:
            marks, changes = tq.contact_history(contact_id)
            return contact_id, marks, tq.used_channels(marks), changes, now
        return work

    def _show(self, result: tuple) -> None:
        contact_id, marks, lanes, changes, now = result
        if contact_id == self.contact_id:
            self.lanes.set_history(marks, lanes, changes, now)
            if marks:
                recent = [m for m in marks if m.occurred_at >= now - timedelta(days=180)]
                richest = min(lanes, key=lambda c: c.richness)
                self.caption.setText(
                    f"{plural(len(marks), 'interaction')} through "
                    f"{plural(len(lanes), 'channel')}; {len(recent)} in the last six months. "
                    f"Richest used: {richest.name}.")
            else:
                self.caption.setText("")

    def shutdown(self) -> None:
        self.loader.shutdown()
