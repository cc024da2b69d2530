"""Draw every bundled icon on light and dark backgrounds into one PNG, for review.

Icons are judged by eye at the size they are used, so this renders the app icon at 512
and 32 px and every channel and UI icon at 24 px (tinted through the same helpers the app
uses) on a light and a dark panel:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icon_sheet.py /tmp/icons-sheet.png
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LIGHT_BG, LIGHT_FG = "#FAFAFA", "#1F2328"
DARK_BG, DARK_FG = "#22262E", "#E6EDF3"
ACCENT = "#2F81F7"
CELL, ICON, PAD = 96, 24, 16


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("icons-sheet.png")
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRect, QSize, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication(argv[:1])
    from relmanager.resources import CHANNEL_KEYS, FALLBACK_CHANNEL, UI_ICON_NAMES, qticons

    names = [("channel", k) for k in (*CHANNEL_KEYS, FALLBACK_CHANNEL)]
    names += [("ui", n) for n in UI_ICON_NAMES]
    cols = 8
    rows = -(-len(names) // cols)
    half_w = cols * CELL + 2 * PAD
    top = 512 + 2 * PAD
    sheet = QImage(2 * half_w, top + rows * CELL + PAD, QImage.Format.Format_ARGB32)
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    app_icon = qticons.app_icon()
    for half, (bg, fg) in enumerate(((LIGHT_BG, LIGHT_FG), (DARK_BG, DARK_FG))):
        x0 = half * half_w
        dark = half == 1
        painter.fillRect(QRect(x0, 0, half_w, sheet.height()), QColor(bg))
        if not dark:  # the big one once; the small sizes on both backgrounds
            painter.drawPixmap(x0 + PAD, PAD, app_icon.pixmap(QSize(512, 512)))
        small_x = x0 + PAD + (560 if not dark else 0)
        for i, size in enumerate((16, 22, 24, 32, 48, 64)):
            painter.drawPixmap(small_x, PAD + i * 80, app_icon.pixmap(QSize(size, size)))
        for i, attention in enumerate((False, True)):
            tray = qticons.tray_icon(dark_panel=dark, attention=attention)
            painter.drawPixmap(small_x + 100 + i * 40, PAD, tray.pixmap(QSize(22, 22)))
        painter.setPen(QColor(fg))
        for i, (kind, name) in enumerate(names):
            cx = x0 + PAD + (i % cols) * CELL
            cy = top + (i // cols) * CELL
            color = ACCENT if kind == "channel" else fg
            icon = (
                qticons.channel_icon(name, color, ICON)
                if kind == "channel"
                else qticons.ui_icon(name, color, ICON)
            )
            painter.drawPixmap(cx + (CELL - ICON) // 2, cy + 10, icon.pixmap(QSize(ICON, ICON)))
            font = painter.font()
            font.setPixelSize(11)
            painter.setFont(font)
            painter.drawText(
                QRect(cx, cy + 44, CELL, 30),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
                name.replace("_", " "),
            )
    painter.end()
    sheet.save(str(out))
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
