"""Benchmarks of the window: cold start against an empty PySide6 window, peak memory,
and a search keystroke through the real contact list (worker, model, view).

Start-up is measured from outside: the time from spawning the process to the moment it
prints ``painted`` (see :mod:`relmanager.ui.startup_probe`), side by side with the same
measure for a process that only shows an empty ``QMainWindow``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import ROOT, Result, median

FLOOR_SCRIPT = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
label = QLabel("empty")
window.setCentralWidget(label)
window.resize(1280, 800)
class Probe(QObject):
    done = False
    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
        return False
probe = Probe()
label.installEventFilter(probe)
window.show()
app.exec()
"""


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ, RELMANAGER_HOME=str(home))
    # An installed package is byte-compiled by pip; a checkout under
    # PYTHONDONTWRITEBYTECODE would recompile every module on every start (~70 ms here).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _time_to_paint(command: list[str], env: dict[str, str]) -> tuple[float, float | None]:
    """Milliseconds from spawn to the ``painted`` line, and the ``rss`` line if any."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert process.stdout is not None
    painted_ms: float | None = None
    rss: float | None = None
    for line in process.stdout:
        if line.startswith("painted") and painted_ms is None:
            painted_ms = (time.perf_counter() - start) * 1000
        elif line.startswith("rss "):
            rss = float(line.split()[1])
        elif line.startswith("timeout"):
            break
    process.wait(timeout=120)
    if painted_ms is None:
        raise RuntimeError(f"{command[:3]} never painted (exit {process.returncode})")
    return painted_ms, rss


def cold_start(path: Path, runs: int) -> tuple[Result, Result]:
    """Process start to the first populated paint of the contact list, vs the floor."""
    home = Path(tempfile.mkdtemp(prefix="rm-bench-home-"))
    db = home / "bench.sqlite3"
    shutil.copy(path, db)  # the app may write settings and WAL; keep the cache pristine
    env = _environment(home)
    ours, floors, rss = [], [], []
    app = [sys.executable, "-m", "relmanager", "--db", str(db), "--quit-after-paint"]
    floor = [sys.executable, "-c", FLOOR_SCRIPT]
    try:
        for run in range(runs + 1):  # the first of each warms the page cache
            # The two take turns going first, so neither always starts in the other's
            # aftermath (its writes, its helper processes winding down).
            order = (app, floor) if run % 2 else (floor, app)
            timings = {}
            for command in order:
                timings[command is app] = _time_to_paint(command, env)
            (app_ms, app_rss), (floor_ms, _) = timings[True], timings[False]
            if run:
                ours.append(app_ms)
                floors.append(floor_ms)
                if app_rss is not None:
                    rss.append(app_rss)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    value, floor = median(ours), median(floors)
    ratio = value / floor
    start = Result("cold start to populated contact list", "<= 2.0x floor and <= 1.5 s", "ms",
                   value, floor=floor, ratio=ratio, ok=ratio <= 2.0 and value <= 1500,
                   runs=len(ours), note="floor: empty QMainWindow process", samples=ours,
                   floor_samples=floors)
    peak = max(rss) if rss else float("nan")
    memory = Result("peak memory, full data set open, every page visited", "<= 350 MB RSS",
                    "MB", peak, ok=peak <= 350, runs=len(rss), samples=rss)
    return start, memory


def ui_search(path: Path, runs: int) -> Result:
    """Typing into the real contact list: from the query being sent (after the 150 ms
    typing debounce) to the model holding the new rows, through the worker thread."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from bench.bench_store import TYPED
    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.contact_list import ContactListView

    app = QApplication.instance() or QApplication([])
    home = Path(tempfile.mkdtemp(prefix="rm-bench-ui-"))
    init_db(path)
    ctx = AppContext.create(SystemClock(), path, settings=make_settings(home / "s.ini"))
    view = ContactListView(ctx)
    view.resize(900, 700)
    view.show()
    samples: list[float] = []

    def wait_applied() -> float:
        loop = QEventLoop()
        seconds: list[float] = []
        view.results_applied.connect(lambda _n, s: (seconds.append(s), loop.quit()))
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        view.results_applied.disconnect()
        app.processEvents()  # the repaint of the new rows
        return seconds[0] * 1000 if seconds else float("nan")

    view.refresh()
    wait_applied()
    prefixes = [q[:n] for q in TYPED for n in range(1, len(q) + 1)]
    for _ in range(max(1, runs // 3)):
        for text in prefixes:
            view.filters.search.setText(text)
            view._debounce.stop()  # measure the work, not the deliberate typing pause
            view.refresh()
            samples.append(wait_applied())
    view.shutdown()
    view.deleteLater()
    app.processEvents()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    value = median(samples)
    return Result("search keystroke to updated list (real widget), 100k", "<= 30 ms median",
                  "ms", value, ok=value <= 30, runs=len(samples),
                  note=f"worst {max(samples):.0f} ms; plus a 150 ms typing debounce",
                  samples=samples)


def _from_rows(module: str, path: Path, runs: int) -> list[Result]:
    """Rows of the feature modules' ``benchmarks(db_path, runs)`` as Results."""
    try:
        mod = __import__(f"bench.{module}", fromlist=["benchmarks"])
    except ImportError:
        return []
    results = []
    for row in mod.benchmarks(path, runs):
        if isinstance(row, Result):
            results.append(row)
            continue
        name, value, budget, note = row
        results.append(Result(name, f"<= {budget:g} ms", "ms", value, ok=value <= budget,
                              runs=runs, note=note))
    return results


def benchmarks(path: Path, runs: int) -> dict[str, Callable[[], Result | list[Result] | None]]:
    cache: dict[str, tuple[Result, Result]] = {}

    def start() -> Result:
        cache["start"] = cold_start(path, max(5, runs))
        return cache["start"][0]

    def memory() -> Result | None:
        return cache["start"][1] if "start" in cache else cold_start(path, 1)[1]

    return {
        "start": start,
        "memory": memory,
        "uisearch": lambda: ui_search(path, runs),
        "views": lambda: _from_rows("bench_views", path, runs),
        "parse": lambda: _from_rows("bench_parse", path, runs),
        "import": lambda: _from_rows("bench_import", path, runs),
    }
