"""The signature views at 100,000 contacts and 1,000,000 interactions, each against a
floor measured in the same run: the same SQL run raw in sqlite3 plus an empty window of
the same shape painted.

* the board, from "show" to every column populated and painted, vs the seven columns'
  queries (counts, first pages, the first cards' details, tag names) raw plus an empty window of
  seven lists painted;
* the overall timeline aggregate vs the same queries raw;
* the timeline page, from "show" to the chart painted, vs the same queries raw plus an
  empty chart painted.

The floors' SQL is captured from the app's own calls (SQLite's expanded SQL, parameters
bound), so it is the same work by construction and follows the code when it changes. The
two page rows run it on a connection opened for each show, as the page's worker does on
a first show (see :class:`FreshReplay`); their note gives the ratio against a warm one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import (
    Result,
    captured_sql,
    median,
    ratio_row,
    raw_connection,
    reads,
    replay,
)

SIZE = (1280, 760)
BOARD_LIMIT = 2.0
TIMELINE_LIMIT = 2.0
AGGREGATE_LIMIT = 2.0


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def paint_loaded(widgets: list[Any], loaded: Callable[[], bool],
                 wait: Callable[[], None]) -> None:
    """Wait for the view's load and let the event loop deliver what it queued (the paints
    it asked for), then paint whatever has not painted since the load ended. A widget is
    painted with the data once: a second paint would be the benchmark's cost, not the
    view's."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    painted: set[int] = set()

    class Watch(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and loaded():
                painted.add(id(watched))
            return False

    watch = Watch()
    for widget in widgets:
        widget.installEventFilter(watch)
    wait()
    QCoreApplication.processEvents()
    for widget in widgets:
        if id(widget) not in painted:
            widget.repaint()
        widget.removeEventFilter(watch)


def event_loop_until_loaded(view: Any, timeout_ms: int = 120_000) -> Callable[[], None]:
    """A wait for ``paint_loaded``: run the event loop until the page's read is shown, as
    the app does while a page's worker reads (it paints the page's frame meanwhile).

    ``view.wait_loaded()`` blocks the UI thread on the worker instead (tests and
    screenshots want that); measured with it, a page's whole first paint came after its
    read, serialised behind the worker, which the app never does. The floor has no
    worker: its SQL runs on the UI thread, then its window paints."""
    from PySide6.QtCore import QEventLoop, QTimer

    def wait() -> None:
        if not view.loading:
            return
        loop = QEventLoop()
        view.loader.loaded.connect(loop.quit)
        view.loader.failed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        if view.loading:
            raise TimeoutError(f"the page did not load in {timeout_ms} ms")

    return wait


def _dispose(view: Any) -> None:
    """Close and delete a measured page now, as the floor's window is closed. Left shown
    (``deleteLater`` is not run by ``processEvents``), each page stayed alive and painted
    its cards again during the next run's measurement: the board's row counted two
    paints of ~66 cards per show, the second of the previous run's page."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.shutdown()
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _empty_lists_window() -> Any:
    """A window of seven empty list views side by side, shown (the board's shape with
    nothing of ours in it)."""
    from PySide6.QtWidgets import QHBoxLayout, QListView, QWidget

    window = QWidget()
    layout = QHBoxLayout(window)
    lists = [QListView() for _ in range(7)]
    for view in lists:
        layout.addWidget(view)
    window.resize(*SIZE)
    window.show()
    return window, lists


def _empty_chart_window() -> Any:
    """A window holding a widget that fills its area with a painter, shown: a chart with
    nothing drawn on it."""
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    class EmptyChart(QWidget):
        def paintEvent(self, _event: object) -> None:
            painter = QPainter(self)
            painter.fillRect(self.rect(), self.palette().base())
            painter.end()

    window = QWidget()
    chart = EmptyChart()
    QVBoxLayout(window).addWidget(chart)
    window.resize(*SIZE)
    window.show()
    return window, chart


class FreshReplay:
    """The floor's SQL on a connection opened for the show, as a page's worker opens its
    own on the page's first show (a new thread, a new connection, an empty page cache),
    timed within the floor; the same SQL on a warm connection is timed too, outside it,
    for the note. Until issue 23 the board read its cards on the UI thread's connection,
    warm like the floor's; on the worker they are read cold, and a warm floor then
    measured the page cache, not our layers."""

    def __init__(self, path: Path, statements: list[str]) -> None:
        self.path, self.statements = path, statements
        self.warm = raw_connection(path)
        self.cold_ms: list[float] = []
        self.warm_ms: list[float] = []

    def __call__(self) -> None:
        started = time.perf_counter()
        conn = raw_connection(self.path)
        replay(conn, self.statements)
        conn.close()
        self.cold_ms.append((time.perf_counter() - started) * 1000)

    def time_warm(self) -> None:
        started = time.perf_counter()
        replay(self.warm, self.statements)
        self.warm_ms.append((time.perf_counter() - started) * 1000)

    def warm_note(self, samples: list[float], base: list[float]) -> str:
        """Our median against the floor with the SQL on a warm connection instead."""
        warm = [b - c + w for b, c, w in zip(base, self.cold_ms[-len(base):],
                                               self.warm_ms[-len(base):], strict=True)]
        return f"{median(samples) / median(warm):.2f}x against the same SQL on a warm connection"

    def close(self) -> None:
        self.warm.close()


def _alternate(ours: Callable[[], float], floor: Callable[[], float], runs: int
               ) -> tuple[list[float], list[float]]:
    """``runs`` samples of each (after one warming run of each), taking turns first."""
    ours()
    floor()
    mine: list[float] = []
    base: list[float] = []
    for run in range(runs):
        if run % 2:
            mine.append(ours())
            base.append(floor())
        else:
            base.append(floor())
            mine.append(ours())
    return mine, base


def board_statements(show: Callable[[], object], now: datetime) -> list[str]:
    """The queries the board makes to show: every column's count and first page, the
    first cards' details and the tag names (what its worker runs, run here on this
    thread), then whatever a real show reads on the UI thread while it paints (nothing
    since the cards are read with the columns; a read moved back would count here)."""
    from relmanager.store import board_cards, queries
    from relmanager.store.models import database

    with captured_sql(database.connection()) as statements:
        board_cards.load(queries.ContactFilter(), now)
        show()
    return reads(statements)


def board_populated(path: Path, runs: int) -> Result:
    """A fresh BoardView shown on the full data set, until every column holds its first
    cards (read on the worker thread) and has painted them."""
    app = _app()
    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.board.board import BoardView

    home = Path(tempfile.mkdtemp(prefix="rm-bench-board-"))
    init_db(path)
    ctx = AppContext.create(SystemClock(), path, settings=make_settings(home / "s.ini"))

    def ours() -> float:
        started = time.perf_counter()
        view = BoardView(ctx, read_now=True)  # as the window builds it (ui.pages)
        view.resize(*SIZE)
        view.show()
        paint_loaded([c.list.viewport() for c in view.columns.values()],
                      lambda: not view.loading, event_loop_until_loaded(view))
        elapsed = (time.perf_counter() - started) * 1000
        _dispose(view)
        return elapsed

    def floor() -> float:
        started = time.perf_counter()
        window, lists = _empty_lists_window()
        sql()
        # The whole window painted, as a shown board is (its frame and layout too, not
        # only the seven viewports): the same wait-then-paint as ours, with nothing to load.
        paint_loaded([view.viewport() for view in lists], lambda: True, lambda: None)
        elapsed = (time.perf_counter() - started) * 1000
        sql.time_warm()
        window.close()
        window.deleteLater()
        app.processEvents()
        return elapsed

    statements = board_statements(ours, ctx.clock.now())
    sql = FreshReplay(path, statements)
    samples, base = _alternate(ours, floor, runs)
    note = f"show to every column loaded and painted; {sql.warm_note(samples, base)}"
    sql.close()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    return ratio_row("board", "board populated, all seven columns painted", "ms", samples, base,
                     BOARD_LIMIT, note=note,
                     floor_name=f"the same {len(statements)} queries in raw sqlite3 on a "
                                "connection opened for the show (as the board's worker "
                                "opens one) + an empty window of seven lists painted")


def timeline_statements(now: datetime) -> list[str]:
    """The queries of the timeline page over all time by week (what its worker runs, run
    here on this thread)."""
    from relmanager.store import timeboxes
    from relmanager.store import timeline_queries as tq
    from relmanager.store.models import database

    with captured_sql(database.connection()) as statements:
        tq.overall(tq.TimelineFilter(), "week", None, now)
        timeboxes.committed_minutes()
        tq.insights(tq.TimelineFilter(), "week", None)
    return reads(statements)


def timeline(path: Path, runs: int) -> list[Result]:
    """The overall timeline over every interaction: the aggregate alone, and the page from
    show to the chart painted with it."""
    app = _app()
    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store import timeline_queries as tq
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import database
    from relmanager.ui.timeline.timeline import TimelineView

    home = Path(tempfile.mkdtemp(prefix="rm-bench-timeline-"))
    init_db(path)
    clock = SystemClock()
    ctx = AppContext.create(clock, path, settings=make_settings(home / "s.ini"))
    statements = timeline_statements(clock.now())
    raw = raw_connection(path)
    totals: list[int] = []

    def aggregate() -> float:
        started = time.perf_counter()
        series = tq.overall(tq.TimelineFilter(), "week", None, clock.now())
        tq.insights(tq.TimelineFilter(), "week", None)
        elapsed = (time.perf_counter() - started) * 1000
        totals.append(series.grand_total)
        return elapsed

    def raw_sql() -> float:
        started = time.perf_counter()
        replay(raw, statements)
        return (time.perf_counter() - started) * 1000

    sql, sql_floor = _alternate(aggregate, raw_sql, runs)

    def page() -> float:
        started = time.perf_counter()
        view = TimelineView(ctx)
        view.range.setCurrentIndex(view.range.findText("All time"))
        view.resize(*SIZE)
        view.show()
        paint_loaded([view.chart], lambda: not view.loading, event_loop_until_loaded(view))
        elapsed = (time.perf_counter() - started) * 1000
        _dispose(view)
        return elapsed

    def empty_page() -> float:
        started = time.perf_counter()
        window, chart = _empty_chart_window()
        page_sql()
        paint_loaded([chart], lambda: True, lambda: None)
        elapsed = (time.perf_counter() - started) * 1000
        page_sql.time_warm()
        window.close()
        window.deleteLater()
        app.processEvents()
        return elapsed

    with captured_sql(database.connection()) as on_ui_thread:
        page()
    page_statements = statements + reads(on_ui_thread)  # the page reads nothing there today
    page_sql = FreshReplay(path, page_statements)
    drawn, drawn_floor = _alternate(page, empty_page, runs)
    page_note = f"show to chart painted; {page_sql.warm_note(drawn, drawn_floor)}"
    page_sql.close()
    raw.close()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    floor_sql = f"the same {len(statements)} queries in raw sqlite3"
    return [
        ratio_row("timeline.aggregate", "overall timeline aggregate, all time by week", "ms",
                  sql, sql_floor, AGGREGATE_LIMIT, floor_name=floor_sql,
                  note=f"{totals[-1]:,} interactions, from the trigger-kept weekly sums, "
                       "plus insights"),
        ratio_row("timeline.page", "timeline page drawn, all time by week", "ms", drawn,
                  drawn_floor, TIMELINE_LIMIT, note=page_note,
                  floor_name=f"the same {len(page_statements)} queries in raw sqlite3 on a "
                             "connection opened for the show (as the page's worker opens "
                             "one) + an empty chart painted"),
    ]


def benchmarks(path: Path, runs: int) -> list[Result]:
    return [board_populated(path, runs), *timeline(path, runs)]
