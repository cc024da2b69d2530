"""The tray menu at the screen's top right (where the test session's tray is): its
submenus open to the left, and a reminder's own submenu (Open, Log…, Snooze) opened to the
right again, on top of the tray menu (stranger4's 4g). It now stays on the left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store.contacts import create_contact
from relmanager.ui.shell.main_window import MainWindow
from tests.ui.tray_menu import choose, open_tray_menu, start_tray

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_reminders_submenu_opens_left_like_its_menu_not_over_the_tray_menu(
        db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    _service, tray = start_tray(window, qtbot)
    try:
        create_contact(clock, "Ada Quite-Long-Name", stage=Stage.FRIENDSHIP)
        clock.advance(days=400)
        screen = QApplication.primaryScreen().availableGeometry()
        # under a top-right tray
        menu = open_tray_menu(qtbot, tray, QPoint(screen.right() - 4, screen.top() + 24))
        cold = choose(qtbot, menu, "Going cold (1)")
        assert cold.geometry().right() <= menu.geometry().left() + 2  # Qt: no room right
        ada = choose(qtbot, cold, "Ada Quite-Long-Name", prefix=True)
        qtbot.wait(20)
        assert not ada.geometry().intersects(menu.geometry()), (
            ada.geometry(), cold.geometry(), menu.geometry())
        assert ada.geometry().right() <= cold.geometry().left() + 2
        assert ada.geometry().left() >= screen.left()
    finally:
        tray.menu.hide()
        ctx.services.shutdown_all()
