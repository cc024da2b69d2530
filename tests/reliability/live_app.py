"""The live app for two-process tests: the real window as ``relmanager.app`` builds it (the
same ``open_window`` that ``run_gui`` calls, with its services), a watch on Python-level
opens of the live database file, and real ``relmanager`` command processes beside it.

Why a watch: POSIX advisory locks belong to the process, and closing *any* descriptor of
the database file drops all of them (sqlite.org, "How To Corrupt An SQLite Database File",
2.2). One ``open()``/``close()`` of the file in the app's process lets the next command
line process think it is alone, checkpoint and delete the ``-wal`` the app still writes to.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class OpenWatch:
    """Process-wide audit hook (hooks cannot be removed, so one is installed once and
    switched on and off): records every ``open`` of a watched path, and every path
    ``sqlite3.connect`` was given."""

    watched: set[str] = field(default_factory=set)
    connected: set[str] = field(default_factory=set)
    hits: list[tuple[str, str]] = field(default_factory=list)
    busy: bool = False

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if self.busy or event not in ("open", "sqlite3.connect"):
            return
        self.busy = True
        try:
            target = args[0] if args else None
            if isinstance(target, int) or target is None:
                return
            try:
                name = os.path.abspath(os.fsdecode(target))  # noqa: PTH100 - no I/O here
            except (TypeError, ValueError):
                return
            if event == "sqlite3.connect":
                self.connected.add(name)
            elif name in self.watched or os.path.realpath(name) in self.watched:
                self.hits.append((name, "".join(traceback.format_stack(limit=14)[:-2])))
        finally:
            self.busy = False

    @contextmanager
    def watching(self, db_path: Path) -> Iterator[OpenWatch]:
        names = {str(Path(f"{db_path}{suffix}").absolute()) for suffix in ("", "-wal", "-shm")}
        names |= {str(Path(n).resolve()) for n in names}
        self.watched, self.hits = names, []
        try:
            yield self
        finally:
            self.watched = set()

    def report(self) -> str:
        return "\n".join(f"open({name!r}) at\n{stack}" for name, stack in self.hits)


WATCH = OpenWatch()
sys.addaudithook(WATCH.hook)


def run_cli(db_path: Path, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``relmanager COMMAND --db PATH ARGS`` in its own process, as a terminal would run it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "relmanager", argv[0], "--db", str(db_path), *argv[1:]]
    return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout)


READER = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(json.dumps({
    "contacts": {n: [s, o] for n, s, o in conn.execute(
        "SELECT display_name, stage, organisation FROM contact")},
    "notes": [r[0] for r in conn.execute("SELECT note FROM interaction")],
}))
"""


def read_elsewhere(db_path: Path) -> dict[str, Any]:
    """What a third process sees in the database file (plain sqlite3, nothing of ours)."""
    done = subprocess.run([sys.executable, "-c", READER, str(db_path)], capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@dataclass
class LiveApp:
    path: Path
    ctx: Any
    window: Any


def start_live_app(db_path: Path, qtbot: Any, log_path: Path,
                   args: argparse.Namespace | None = None) -> LiveApp:
    """The real app on ``db_path``: guard, store, context, window and (after the first
    paint) the services, exactly as ``relmanager.app.run_gui`` builds them (from
    ``args``, the parsed command line, when given)."""
    from PySide6.QtWidgets import QApplication

    from relmanager import app as app_module
    from relmanager.domain.clock import SystemClock

    # The commands in other processes run on the real clock: so does this window.
    args = args or argparse.Namespace(db=str(db_path), demo=False, minimized=False,
                                      quit_after_paint=False, clock=SystemClock())
    opened = app_module.open_window(QApplication.instance(), db_path, args, log_path)
    assert not isinstance(opened, int), f"the app did not start ({opened})"
    path, ctx, window = opened
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: ctx.services.backup is not None, timeout=10_000)
    return LiveApp(path, ctx, window)


def stop_live_app(live: LiveApp) -> None:
    from relmanager.store.db import close_db

    live.window.shutdown()
    live.ctx.services.shutdown_all()
    close_db()


@contextmanager
def live_app_after(db_path: Path, qtbot: Any, log_path: Path,
                   commands: Sequence[Sequence[str]]) -> Iterator[LiveApp]:
    """The real app on ``db_path`` after ``commands`` ran in other processes; shut down
    at the end, with the excepthook the window replaced put back."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for argv in commands:
        made = run_cli(db_path, *argv)
        assert made.returncode == 0, made.stderr
    excepthook = sys.excepthook
    app = start_live_app(db_path, qtbot, log_path)
    try:
        yield app
    finally:
        stop_live_app(app)
        sys.excepthook = excepthook
