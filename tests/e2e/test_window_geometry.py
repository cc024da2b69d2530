"""The window comes back as it was left (issue 22, the first hour): it reopened 5 px lower
(past a 768-px screen's bottom) after a restart under a real window manager, as
restoreGeometry took a window whose client area began less than the style's title-bar
height below the screen's top for one with its title bar off screen. A real openbox, the
real app quit (Ctrl+Q) and started again, the geometry read back with xdotool."""

from __future__ import annotations

import re
import time


def _geometry(app) -> tuple[int, int, int, int]:
    text = app.xdo("getwindowgeometry", app.window)
    x, y = map(int, re.search(r"Position: (-?\d+),(-?\d+)", text).groups())
    w, h = map(int, re.search(r"Geometry: (\d+)x(\d+)", text).groups())
    return x, y, w, h


def _run(app_factory, move_to: tuple[int, int] | None = None) -> tuple[tuple, tuple]:
    """Start the app, read where it opened (and where it is after ``move_to``), quit."""
    app = app_factory()
    app.start()
    time.sleep(1.0)  # the WM has placed and framed it
    opened = left = _geometry(app)
    if move_to is not None:
        app.xdo("windowmove", "--sync", app.window, *map(str, move_to))
        time.sleep(0.5)
        left = _geometry(app)
    app.key("ctrl+q")
    app.process.wait(30)
    app.quit()
    return opened, left


def test_the_window_reopens_at_the_size_and_place_it_was_left(app_factory):
    first, _ = _run(app_factory)
    second, moved = _run(app_factory, move_to=(8, 20))  # frame dragged up to the screen's top
    assert second == first, (first, second)
    third, _ = _run(app_factory)
    assert third == moved, (moved, third)
