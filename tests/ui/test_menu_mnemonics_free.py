"""Alt+F opens the File menu on every page (the first hour, seen from outside): on the
Network page its "&Fit" button took Alt+F, and on Contacts the profile's "&First name",
"&Emails", "&How you met" and the "&History" and "&Follow-ups" tabs shared the menu
bar's letters, so the keyboard could not reach File, Edit or Help there."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget

from relmanager.store.contacts import create_contact
from relmanager.ui.pages import PAGE_KEYS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

MNEMONIC = re.compile(r"&(\w)")


def _letter(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _page_mnemonics(window) -> list[tuple[str, str]]:
    texts = [w.text() for w in window.findChildren(QAbstractButton)]
    texts += [w.text() for w in window.findChildren(QLabel) if w.buddy() is not None]
    for tabs in window.findChildren(QTabWidget):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [(text, letter) for text in texts if (letter := _letter(text))]


def test_no_page_takes_a_menu_bar_letter(open_window, ctx, clock, qtbot):
    window = open_window(ctx)
    window.show_contact(create_contact(clock, "Ada Lovelace").id)  # the profile's fields
    for key in PAGE_KEYS:
        window.show_page(key)
        qtbot.wait(20)
    menu_letters = {_letter(a.text()) for a in window.menuBar().actions()} - {None}
    assert menu_letters >= {"f", "e", "v", "h"}
    taken = [text for text, letter in _page_mnemonics(window) if letter in menu_letters]
    assert taken == []


@pytest.mark.parametrize("page", ["network"])
def test_alt_f_opens_the_file_menu(open_window, ctx, clock, qtbot, page):
    window = open_window(ctx)
    window.show_contact(create_contact(clock, "Ada Lovelace").id)
    window.show_page(page)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    file_menu = window.menuBar().actions()[0].menu()
    QTest.keyClick(window.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(file_menu.isVisible, timeout=2000)
    file_menu.close()
