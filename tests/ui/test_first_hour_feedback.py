"""Issue 22, item 14: feedback the product promises, through real keys and clicks on the
real window: a move names the person, Ctrl+Z and Ctrl+Shift+Z say what they undid and
redid, the Email button without a mail program says so, and the board's Inbox shows
first how many contacts are new from an import, with a filter to only them."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtTest import QTest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown, refresh_list

# Qt warns when it finds no program to open a link with: that is the case tested here.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support",
                                       "Unable to detect a launcher")


@pytest.fixture
def window(ctx, open_window, qtbot):
    win = open_window(ctx)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


def _status(window) -> str:
    return window.statusBar().currentMessage()


def _board(window, qtbot, wanted: Stage, contact_id: int):
    window.show_page("board")
    board = window.page_widget("board")
    qtbot.waitUntil(lambda: board.models[wanted].contains(contact_id), timeout=5000)
    board.wait_loaded()
    return board


def _click_card(board, stage: Stage, contact_id: int, qtbot) -> None:
    lst = board.columns[stage].list
    index = board.models[stage].index(board.models[stage].row_of(contact_id))
    qtbot.waitUntil(lambda: lst.visualRect(index).height() > 0, timeout=3000)
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                     pos=lst.visualRect(index).center())
    qtbot.waitUntil(lambda: lst.selected_ids() == [contact_id])


# -- moves named, undo and redo said -----------------------------------------------------
def test_a_board_move_names_the_person_and_undo_redo_say_what(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER).id
    board = _board(window, qtbot, Stage.ENCOUNTER, ada)
    _click_card(board, Stage.ENCOUNTER, ada, qtbot)
    lst = board.columns[Stage.ENCOUNTER].list
    QTest.keyClick(lst, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert Contact.get_by_id(ada).stage == "recognition"
    assert _status(window) == "Moved Ada Lovelace to Recognition (Ctrl+Z to undo)"

    focus = board.columns[Stage.RECOGNITION].list
    QTest.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Contact.get_by_id(ada).stage == "encounter")
    assert _status(window) == "Undone: Move Ada Lovelace to Recognition"
    assert window.actions.actions["redo"].text() == "&Redo Move Ada Lovelace to Recognition"

    QTest.keyClick(QGuiApplication.focusObject(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: Contact.get_by_id(ada).stage == "recognition")
    assert _status(window) == "Redone: Move Ada Lovelace to Recognition"


def test_a_bulk_move_from_the_list_names_the_first_and_counts_the_rest(window, clock, qtbot):
    for name in ("Ada Lovelace", "Bo Berg", "Cy Young"):
        create_contact(clock, name, stage=Stage.ENCOUNTER)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    table = window.contacts.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(window.contacts.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.contacts.selected_ids()) == 3
    menu = window.menuBar().actions()
    edit = next(a.menu() for a in menu if a.text() == "&Edit")
    move = next(a.menu() for a in edit.actions() if a.text() == "&Move selected to stage")
    next(a for a in move.actions() if a.text() == "&5 Friendship").trigger()
    # Sorted by family name: Berg, Lovelace, Young.
    assert _status(window) == "Moved Bo Berg and 2 others to Friendship (Ctrl+Z to undo)"
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _status(window) == "Undone: Move Bo Berg and 2 others to Friendship"
    assert {c.stage for c in Contact.select()} == {"encounter"}


# -- the Email button without a mail program ---------------------------------------------
class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def _fake_xdg_mime(tmp_path, monkeypatch, default: str) -> None:
    """An ``xdg-mime`` on PATH answering "default mail program" with ``default``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "xdg-mime"
    script.write_text(f"#!/bin/sh\nprintf '%s' '{default}'\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def _open_ada_and_click_email(window, clock, qtbot) -> None:
    ada = create_contact(clock, "Ada Lovelace", emails=["ada@example.org"])
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    profile_shown(window.profile, qtbot, ada.id)
    button = window.profile.header.email_button
    qtbot.waitUntil(button.isEnabled)
    QGuiApplication.clipboard().clear()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_email_without_a_mail_program_says_so_and_copies_the_address(window, clock, qtbot,
                                                                     tmp_path, monkeypatch):
    _fake_xdg_mime(tmp_path, monkeypatch, "")  # the desktop knows no mail program
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "catch")
    try:
        _open_ada_and_click_email(window, clock, qtbot)
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    assert _status(window) == ("No mail program is set up to open e-mail links: "
                               "ada@example.org is copied to the clipboard")
    assert QGuiApplication.clipboard().text() == "ada@example.org"
    assert catcher.urls == []  # nothing handed to xdg-open to fail silently


