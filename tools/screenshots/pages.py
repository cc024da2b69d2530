"""Screenshots of the main window's pages on the demo network, at 1280x800 (run under
Xvfb): ``python tools/screenshots/pages.py [page ...] [--dark]``. Writes
docs/screenshots/<page>.png (``<page>-dark.png`` with ``--dark``)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from relmanager.domain.clock import FakeClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store import demo  # noqa: E402
from tools.screenshots.target import out_dir, window_size  # noqa: E402

NOW = datetime(2026, 11, 24, 10, 30)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#2b2d31"),
                        (QPalette.ColorRole.Base, "#1f2023"),
                        (QPalette.ColorRole.AlternateBase, "#26282c"),
                        (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (QPalette.ColorRole.Button, "#34363b"),
                        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
                        (QPalette.ColorRole.Highlight, "#3d6fb4"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff"),
                        (QPalette.ColorRole.Mid, "#4a4d52"),
                        (QPalette.ColorRole.PlaceholderText, "#9a9a9a")):
        palette.setColor(role, QColor(color))
    # Greyed out as a dark theme greys them: set for every group, a disabled Save,
    # Revert or Call read as enabled in the dark pictures.
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8085"))
    return palette


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dark = "--dark" in sys.argv
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if dark:
        app.setPalette(dark_palette())
    home = Path(os.environ["RELMANAGER_HOME"])
    db_path = home / "shot.sqlite3"
    clock = FakeClock(NOW)
    store_db.init_db(db_path, clock=clock)
    demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, NOW)
    ctx = AppContext.create(clock, db_path)
    from relmanager.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(*window_size())
    window.show()
    out = out_dir()
    out.mkdir(parents=True, exist_ok=True)
    from relmanager.ui.pages import PAGE_KEYS

    for page in args or PAGE_KEYS:
        window.show_page(page)
        settle()
        if page == "contacts":
            window.contacts.table.selectRow(2)
            settle()
        if page == "network":  # a person chosen: their tie, relations and warm paths
            view = window.page_widget("network")
            view.wait_loaded()
            strongest = sorted(view.view.items_by_id,
                               key=lambda i: -view.view_data.snapshot.network.ties[i])
            if len(strongest) > 12:
                view.select_person(strongest[12])
            settle()
        name = f"{page}-dark.png" if dark else f"{page}.png"
        window.grab().save(str(out / name))
        print(out / name)
    window.close()


if __name__ == "__main__":
    main()
