"""The window's frame: menus show their shortcuts, Today loads only when it is looked
at, start-up work waits for the first paint, and About opens the data folder through the
desktop (intercepted with QDesktopServices.setUrlHandler, no mock of our code)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.ui.shell.main_window import MainWindow
from tests.ui.conftest import refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, qtbot):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    yield win
    win.shutdown()


def _menu_texts(window) -> dict[str, dict[str, str]]:
    menus = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        menus[top.text().replace("&", "")] = {
            a.text().replace("&", ""): a.shortcut().toString()
            for a in menu.actions() if not a.isSeparator()}
    return menus


def test_menus_show_their_shortcuts(window):
    menus = _menu_texts(window)
    assert list(menus) == ["File", "Edit", "View", "Help"]
    assert menus["File"]["New contact…"] == "Ctrl+N"
    assert menus["File"]["Log interaction…"] == "Ctrl+L"
    assert menus["Edit"]["Undo"] == "Ctrl+Z"
    assert menus["Edit"]["Redo"] == "Ctrl+Shift+Z"
    assert menus["Edit"]["Find contacts"] == "Ctrl+F"
    assert menus["View"]["Today"] == "Ctrl+1"
    assert "About Relmanager" in menus["Help"]
    assert not window.actions.actions["import"].isEnabled()  # until app.py sets a handler
    window.set_handler("import", lambda: None)
    assert window.actions.actions["import"].isEnabled()


def test_today_loads_only_when_shown(ctx, window, clock, qtbot):
    friend = create_contact(clock, "Old Friend", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone")
    clock.advance(days=60)
    window.show_page("contacts")
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(300)
    assert not window.today.loading
    assert window.today.cold.tree.topLevelItemCount() == 0  # never read while hidden
    window.show_page("today")
    qtbot.waitUntil(lambda: window.today.cold.tree.topLevelItemCount() == 1, timeout=5000)


def test_after_first_paint_runs_once_the_list_is_up(window, qtbot):
    ran: list[str] = []
    window.after_first_paint(lambda: ran.append("services"))
    assert ran == []
    window.show()
    qtbot.waitUntil(lambda: ran == ["services"], timeout=5000)
    window.after_first_paint(lambda: ran.append("late"))  # already up: runs at once
    qtbot.waitUntil(lambda: ran == ["services", "late"], timeout=2000)


class _Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_opens_the_data_folder(window, ctx, qtbot):
    catcher = _Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        dialog = window.show_about()
        qtbot.waitExposed(dialog)
        dialog.buttons["Database"].click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in catcher.urls] == [str(ctx.db_path.parent)]
    dialog.close()


def test_profile_built_later_still_gets_the_width_it_needs(ctx, qtbot, clock, open_window):
    """The profile's page is built after the first paint; the splitter must still share
    the window as with the page in place, or the form is cut off at the right."""
    from relmanager.store.contacts import create_contact

    create_contact(clock, "Ada Lovelace", emails=["ada.lovelace.long.address@example.org"])
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    win.contacts.table.selectRow(0)
    qtbot.waitUntil(lambda: win.profile.built and win.profile.contact_id is not None)
    assert win.profile.width() >= win.profile.minimumSizeHint().width()
