"""Render the application icon's PNG sizes from its SVG source.

The PNGs are committed rather than built at install time so that pip, PyInstaller and the
Linux install script need nothing but files; rerun this after editing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

QtSvg is used instead of an external rasteriser because it is what the app itself renders
with, so the PNGs match what users see from the SVG, and it is already a dependency.
``--check`` only verifies that every size exists with the right dimensions (for CI).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "relmanager" / "resources" / "icons" / "app"
SVG = APP_DIR / "relmanager.svg"
PNG_DIR = APP_DIR / "png"
SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return PNG_DIR / f"relmanager-{size}.png"


def render(svg: Path, size: int):  # -> QImage (PySide6 is imported lazily, see main)
    """The SVG drawn antialiased onto a transparent ``size`` x ``size`` image."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"invalid SVG: {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def check() -> int:
    from PySide6.QtGui import QImage

    problems = []
    for size in SIZES:
        image = QImage(str(png_path(size)))
        if image.isNull():
            problems.append(f"missing or unreadable: {png_path(size)}")
        elif (image.width(), image.height()) != (size, size):
            problems.append(f"{png_path(size).name} is {image.width()}x{image.height()}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify the PNGs exist")
    args = parser.parse_args(argv)
    # Rendering needs no screen; without a DISPLAY Qt would abort instead of falling back.
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.check:
        return check()
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        if not render(SVG, size).save(str(png_path(size)), "PNG"):
            raise SystemExit(f"could not write {png_path(size)}")
        print(png_path(size).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
