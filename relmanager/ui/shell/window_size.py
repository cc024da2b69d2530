"""How big the window is on a screen it has not been on yet, and how the sidebar makes room
on a small one.

A fixed first size (it was 1280x800) does not fit a 1366x768 laptop once its panel and
the window's title bar are taken off, and it put the Save button below the screen's edge.
The first window is sized from the screen's *available* geometry (what the panels leave)
instead, never larger than it. On a narrow window (a 1024-px screen) the sidebar shows
its icons only, with the page names in tooltips, so the pages keep the room they need.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QListWidget, QWidget

#: The smallest size the first window takes where there is room for it.
PREFERRED = QSize(1280, 800)
#: The share of a large screen's available area the first window takes: a fixed 1280x830
#: on a 1920x1200 screen looked like a dialog, a third of the screen left around it.
SCREEN_SHARE = 0.85
#: A leftover narrower than this share of the screen is a sliver nobody uses: the window
#: takes the whole available area instead (1280 on a 1366-px laptop left 86 px, and the
#: board's seventh column scrolled out of sight).
SLIVER = 0.10
#: The smallest window every page is laid out for: narrower, the contact list (~380 px)
#: and the profile (whose seven tabs need ~540 px) no longer fit side by side; 520 high
#: fits a 1024x640 screen less its panel and the title bar.
MINIMUM = QSize(1000, 520)
#: Room kept around the window for its frame and title bar, which the geometry excludes.
FRAME_ROOM = QSize(16, 40)
#: Room above the client area for the title bar: more than Qt's own estimate of it
#: (``QStyle.PM_TitleBarHeight`` plus one), which restoreGeometry checks against.
TITLE_ROOM = 30
#: Below this window width the sidebar shows icons only.
COMPACT_SIDEBAR_BELOW = 1200


def _first_length(available: int, frame: int, preferred: int) -> int:
    """One side of the first window: :data:`SCREEN_SHARE` of the screen, at least the
    preferred length, at most the available length less the frame's room, and all of
    that when what would be left beside the window is only a sliver."""
    room = available - frame
    length = max(preferred, round(available * SCREEN_SHARE))
    return room if room - length <= available * SLIVER else length


def first_geometry(available: QRect) -> QRect:
    """The first window's geometry on a screen whose available area is ``available``: a
    sensible share of it (see :func:`_first_length`), centred in that area. Never smaller
    than :data:`MINIMUM` unless the screen is. Later starts restore the saved geometry."""
    width = _first_length(available.width(), FRAME_ROOM.width(), PREFERRED.width())
    height = _first_length(available.height(), FRAME_ROOM.height(), PREFERRED.height())
    width = min(max(width, MINIMUM.width()), available.width())
    height = min(max(height, MINIMUM.height()), available.height())
    left = available.left() + (available.width() - width) // 2
    # the title bar above the client area needs its room inside the screen: centred, a
    # 760-px window on 800 px put it at y=0, and restoreGeometry then moved it down
    top = available.top() + min(max((available.height() - height) // 2, TITLE_ROOM),
                                max(available.height() - height, 0))
    return QRect(left, top, width, height)


def available_area(widget: QWidget) -> QRect | None:
    """The available geometry of the screen ``widget`` is on (or the primary one)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(widget: QWidget) -> None:
    """Shrink (and move) a restored window that is larger than its screen's available
    area: a geometry saved on a big monitor must not open half off a laptop's screen."""
    area = available_area(widget)
    if area is None:
        return
    frame = widget.frameGeometry()
    if frame.width() <= area.width() and frame.height() <= area.height():
        return
    geometry = first_geometry(area)
    widget.resize(geometry.size())
    widget.move(geometry.topLeft())


def restore_exactly(window: QWidget, normal: object) -> None:
    """Put a window restored by ``restoreGeometry`` back at the exact client rectangle it
    was saved with (``normal``, its ``normalGeometry()``), when that is on the screen.

    Before a window is shown it has no frame, so restoreGeometry guesses the title bar's
    height from the style (24 px) rather than the window manager's (20 px under openbox).
    A window whose client area started less than that guess below the screen's top was
    taken for one with its title bar off screen and moved down by the difference, so it
    came back 5 px lower (and, on a 768-px screen, 5 px past the bottom) after a restart.
    Maximised and full-screen windows are left to restoreGeometry.
    """
    if not isinstance(normal, QRect) or not normal.isValid():
        return
    state = window.windowState()
    if state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    area = available_area(window)
    if area is not None and area.contains(normal):
        window.setGeometry(normal)


def size_sidebar(sidebar: QListWidget, titles: list[str], compact: bool) -> None:
    """Icons only (the names stay in tooltips) when ``compact``, icon and name otherwise;
    the sidebar is as wide as its widest entry, so no name is cut and none wastes room."""
    metrics = sidebar.fontMetrics()
    widest = 0
    for row, title in enumerate(titles):
        item = sidebar.item(row)
        item.setText("" if compact else title)
        item.setToolTip(title)
        widest = max(widest, 0 if compact else metrics.horizontalAdvance(title) + 8)
    icon = sidebar.iconSize().width()
    sidebar.setFixedWidth(icon + widest + 2 * sidebar.frameWidth() + 28)
