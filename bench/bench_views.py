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


def benchmarks(path: Path, runs: int) -> list[Result]:
    results = [board_populated(path, runs)]
    try:
        from bench import bench_timeline
    except ImportError:
        return results
    return results + bench_timeline.benchmarks(path, runs)
