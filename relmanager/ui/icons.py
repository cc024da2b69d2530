"""Icons for the views, degrading to no icon when the icon module is unavailable.

Another part of the app ships the SVGs and :mod:`relmanager.resources.qticons`; a view
must still work (with text only) in a build where that is missing, so every lookup goes
through here and falls back to an empty QIcon.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

try:  # pragma: no cover - depends on the packaging of the build
    from relmanager.resources import qticons as _qticons
except ImportError:  # pragma: no cover
    _qticons = None  # type: ignore[assignment]

_dots: dict[tuple[int, int], QIcon] = {}


def ui_icon(name: str, palette: QPalette, size: int = 24) -> QIcon:
    """A line icon in the palette's text colour, so it follows light and dark themes."""
    if _qticons is None:
        return QIcon()
    try:
        return _qticons.ui_icon(name, palette.color(QPalette.ColorRole.WindowText), size)
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
