"""Esc in the New contact dialog never drops what was typed without asking, as in the
Log dialog: Esc closed it at once and a typed name and address were gone (seen by
stranger, driving the demo with real keys). Keys pressed with QTest on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.store.models import Contact

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window, qtbot):
    window = open_window(ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _open(window, qtbot):
    dialog = window.open_new_contact_dialog()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _press(key: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), key)


def test_esc_with_nothing_typed_closes_at_once(window, qtbot):
    _open(window, qtbot)
    _press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.new_contact_dialog is None)


def test_esc_with_a_typed_name_asks_and_keeps_it(window, qtbot):
    dialog = _open(window, qtbot)
    QTest.keyClicks(dialog.name, "Grace Hopper")
    QTest.keyClick(dialog.name, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.emails, "grace@navy.example")
    _press(Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_bar.isVisible()
    assert QApplication.focusWidget() is dialog.discard_bar.keep_button
    _press(Qt.Key.Key_Return)  # the safe default: keep editing
    assert dialog.isVisible() and not dialog.discard_bar.isVisible()
    assert QApplication.focusWidget() is dialog.name
    assert (dialog.name.text(), dialog.emails.text()) == ("Grace Hopper", "grace@navy.example")
    _press(Qt.Key.Key_Escape)
    _press(Qt.Key.Key_Escape)  # Esc on the question keeps editing too
    assert dialog.isVisible() and not dialog.discard_bar.isVisible()
    _press(Qt.Key.Key_Escape)
    QTest.mouseClick(dialog.discard_bar.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.new_contact_dialog is None)
    assert Contact.select().count() == 0


def test_only_an_intent_typed_is_asked_about_too(window, qtbot):
    dialog = _open(window, qtbot)
    dialog.intent.setFocus()
    QTest.keyClicks(dialog.intent, "hiring advice")
    _press(Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_bar.isVisible()
    dialog.discard()


def test_closing_the_window_over_a_typed_contact_asks_first(window, qtbot):
    dialog = _open(window, qtbot)
    QTest.keyClicks(dialog.name, "Grace Hopper")
    assert not window.close()  # the close waits for the user's answer
    assert dialog.isVisible() and dialog.discard_bar.isVisible()
    assert dialog.name.text() == "Grace Hopper"
    dialog.discard()


def _mnemonics(dialog) -> list[str]:
    """The Alt+letter of every label and button the dialog shows ("&&" is a literal &)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    keys = []
    for widget in [*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(dialog):
            continue
        text = widget.text().replace("&&", "")
        if "&" in text[:-1]:
            keys.append(text[text.index("&") + 1].casefold())
    return keys


def test_every_alt_key_in_the_dialog_goes_to_one_place(window, clock, qtbot):
    """Alt+D reached Introduced by as well as the question's Discard, Alt+P Phone as well
    as Sphere, Alt+E Email and When, Alt+O Organisation and Open existing contact: Qt
    then only moves between them, and Alt+D never discarded."""
    from relmanager.store.contacts import create_contact

    create_contact(clock, "Grace Hopper")
    dialog = _open(window, qtbot)
    QTest.keyClicks(dialog.name, "Grace Hopper")
    qtbot.waitUntil(dialog.duplicate_box.isVisible)  # Open existing contact is shown
    _press(Qt.Key.Key_Escape)  # the question's Discard and Keep editing are shown too
    keys = _mnemonics(dialog)
    assert len(keys) >= 15
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
    dialog.discard()