def test_email_when_qt_cannot_open_links_at_all_says_so(window, clock, qtbot, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no xdg-open, no xdg-mime: Qt says False
    _open_ada_and_click_email(window, clock, qtbot)
    assert _status(window).startswith("No mail program is set up")
    assert QGuiApplication.clipboard().text() == "ada@example.org"


def test_email_with_a_mail_program_opens_it_and_says_nothing(window, clock, qtbot, tmp_path,
                                                             monkeypatch):
    _fake_xdg_mime(tmp_path, monkeypatch, "thunderbird.desktop")
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "catch")
    try:
        _open_ada_and_click_email(window, clock, qtbot)
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    assert catcher.urls == ["mailto:ada@example.org"]
    assert "No mail program" not in _status(window)


# -- new from import, first in the Inbox, with a filter ----------------------------------
def test_the_inbox_shows_new_from_import_first_with_a_filter(window, clock, qtbot, tmp_path):
    from relmanager.interchange import parse_file
    from relmanager.store import importer

    typed = create_contact(clock, "Aaron Typed").id  # in the Inbox, typed in by hand
    source = tmp_path / "people.vcf"
    source.write_text("".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoe Imported{n}\r\n"
                              "END:VCARD\r\n" for n in range(3)), encoding="utf-8")
    importer.apply_plan(importer.plan_import(parse_file(source), str(source)), clock)
    imported = [c.id for c in Contact.select().where(Contact.import_batch.is_null(False))]
    board = _board(window, qtbot, Stage.INBOX, typed)
    button = board.imports
    inbox = board.columns[Stage.INBOX]
    assert button.isVisible() and button.text() == "3 new from import\nShow only these"
    assert inbox.layout().indexOf(button) == 1  # first in the Inbox, under its header
    assert board.models[Stage.INBOX].total == 4

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.models[Stage.INBOX].total == 3, timeout=5000)
    assert sorted(board.models[Stage.INBOX].ids()) == sorted(imported)
    assert button.text() == "Only 3 new from import\nShow all"

    # Placing one takes it out of "new from import".
    lst = inbox.list
    _click_card(board, Stage.INBOX, imported[0], qtbot)
    board.move([imported[0]], Stage.ENCOUNTER)
    board.reload()
    qtbot.waitUntil(lambda: button.text() == "Only 2 new from import\nShow all", timeout=5000)

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: board.models[Stage.INBOX].total == 3, timeout=5000)
    assert typed in board.models[Stage.INBOX].ids()
    assert button.text() == "2 new from import\nShow only these"
    assert lst.isVisible()


def test_no_import_no_line(window, clock, qtbot):
    typed = create_contact(clock, "Aaron Typed").id
    board = _board(window, qtbot, Stage.INBOX, typed)
    assert not board.imports.isVisible()


def test_undo_and_redo_outlive_no_window(ctx, clock, qtbot):
    """The undo stack belongs to the app and outlives a closed window: its Undo and Redo
    actions must let go of it (once, their text followed the stack into deleted C++)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from relmanager.ui.shared.undo import MoveStageCommand
    from relmanager.ui.shell.main_window import MainWindow

    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER).id
    first = MainWindow(ctx)
    first.shutdown()
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    ctx.undo_stack.push(MoveStageCommand(ctx, [ada], Stage.RECOGNITION))  # texts change
    ctx.undo_stack.undo()
    assert second.actions.actions["redo"].text() == "&Redo Move Ada Lovelace to Recognition"
    second.shutdown()
