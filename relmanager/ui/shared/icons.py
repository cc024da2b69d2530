"""Icons for the views, degrading to no icon when the icon module is unavailable.

Another part of the app ships the SVGs and :mod:`relmanager.resources.qticons`; a view
must still work (with text only) in a build where that is missing, so every lookup goes
through here and falls back to an empty QIcon.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

try:  # pragma: no cover - depends on the packaging of the build
    from relmanager.resources import qticons as _qticons
except ImportError:  # pragma: no cover
    _qticons = None  # type: ignore[assignment]

_dots: dict[tuple[int, int], QIcon] = {}


def ui_icon(name: str, palette: QPalette, size: int = 24, ratio: float | None = None
            ) -> QIcon:
    """A line icon in the palette's text colour, so it follows light and dark themes
    (``ratio``: drawn for that device pixel ratio only, for a first paint)."""
    if _qticons is None:
        return QIcon()
    try:
        return _qticons.ui_icon(name, palette.color(QPalette.ColorRole.WindowText), size,
                                ratio)
    except (OSError, ValueError):
        return QIcon()


def channel_icon(key: str, color: QColor | str, size: int = 16) -> QIcon:
    if _qticons is None:
        return QIcon()
    try:
        return _qticons.channel_icon(key, color, size)
    except (OSError, ValueError):
        return QIcon()


def app_icon(hires: bool = False) -> QIcon:
    if _qticons is None:
        return QIcon()
    try:
        return _qticons.app_icon(hires)
    except (OSError, ValueError):
        return QIcon()


#: The largest window icon worth sending to an X server (see :func:`window_icon`).
X11_WINDOW_ICON_MAX = 128


def window_icon() -> QIcon:
    """The icon windows carry. On X11, Qt sends every size of a window's icon to the X
    server (``_NET_WM_ICON``), decoding each PNG first: with the 256 and 512 px sizes that
    is 1.4 MB per window, prepared on the UI thread before the first paint, while panels
    and task switchers there draw 128 px at most (and prefer the themed icon named by the
    .desktop file). Elsewhere (Wayland, Windows, macOS) the app icon is used whole."""
    if QGuiApplication.platformName() != "xcb" or _qticons is None:
        return app_icon()
    try:
        return _qticons.app_icon(largest=X11_WINDOW_ICON_MAX)
    except (OSError, ValueError):
        return QIcon()


def needs_hires_app_icon() -> bool:
    """Whether a 1024 px app icon would be seen: Retina docks and large task switchers,
    not an X11 window (see :func:`window_icon`)."""
    return QGuiApplication.platformName() != "xcb"


def dot_icon(color: QColor | str, size: int = 12) -> QIcon:
    """A filled circle: the warmth dot of the list and the profile."""
    qcolor = QColor(color)
    key = (qcolor.rgba(), size)
    icon = _dots.get(key)
    if icon is None:
        icon = QIcon()
        for scale in (1, 2):
            pixmap = QPixmap(size * scale, size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(qcolor)
            radius = size * scale * 0.36
            centre = size * scale / 2
            painter.drawEllipse(QPointF(centre, centre), radius, radius)
            painter.end()
            icon.addPixmap(pixmap)
        _dots[key] = icon
    return QIcon(icon)
