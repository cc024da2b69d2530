"""``relmanager --demo`` says it is the demo: the window's title and the tray's tooltip read
"Relmanager — demo" (stranger5 1e: just "Relmanager", nothing told the made-up network
from one's own data). The real app, built as ``run_gui`` builds it from the parsed
command line; the user's own database keeps plain "Relmanager"."""

from __future__ import annotations

import sys

import pytest

from relmanager.cli import build_parser
from relmanager.paths import chosen_db_path
from tests.reliability.live_app import start_live_app, stop_live_app

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.mark.parametrize(("argv", "title"), [(["--demo"], "Relmanager — demo"),
                                             ([], "Relmanager")])
def test_the_demo_window_and_tray_say_demo(argv, title, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("RELMANAGER_DB", str(tmp_path / "mine.sqlite3"))
    excepthook = sys.excepthook
    args = build_parser().parse_args(argv)
    live = start_live_app(chosen_db_path(args.db, args.demo), qtbot, tmp_path / "log", args)
    try:
        assert live.window.windowTitle() == title
        tray = live.ctx.services.tray
        qtbot.waitUntil(lambda: "\n" in tray.icon.toolTip(), timeout=10_000)  # its status
        assert tray.icon.toolTip().split("\n")[0] == title
    finally:
        stop_live_app(live)
        sys.excepthook = excepthook
