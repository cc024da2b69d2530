"""Benchmarks of the window: cold start against an empty PySide6 window, peak memory,
and a search keystroke through the real contact list (worker, model, view).

Start-up is measured from outside: the time from spawning the process to the moment it
prints ``painted`` (see :mod:`relmanager.ui.shell.startup_probe`), side by side with the same
measure for a process that only shows an empty ``QMainWindow``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.harness import ROOT, Result, ratio_row
from bench.mapped_files import MapWatcher, settle

#: Peak RSS with every page open and loaded on the 100k data set, as a multiple of an
#: empty PySide6 window process's (VmHWM, both offscreen with their libraries' page-cache
#: state settled: ~56 MB; ~71 MB on Xvfb). The old absolute line was 350 MB.
MEMORY_LIMIT = 3.0

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
            QTimer.singleShot(0, rss)
        return False
def rss():
    # VmHWM, as the app's probe reads it: ru_maxrss carries the runner's peak across exec
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
    print(f"rss {peak:.1f}", flush=True)
    app.quit()
probe = Probe()
label.installEventFilter(probe)
window.show()
app.exec()
"""


#: Inherited variables that change what a Qt or Python process allocates or maps: a
#: desktop's Qt settings (platform, scale, style, theme), Python's allocator and tracing
#: switches, glibc's malloc tunables, preloads. The two processes of the start and memory
#: rows run without them, whatever the shell that started the benchmark had set.
UNPINNED_PREFIXES = ("QT_", "QML_", "PYTHONMALLOC", "PYTHONTRACEMALLOC", "PYTHONDEVMODE",
                     "PYTHONFAULTHANDLER", "MALLOC_", "GLIBC_TUNABLES", "LD_PRELOAD",
                     "DISPLAY", "WAYLAND_DISPLAY")


