"""The signature views at 100,000 contacts and 1,000,000 interactions: the board from
"show" to every column populated and painted, and the overall timeline aggregate."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

from bench.harness import Result


def board_populated(path: Path, runs: int) -> Result:
    """A fresh BoardView shown on the full data set, until every column holds its first
    cards (read on the worker thread) and has painted them."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.board import BoardView

    app = QApplication.instance() or QApplication([])
    home = Path(tempfile.mkdtemp(prefix="rm-bench-board-"))
    init_db(path)
    ctx = AppContext.create(SystemClock(), path, settings=make_settings(home / "s.ini"))
    samples: list[float] = []
    for run in range(runs + 1):
        started = time.perf_counter()
        view = BoardView(ctx)
        view.resize(1280, 760)
        view.show()
        view.wait_loaded()
        for column in view.columns.values():
            column.list.viewport().repaint()
        elapsed = (time.perf_counter() - started) * 1000
        if run:  # the first warms the page cache
            samples.append(elapsed)
        view.shutdown()
        view.deleteLater()
        app.processEvents()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    value = median(samples)
    return Result("board populated, all columns (100k contacts)", "<= 150 ms", "ms", value,
                  ok=value <= 150, runs=len(samples), samples=samples,
                  note="show to every column loaded and painted")


def timeline(path: Path, runs: int) -> list[Result]:
    """The overall timeline over every interaction: the SQL aggregate alone, and the page
    from show to the chart painted with it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store import timeline_queries as tq
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.timeline import TimelineView

    app = QApplication.instance() or QApplication([])
    home = Path(tempfile.mkdtemp(prefix="rm-bench-timeline-"))
    init_db(path)
    clock = SystemClock()
    ctx = AppContext.create(clock, path, settings=make_settings(home / "s.ini"))
    sql: list[float] = []
    for run in range(runs + 1):
        started = time.perf_counter()
        series = tq.overall(tq.TimelineFilter(), "week", None, clock.now())
        tq.insights(tq.TimelineFilter(), "week", None)
        if run:
            sql.append((time.perf_counter() - started) * 1000)
    drawn: list[float] = []
    for run in range(runs + 1):
        started = time.perf_counter()
        view = TimelineView(ctx)
        view.range.setCurrentIndex(view.range.findText("All time"))
        view.resize(1280, 760)
        view.show()
        view.wait_loaded()
        view.chart.repaint()
        if run:
            drawn.append((time.perf_counter() - started) * 1000)
        view.shutdown()
        view.deleteLater()
        app.processEvents()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    total = series.grand_total
    return [
        Result(f"overall timeline aggregate, all time by week ({total:,} interactions)",
               "<= 150 ms", "ms", median(sql), ok=median(sql) <= 150, runs=len(sql),
               samples=sql, note="SQL over the trigger-kept weekly sums, plus insights"),
        Result("timeline page drawn, all time by week", "<= 150 ms", "ms", median(drawn),
               ok=median(drawn) <= 150, runs=len(drawn), samples=drawn,
               note="show to chart painted"),
    ]


def benchmarks(path: Path, runs: int) -> list[Result]:
    return [board_populated(path, runs), *timeline(path, runs)]
