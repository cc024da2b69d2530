"""Screenshots of the Settings dialog and the tray menu (run under Xvfb at 1280x800)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RELMANAGER_HOME", tempfile.mkdtemp())

from relmanager.domain.clock import SystemClock  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.ui.settings.settings_dialog import SettingsDialog  # noqa: E402
from relmanager.ui.shell.tray import TrayController  # noqa: E402
from tools.screenshots.target import out_dir, release  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv)
    home = Path(os.environ["RELMANAGER_HOME"])
    db_path = home / "shot.sqlite3"
    clock = SystemClock()
    store_db.init_db(db_path, clock=clock)
    ctx = AppContext.create(clock, db_path)
    out = out_dir()
    dialog = SettingsDialog(ctx)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(out / "settings.png"))
    dialog.hide()
    tray_menu(app, ctx, out)
    release(app, dialog)


def tray_menu(app: QApplication, ctx: AppContext, out: Path) -> None:
    """The tray menu on the demo network at the pages' moment, with Introductions and
    its first reminder's choices open (Open, Log…, the snoozes), grabbed from the screen
    so the submenus are in the picture. It showed an empty network's menu: every count
    (0), "Snooze all" greyed out (no reminder service)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from relmanager.domain.clock import FakeClock
    from relmanager.services.reminders import ReminderService
    from relmanager.store import demo
    from relmanager.ui.shell.main_window import MainWindow
    from tools.screenshots.pages import NOW, settle

    ctx.clock = FakeClock(NOW)
    demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, NOW)
    window = MainWindow(ctx)
    window.setGeometry(0, 0, 1280, 800)  # the menu over the window, not a black screen
    window.show()
    settle(500)
    tray = TrayController(ctx, window)
    tray.service = ReminderService(ctx, tray)  # not started: "Snooze all" is offered
    tray.feed.refresh()
    tray.wait_menu()  # the menu's data is read on the worker, then the menu is built
    menu = tray.menu
    menu.popup(QPoint(8, 8))
    settle(300)
    opened = menu
    for prefix in ("Introductions", ""):  # the submenu, then its first reminder's
        action = next(a for a in opened.actions() if a.menu() and a.text().startswith(prefix))
        opened.setActiveAction(action)
        QTest.keyClick(opened, Qt.Key.Key_Right)
        settle(300)
        opened = action.menu()
    right = max(m.geometry().right() for m in (menu, *tray._submenus) if m.isVisible())
    bottom = max(m.geometry().bottom() for m in (menu, *tray._submenus) if m.isVisible())
    picture = app.primaryScreen().grabWindow(0, 0, 0, right + 9, bottom + 9)
    picture.save(str(out / "tray-menu.png"))
    menu.hide()
    tray.shutdown()
    release(app, menu, window)

if __name__ == "__main__":
    main()
