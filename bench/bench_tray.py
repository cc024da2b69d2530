"""The tray menu at 100,000 contacts, each row against a floor measured in the same run.

* ``tray.menu``: building the menu from its data on the UI thread (what happens when a
  worker read lands; an opening with nothing changed reuses the built menu, its cost in
  the note) vs a QMenu of the same items and submenus built from plain strings, each
  connected to a function. Until issue 23 every opening read the data on the UI thread
  too (~440 ms); that figure is measured here and given in the note.
* ``tray.read``: the worker's read of the menu's data (the running box and Today's lists,
  ranked) vs the same SQL, captured from that read, run raw in sqlite3.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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
    timed,
    timed_pair,
)

MENU_LIMIT = 2.0
READ_LIMIT = 3.0


def _tree(menu: Any) -> list[tuple[str, list]]:
    """The menu's items as (text, children) pairs, submenus with their children."""
    items: list[tuple[str, list]] = []
    for action in menu.actions():
        sub = action.menu()
        items.append((action.text(), _tree(sub) if sub is not None else []))
    return items


def _build(menu: Any, tree: list[tuple[str, list]]) -> None:
    """The same items, each connected to a function as a working menu's are."""
    for text, children in tree:
        if children:
            _build(menu.addMenu(text), children)
        else:
            menu.addAction(text, lambda: None)


def benchmarks(path: Path, runs: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMenu, QWidget

    app = QApplication.instance() or QApplication([])
    from relmanager.domain.clock import SystemClock
    from relmanager.services.background import BackgroundReader
    from relmanager.services.context import AppContext, make_settings
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import database
    from relmanager.ui.shell.tray import TrayController

    home = Path(tempfile.mkdtemp(prefix="rm-bench-tray-"))
    init_db(path)
    ctx = AppContext.create(SystemClock(), path, settings=make_settings(home / "s.ini"))
    window = QWidget()
    reader = BackgroundReader()
    tray = TrayController(ctx, window, reader=reader)
    tray.feed.refresh()
    tray.feed.wait()

    def ours_build() -> None:  # what the UI thread does when a read lands
        tray._build_menu()
        app.processEvents()  # the last build's submenus go, as in the event loop

    def ours_open() -> None:  # an opening: the menu is kept built while nothing moved
        tray.menu.aboutToShow.emit()
        app.processEvents()

    tray.menu.aboutToShow.emit()
    tree = _tree(tray.menu)
    counted = sum(1 + len(children) for _text, children in tree)

    def floor_open() -> None:
        menu = QMenu()
        _build(menu, tree)
        menu.deleteLater()
        app.processEvents()

    built, built_floor = timed_pair(ours_build, floor_open, runs * 3)
    opened = timed(ours_open, runs * 3)

    def read_on_ui_thread() -> None:  # what an opening cost before the worker read it
        tray.feed.data = tray.read_menu(ctx.clock.now())
        tray.menu.aboutToShow.emit()

    before = timed(read_on_ui_thread, max(3, runs // 2), warmup=0)

    with captured_sql(database.connection()) as statements:
        tray.read_menu(ctx.clock.now())
    statements = reads(statements)
    raw = raw_connection(path)
    read, read_floor = timed_pair(lambda: tray.read_menu(ctx.clock.now()),
                                  lambda: replay(raw, statements), runs)
    raw.close()
    tray.shutdown()
    reader.shutdown()
    window.deleteLater()
    app.processEvents()
    close_db()
    shutil.rmtree(home, ignore_errors=True)
    data = tray.feed.data
    people = sum(len(v) for v in data.lists.values()) if data is not None else 0
    return [
        ratio_row("tray.menu", "tray menu built from its data (UI thread, when a read lands)",
                  "ms", built, built_floor, MENU_LIMIT,
                  floor_name=f"a QMenu of the same {counted} items and submenus built "
                             "from plain strings, each connected to a function",
                  note=f"an opening with nothing changed: {median(opened):.2f} ms; reading "
                       f"on the UI thread at each opening, as before: "
                       f"{median(before):,.0f} ms"),
        ratio_row("tray.read", "tray menu's data read on the worker", "ms", read, read_floor,
                  READ_LIMIT, floor_name=f"the same {len(statements)} queries in raw sqlite3",
                  note=f"{people:,} people in its lists, ranked"),
    ]


if __name__ == "__main__":  # python -m bench.bench_tray DB
    import sys

    from bench.harness import table

    print(table(benchmarks(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
    sys.exit(0)
