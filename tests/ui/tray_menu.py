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


def open_tray_menu(qtbot, tray, where: QPoint | None = None) -> QMenu:
    """The tray menu opened (at ``where``), as a click on the icon does, showing the
    newest data: it reads on the reminder service's worker when it opens with old data,
    and is rebuilt when the read lands.

    Returned open: in the whole suite, an earlier test's windows going away move X's
    focus in their own time, and that closed a menu just opened (the clean clone, 2 runs
    of 4: the menu hidden, its submenu then opened by keys on a closed menu, and the side
    rule, which needs the chain open, not applied). It is opened again then, three times
    at most."""
    menu = tray.menu
    for _ in range(3):
        menu.popup(where if where is not None else QPoint(200, 200))
        qtbot.waitUntil(menu.isVisible)
        tray.feed.wait()
        qtbot.waitUntil(lambda: menu_ready(tray), timeout=5000)
        QApplication.processEvents()
        if menu.isVisible():
            return menu
    raise AssertionError("the tray menu kept closing as soon as it opened")


def choose(qtbot, menu: QMenu, text: str, *, prefix: bool = False) -> QMenu | None:
    """Make the item current and press Enter; for a submenu press Right and return it.
    Only in an open menu: keys sent to a closed one still open its submenus, which no
    person could do."""
    assert menu.isVisible(), f"{menu.title() or 'the tray menu'} is closed"
    action = next(a for a in menu.actions()
                  if (a.text().startswith(text) if prefix else a.text() == text))
    menu.setActiveAction(action)
    if action.menu() is not None:
        QTest.keyClick(menu, Qt.Key.Key_Right)
        qtbot.waitUntil(action.menu().isVisible)
        return action.menu()
    QTest.keyClick(menu, Qt.Key.Key_Return)
    return None
