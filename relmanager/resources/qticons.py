"""Qt icons built from the bundled SVGs: the app icon, tray icons, tinted line icons.

The channel and UI icons are single-colour line drawings stroked in plain black. Qt's SVG
renderer ignores ``currentColor``, so instead of one file per colour the icon is rendered
once and recoloured: a solid image of the colour takes the drawing's alpha channel (its
antialiased edges). The UI can then tint a channel by its richness or follow the palette
in dark mode.

Icons are rendered by :class:`QSvgRenderer` directly rather than through ``QIcon(path)``,
so they do not depend on Qt's SVG icon-engine plugin being present in a frozen build;
only the QtSvg module is needed. A QGuiApplication must exist before icons are built.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from relmanager.resources import (
    APP_ICON_SIZES,
    app_icon_png_path,
    app_icon_svg_path,
    channel_icon_path,
    tray_icon_path,
    ui_icon_path,
)

ColorLike = QColor | str | Qt.GlobalColor

#: Sizes every tray icon carries: panels ask for 16-24 px, HiDPI panels twice that.
TRAY_SIZES: tuple[int, ...] = (16, 22, 24, 32, 44, 48, 64)

# QIcon is implicitly shared and cheap to copy; keeping built icons means a delegate can
# ask for a channel icon in every paint without re-rendering SVG.
_icon_cache: dict[tuple[str, int, int, float | None], QIcon] = {}
_app_icons: dict[tuple[bool, int | None], QIcon] = {}  # the same in every palette


def to_color(color: ColorLike) -> QColor:
    """A valid QColor from a QColor, a name such as ``"#1f6feb"``, or a Qt global colour."""
    qcolor = QColor(color)
    if not qcolor.isValid():
        raise ValueError(f"not a colour: {color!r}")
    return qcolor


@lru_cache(maxsize=256)
def _renderer(path: str) -> QSvgRenderer:
    """One parsed SVG per file: reading and parsing costs more than drawing a small icon,
    and every icon is drawn at two sizes at least."""
    renderer = QSvgRenderer(path)
    if not renderer.isValid():
        raise ValueError(f"invalid SVG: {path}")
    return renderer


def render_svg(path: Path, size: int) -> QImage:
    """Render an SVG file onto a transparent square image of ``size`` pixels."""
    renderer = _renderer(str(path))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def tint_image(image: QImage, color: ColorLike) -> QImage:
    """A copy of ``image`` in ``color``, keeping its alpha: a solid image of the colour
    takes the drawing's alpha channel (what CompositionMode_SourceIn would paint)."""
    tinted = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    tinted.fill(to_color(color))
    tinted.setAlphaChannel(image.convertToFormat(QImage.Format.Format_Alpha8))
    return tinted


@lru_cache(maxsize=1024)
def _tinted_image(path: str, rgba: int, size: int) -> QImage:
    return tint_image(render_svg(Path(path), size), QColor.fromRgba(rgba))


def _sizes_for(size: int, ratio: float | None = None) -> list[int]:
    """The requested size at 100%, 150% and 200% scaling, so a stroke lands on whole
    device pixels at the common scales; Qt scales the nearest one for any other. With
    ``ratio``, only the size at that scale: what a first paint shows (the window's
    sidebar drew 21 SVGs before it, 14 of them for scales its screen did not have)."""
    if ratio is not None:
        return [round(size * ratio)]
    return sorted({size, size * 3 // 2, size * 2})


def _tinted_icon(path: Path, color: ColorLike, size: int, ratio: float | None = None
                 ) -> QIcon:
    rgba = to_color(color).rgba()
    key = (str(path), rgba, size, ratio)
    icon = _icon_cache.get(key)
    if icon is None:
        icon = QIcon()
        for px in _sizes_for(size, ratio):
            icon.addPixmap(QPixmap.fromImage(_tinted_image(str(path), rgba, px)))
        _icon_cache[key] = icon
    return QIcon(icon)


def channel_icon(key: str, color: ColorLike, size: int = 16) -> QIcon:
    """The icon of channel ``key`` in ``color``; unknown (user-defined) keys get a generic one."""
    return _tinted_icon(channel_icon_path(key), color, size)


def ui_icon(name: str, color: ColorLike, size: int = 24, ratio: float | None = None
            ) -> QIcon:
    """A toolbar or menu icon (see ``UI_ICON_NAMES``) in ``color``, usually the palette's
    text; with ``ratio``, drawn for that device pixel ratio only (see :func:`_sizes_for`)."""
    return _tinted_icon(ui_icon_path(name), color, size, ratio)


def app_icon(hires: bool = False, largest: int | None = None) -> QIcon:
    """The application icon: every pre-rendered PNG size, and with ``hires`` the SVG drawn
    at 1024 px too.

    Window managers and task switchers pick the exact-size PNG, and Qt scales down from the
    next larger one for other sizes. The SVG is not added as a file: Qt's SVG icon engine
    keeps only one added pixmap per mode, so it would silently drop the PNGs. Rendering it
    covers Retina docks (512 @2x) and stands in for any PNG a packager left out; it costs
    ~25 ms, so the app asks for it only once the window is up. PNGs load when first drawn.
    ``largest`` leaves out the PNGs above that size.
    """
    key = (hires, largest)
    cached = _app_icons.get(key)
    if cached is not None:
        return QIcon(cached)
    icon = QIcon()
    for size in APP_ICON_SIZES:
        if largest is not None and size > largest:
            continue
        try:
            icon.addFile(str(app_icon_png_path(size)), QSize(size, size))
        except FileNotFoundError:
            icon.addPixmap(QPixmap.fromImage(render_svg(app_icon_svg_path(), size)))
    if hires:
        icon.addPixmap(QPixmap.fromImage(render_svg(app_icon_svg_path(), 1024)))
    _app_icons[key] = icon
    return QIcon(icon)


def tray_icon(dark_panel: bool, attention: bool = False) -> QIcon:
    """The monochrome tray icon that contrasts with the panel, with a badge for ``attention``.

    On macOS the menu bar recolours "template" images itself, so the dark glyph is marked
    as a mask and ``dark_panel`` is ignored there.
    """
    macos = sys.platform == "darwin"
    path = tray_icon_path(dark_panel=dark_panel and not macos, attention=attention)
    icon = QIcon()
    for size in TRAY_SIZES:
        icon.addPixmap(QPixmap.fromImage(render_svg(path, size)))
    if macos and not attention:
        icon.setIsMask(True)
    return icon


def guess_dark_panel() -> bool:
    """Best guess whether the tray sits on a dark panel; a Settings choice should override it.

    Qt cannot see the panel's colour. GNOME-family top bars are dark in both light and dark
    styles; elsewhere the panel usually follows the desktop colour scheme, and failing that
    the application palette.
    """
    desktop = os.environ.get("XDG_CURRENT_DESKTOP", "").lower()
    if any(name in desktop for name in ("gnome", "unity", "pantheon", "budgie")):
        return True
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128
