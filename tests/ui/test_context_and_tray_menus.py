"""Issue 22 item 13, through input: the contact list's right-click menu (Open, Log
interaction…, Archive or Unarchive as the selection needs), the tray's per-person "Log…",
and a maximised window that stays maximised when the tray brings it back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown, refresh_list
from tests.ui.tray_menu import choose, open_tray_menu, start_tray, stop_services

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    for name in ("Ada Lovelace", "Grace Hopper"):
        create_contact(clock, name, stage=Stage.DEVELOPMENT)
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    return win


def _row_point(window, name: str) -> QPoint:
    table = window.contacts.table
    model = window.contacts.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(name))
    return table.visualRect(model.index(row, 0)).center()


def _right_click(window, qtbot, name: str, choose: str | None) -> list[str]:
    """Click ``name``'s row, then right-click it; read the menu
    that pops up and pick ``choose`` with the keyboard (or Esc)."""
    seen: list[str] = []

    def act() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, act)
            return
        seen.extend(a.text() for a in menu.actions() if not a.isSeparator())
        if choose is None:
            QTest.keyClick(menu, Qt.Key.Key_Escape)
            return
        menu.setActiveAction(next(a for a in menu.actions() if a.text() == choose))
        QTest.keyClick(menu, Qt.Key.Key_Return)

    viewport = window.contacts.table.viewport()
    point = _row_point(window, name)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTimer.singleShot(20, act)
    # The event a right-click becomes (QTest's mouse click does not synthesise it).
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                       viewport.mapToGlobal(point)))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    return seen


def test_context_menu_opens_logs_and_offers_only_the_archive_the_selection_needs(
        window, qtbot):
    ada = Contact.get(Contact.display_name == "Ada Lovelace").id
    seen = _right_click(window, qtbot, "Ada", "&Log interaction…")
    assert seen[:2] == ["&Open", "&Log interaction…"]
    assert "&Archive" in seen and "&Unarchive" not in seen  # Ada is active
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    assert window.log_dialog.contact.contact_id() == ada
    window.log_dialog.reject()

    _right_click(window, qtbot, "Grace", "&Archive")
    assert Contact.get(Contact.display_name == "Grace Hopper").archived
    filters = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        filters.archived.setCurrentIndex(filters.archived.count() - 1)  # archived too
    seen = _right_click(window, qtbot, "Grace", "&Unarchive")
    assert "&Archive" not in seen and "&Unarchive" in seen
    assert not Contact.get(Contact.display_name == "Grace Hopper").archived


def _edit_menu_offers(window, qtbot) -> dict[str, bool]:
    """Open the Edit menu from the menu bar; whether Archive and Unarchive are enabled."""
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    edit.popup(QPoint(100, 100))
    qtbot.waitUntil(edit.isVisible)
    offers = {a.text(): a.isEnabled() for a in edit.actions()
              if a.text() in ("&Archive selected", "U&narchive selected")}
    edit.hide()
    return offers


def _select(window, qtbot, *names: str) -> None:
    model, table = window.contacts.model, window.contacts.table
    table.clearSelection()
    for row in range(model.rowCount()):
        if model.index(row, 0).data().split("  (")[0].split()[0] in names:
            table.selectionModel().select(
                model.index(row, 0), table.selectionModel().SelectionFlag.Select
                | table.selectionModel().SelectionFlag.Rows)


def test_edit_menu_enables_only_the_archive_the_selection_needs_without_a_read(
        window, qtbot, clock):
    """A first user was offered Archive and Unarchive for an active contact: the Edit
    menu enables what applies, from the rows the list holds (no query as it opens)."""
    from relmanager.store.contacts import set_archived
    from relmanager.store.models import database

    set_archived(clock, [Contact.get(Contact.display_name == "Grace Hopper").id], True)
    filters = window.contacts.filters
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        filters.archived.setCurrentIndex(filters.archived.count() - 1)  # archived too
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        _select(window, qtbot, "Ada")
        assert _edit_menu_offers(window, qtbot) == {"&Archive selected": True,
                                                   "U&narchive selected": False}
        _select(window, qtbot, "Grace")
        assert _edit_menu_offers(window, qtbot) == {"&Archive selected": False,
                                                   "U&narchive selected": True}
        _select(window, qtbot, "Ada", "Grace")
        assert _edit_menu_offers(window, qtbot) == {"&Archive selected": True,
                                                   "U&narchive selected": True}
        assert statements == []
        # The right-click's click opens the profile (a read of its own); the menu
        # itself asks nothing of the database.
        seen = _right_click(window, qtbot, "Grace", None)
        assert "&Unarchive" in seen and "&Archive" not in seen
    finally:
        conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith('SELECT DISTINCT "t1"."archived"')] == []
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        filters.archived.setCurrentIndex(0)  # active only: Ada, known without rows
    _select(window, qtbot, "Ada")
    assert _edit_menu_offers(window, qtbot) == {"&Archive selected": True,
                                               "U&narchive selected": False}


def test_context_menu_open_shows_the_profile(window, qtbot):
    grace = Contact.get(Contact.display_name == "Grace Hopper").id
    opened: list[int] = []
    window.contacts.activated.connect(opened.append)
    _right_click(window, qtbot, "Grace", "&Open")
    assert opened == [grace]
    profile_shown(window.profile, qtbot, grace)


@pytest.fixture
def tray(window, qtbot):
    _service, tray = start_tray(window, qtbot)
    yield tray
    stop_services(window.ctx)


def test_tray_person_menu_logs_with_that_person(window, tray, clock, qtbot):
    ada = Contact.get(Contact.display_name == "Ada Lovelace").id
    clock.advance(days=60)  # development: going cold after three weeks
    cold = choose(qtbot, open_tray_menu(qtbot, tray), "Going cold (2)")
    person = choose(qtbot, cold, "Ada Lovelace", prefix=True)
    assert [a.text() for a in person.actions()][:2] == ["Open", "Log…"]
    choose(qtbot, person, "Log…")
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    assert window.log_dialog.contact.contact_id() == ada
    window.log_dialog.reject()


def test_show_window_from_the_tray_keeps_it_maximised(window, tray, qtbot):
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized, timeout=3000)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    choose(qtbot, open_tray_menu(qtbot, tray), "Show window")
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=3000)
    assert window.isMaximized()
    window.hide()  # closed to the tray
    choose(qtbot, open_tray_menu(qtbot, tray), "Show window")
    qtbot.waitUntil(window.isVisible, timeout=3000)
    assert window.isMaximized()


def test_file_quit_quits_through_the_tray_not_just_hiding(window, tray, qtbot, monkeypatch):
    """With a tray, closing the window hides it; Ctrl+Q must end the app, which the
    tray's Quit does (it closes the window, then quits the event loop)."""
    quits: list[bool] = []
    monkeypatch.setattr(tray, "quit", lambda: quits.append(True))
    window.actions.actions["quit"].trigger()
    assert quits == [True] and window.isVisible()
