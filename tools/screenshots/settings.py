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
from relmanager.domain.stages import Stage  # noqa: E402
from relmanager.services.context import AppContext  # noqa: E402
from relmanager.store import db as store_db  # noqa: E402
from relmanager.store.contacts import create_contact  # noqa: E402
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
    for name in ("Ada Lovelace", "Grace Hopper"):
        create_contact(clock, name, stage=Stage.FRIENDSHIP)
    from relmanager.ui.shell.main_window import MainWindow
    window = MainWindow(ctx)
    tray = TrayController(ctx, window)
    tray.rebuild_menu()
    tray.wait_menu()  # the menu's data is read on the worker, then the menu is rebuilt
    app.processEvents()
    tray.rebuild_menu()
    tray.menu.popup(tray.menu.pos())
    app.processEvents()
    tray.menu.grab().save(str(out / "tray-menu.png"))
    tray.menu.hide()
    release(app, tray.menu, dialog, window)


if __name__ == "__main__":
    main()
