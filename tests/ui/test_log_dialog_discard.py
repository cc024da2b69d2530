"""Esc in the Log dialog never drops a typed note without asking (issue 22, the first
hour): with nothing typed it closes at once; with a note it asks "Discard this entry?" in
the dialog (a bar, never a modal box), where Enter and Esc keep editing and only Discard
closes. Keys pressed for real with QTest on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Interaction
from tests.ui.discard_keys import esc_asks_then_discard_closes

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def dialog(ctx, open_window, qtbot, clock):
    window = open_window(ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log = window.open_log_dialog(ada.id)
    qtbot.waitUntil(log.isActiveWindow)
    return log


def _press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def test_esc_with_nothing_typed_closes_at_once(dialog, qtbot):
    _press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Interaction.select().count() == 0


def test_esc_with_a_typed_note_asks_and_keeps_it(dialog, qtbot):
    esc_asks_then_discard_closes(dialog, dialog.note, "promised the article", qtbot)
    assert Interaction.select().count() == 0


def test_a_typed_follow_up_is_asked_about_too_and_keep_editing_can_still_log(dialog, qtbot):
    _press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.follow_up.isChecked)  # the mnemonic animates a click
    QTest.keyClicks(dialog.follow_up_title, "send the slides")
    _press(Qt.Key.Key_Escape)
    assert dialog.discard_bar.isVisible()
    QTest.mouseClick(dialog.discard_bar.keep_button, Qt.MouseButton.LeftButton)
    dialog.channel.setFocus()
    assert dialog.log_button.isDefault() and not dialog.discard_bar.keep_button.isDefault()
    _press(Qt.Key.Key_Return)  # Log is the default again
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Interaction.select().count() == 1


def test_a_follow_up_left_empty_says_what_it_is_saved_as(dialog, ctx, qtbot):
    """Issue 22: a follow-up with no text was saved as "Follow up" without a word. The
    empty field says so, and logging names the saved title in the status bar."""
    from relmanager.store.models import FollowUp

    _press(Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.follow_up.isChecked)
    assert dialog.follow_up_title.text() == ""
    assert "\u201cFollow up\u201d if left empty" in dialog.follow_up_title.placeholderText()
    with qtbot.waitSignal(ctx.events.status_message) as said:
        _press(Qt.Key.Key_Return)
    (follow_up,) = FollowUp.select()
    assert follow_up.title == "Follow up"
    assert "follow-up \u201cFollow up\u201d due" in said.args[0]