def _environment(home: Path) -> dict[str, str]:
    """The one environment both processes of a run start in. Always Qt's ``offscreen``
    platform: on an X server (Xvfb) the empty window's peak was ~71 MB and the app's
    ~12 MB more, offscreen ~59-67 MB, so a runner with a ``DISPLAY`` and one without
    measured different ratios of the same code (2.73x and 3.15x)."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(UNPINNED_PREFIXES)}
    env.update(RELMANAGER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    # An installed package is byte-compiled by pip; a checkout under
    # PYTHONDONTWRITEBYTECODE would recompile every module on every start (~70 ms here).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _time_to_paint(command: list[str], env: dict[str, str],
                   mapped: set[str] | None = None) -> tuple[float, float | None]:
    """Milliseconds from spawn to the ``painted`` line, and the ``rss`` line if any.

    With ``mapped``, the files in it are put in one page-cache state first and the files
    the process maps are added to it as it runs (``bench.mapped_files`` says why)."""
    if mapped is not None:
        settle(mapped, skip_under=Path(env["RELMANAGER_HOME"]))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    watcher = MapWatcher(process.pid, mapped) if mapped is not None else None
    assert process.stdout is not None
    painted_ms: float | None = None
    rss: float | None = None
    try:
        with process.stdout:
            for line in process.stdout:
                if line.startswith("painted") and painted_ms is None:
                    painted_ms = (time.perf_counter() - start) * 1000
                    if watcher is not None:
                        watcher.look()
                elif line.startswith("rss "):
                    rss = float(line.split()[1])
                    if watcher is not None:
                        watcher.look()
                elif line.startswith("timeout"):
                    break
        process.wait(timeout=120)
    finally:
        if watcher is not None:
            watcher.stop()
    if painted_ms is None:
        raise RuntimeError(f"{command[:3]} never painted (exit {process.returncode})")
    return painted_ms, rss


@contextmanager
def _session_bus(env: dict[str, str]) -> Iterator[None]:
    """A private D-Bus session bus in ``env`` for the two processes, when there is none.

    A desktop session always has one. Without it, the first line edit's D-Bus
    connection (Qt's input method and accessibility) makes libdbus spawn
    ``dbus-launch --autolaunch`` and wait for it to fail: ~10-15 ms before the app's
    first paint (seen with strace) that no user pays and the floor's window, which has
    no line edit, never asks for."""
    daemon = shutil.which("dbus-daemon")
    if env.get("DBUS_SESSION_BUS_ADDRESS") or daemon is None:
        yield
        return
    started = subprocess.run([daemon, "--session", "--fork", "--print-address=1",
                              "--print-pid=1"], capture_output=True, text=True, check=True)
    address, pid = started.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        yield
    finally:
        os.kill(int(pid), signal.SIGTERM)


def cold_start(path: Path, runs: int) -> tuple[Result, Result]:
    """Process start to the first populated paint of the contact list, vs the floor,
    both on one session bus (``_session_bus``)."""
    home = Path(tempfile.mkdtemp(prefix="rm-bench-home-"))
    db = home / "bench.sqlite3"
    shutil.copy(path, db)  # the app may write settings and WAL; keep the cache pristine
    env = _environment(home)
    with _session_bus(env):
        return _cold_start(db, home, env, runs)


def _cold_start(db: Path, home: Path, env: dict[str, str], runs: int
                ) -> tuple[Result, Result]:
    ours, floors, rss, floor_rss = [], [], [], []
    mapped: set[str] = set()  # both processes' files, settled before each start
    app = [sys.executable, "-m", "relmanager", "--db", str(db), "--quit-after-paint"]
    floor = [sys.executable, "-c", FLOOR_SCRIPT]
    try:
        for run in range(runs + 1):  # the first of each warms the page cache
            # The two take turns going first, so neither always starts in the other's
            # aftermath (its writes, its helper processes winding down).
            order = (app, floor) if run % 2 else (floor, app)
            timings = {}
            for command in order:
                timings[command is app] = _time_to_paint(command, env, mapped)
            (app_ms, app_rss), (floor_ms, empty_rss) = timings[True], timings[False]
            if run:
                ours.append(app_ms)
                floors.append(floor_ms)
                if app_rss is not None and empty_rss is not None:
                    rss.append(app_rss)
                    floor_rss.append(empty_rss)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    start = ratio_row("start", "cold start to populated contact list", "ms", ours, floors, 2.0,
                      floor_name="an empty PySide6 QMainWindow process painted",
                      note="process spawn to first paint")
    # Peak figures: the largest of each, not the median.
    memory = ratio_row("memory", "peak memory, full data set open, every page visited", "MB",
                       [max(rss)] if rss else [], [max(floor_rss)] if floor_rss else [],
                       MEMORY_LIMIT, floor_name="peak RSS of the empty QMainWindow process")
    memory.runs = len(rss)
    return start, memory


def ui_search(path: Path, runs: int) -> Result:
    """Typing into the real contact list: from the query being sent (after the 150 ms
    typing debounce) to the new rows applied and painted, through the worker thread,
    against the same queries run raw (the ids and the first screenful's rows). Ours and
    the floor take turns per keystroke."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from bench.bench_store import FIRST_PAGE, PREFIXES, SEARCH_FLOOR, keystroke_sql
    from bench.bench_views import paint_loaded
    from bench.harness import raw_connection, replay
    from relmanager.domain.clock import SystemClock
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.ui.contacts.contact_list import ContactListView
    from relmanager.ui.contacts.contact_model import PAGE

    assert PAGE == FIRST_PAGE, "the floor must read the page the list reads"
    app = QApplication.instance() or QApplication([])
    home = Path(tempfile.mkdtemp(prefix="rm-bench-ui-"))
    init_db(path)
    ctx = AppContext.create(SystemClock(), path, settings=make_settings(home / "s.ini"))
    captured = keystroke_sql(ctx.clock.now())
    raw = raw_connection(path)
    view = ContactListView(ctx)
    view.resize(900, 700)
    view.show()

    applied = [False]

    def wait_applied() -> None:
        loop = QEventLoop()

        def on_applied(*_args: object) -> None:
            applied[0] = True
            loop.quit()

        view.results_applied.connect(on_applied)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        view.results_applied.disconnect(on_applied)

    def keystroke(text: str) -> float:
        view.filters.search.setText(text)
        view._debounce.stop()  # measure the work, not the deliberate typing pause
        applied[0] = False
        started = time.perf_counter()
        view.refresh()
        # The new first page painted (its rows are read as it paints).
        paint_loaded([view.table.viewport()], lambda: applied[0], wait_applied)
        return (time.perf_counter() - started) * 1000

    def floor(text: str) -> float:
        started = time.perf_counter()
        replay(raw, captured[text])
        return (time.perf_counter() - started) * 1000

    view.refresh()
    wait_applied()
    for text in PREFIXES:  # warm both
        keystroke(text)
        floor(text)
    samples: list[float] = []
    base: list[float] = []
    slowest = ("", 0.0, 0.0)
    for run in range(max(1, runs // 3)):
        for n, text in enumerate(PREFIXES):
            if (run + n) % 2:
                mine, raw_ms = keystroke(text), floor(text)
            else:
                raw_ms = floor(text)
                mine = keystroke(text)
            samples.append(mine)
            base.append(raw_ms)
            if mine > slowest[1]:
                slowest = (text, mine, raw_ms)
    view.shutdown()
    view.deleteLater()
    app.processEvents()
    raw.close()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    text, mine, raw_ms = slowest
    return ratio_row("uisearch", "search keystroke to updated list painted (real widget)", "ms",
                     samples, base, 3, p95_limit=5, floor_name=SEARCH_FLOOR,
                     note=f"{len(samples)} keystrokes; the worst, '{text}', {mine:.0f} ms "
                          f"vs {raw_ms:.0f} ms raw; plus a 150 ms typing debounce")


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
    }
