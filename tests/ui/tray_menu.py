"""Driving the tray as a person does, shared by the tray tests: the reminder service and
tray started on a window, the menu popped up once it shows the newest data, an item
chosen with the keyboard (made current, Enter; Right for a submenu)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from relmanager.ui.shell.tray import install_reminders


def start_tray(window, qtbot):
    """(service, tray) on ``window``, after the start-up pass (its timer is then armed)."""
    service, tray = install_reminders(window.ctx, window, startup_delay_ms=0)
    qtbot.waitUntil(service.timer.isActive, timeout=5000)
    return service, tray


def stop_services(ctx) -> None:
    for running in reversed(ctx.services.running()):
        running.shutdown()


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def menu_ready(tray) -> bool:
    """Whether the menu shows the newest data: no read of its feed on the way, and the
    answer it has neither changed since nor over a minute old."""
    return not tray.feed.pending and not tray.feed.stale


def open_tray_menu(qtbot, tray) -> QMenu:
    """The tray menu opened, as a click on the icon does, showing the newest data: it
    reads on the reminder service's worker when it opens with old data, and is rebuilt
    when the read lands."""
    menu = tray.menu
    menu.popup(QPoint(200, 200))
    qtbot.waitUntil(menu.isVisible)
    tray.feed.wait()
    qtbot.waitUntil(lambda: menu_ready(tray), timeout=5000)
    QApplication.processEvents()
    return menu


def choose(qtbot, menu: QMenu, text: str, *, prefix: bool = False) -> QMenu | None:
    """Make the item current and press Enter; for a submenu press Right and return it."""
    action = next(a for a in menu.actions()
                  if (a.text().startswith(text) if prefix else a.text() == text))
    menu.setActiveAction(action)
    if action.menu() is not None:
        QTest.keyClick(menu, Qt.Key.Key_Right)
        qtbot.waitUntil(action.menu().isVisible)
        return action.menu()
    QTest.keyClick(menu, Qt.Key.Key_Return)
    return None
