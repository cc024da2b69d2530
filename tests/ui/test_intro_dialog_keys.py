"""The New introduction dialog keeps the keyboard contract of the other dialogs with a
note (Help > Keyboard shortcuts: "Enter saves (Ctrl+Enter in a note), Esc cancels"):
Ctrl+Enter in a reason saved nothing (the main keyboard's Enter; only the keypad's
got through), and Esc dropped two typed reasons without a word (stranger6, with real
keys on the Introductions page). Keys pressed with QTest where the focus is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Introduction
from relmanager.ui.introductions.intro_dialog import IntroductionDialog
from tests.ui.conftest import suggested
from tests.ui.discard_keys import esc_asks_then_discard_closes, press

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def people(clock):
    return {name: create_contact(clock, name, stage=Stage.RECOGNITION).id
            for name in ("Ravi Shankar", "Bianca Alvarez")}


def _dialog(ctx, qtbot, **given) -> IntroductionDialog:
    dialog = IntroductionDialog(ctx, None, **given)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _pick(picker, text: str, qtbot) -> None:
    """Type into ``picker`` (it has the focus), then Down and Enter in its suggestions."""
    assert QApplication.focusWidget() is picker
    QTest.keyClicks(picker, text)
    suggested(picker, qtbot)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.contact_id() is not None and not popup.isVisible())


def test_ctrl_enter_in_a_reason_saves_the_introduction(ctx, people, qtbot):
    dialog = _dialog(ctx, qtbot)
    assert QApplication.focusWidget() is dialog.mode  # it opens on the Kind
    press(Qt.Key.Key_Tab)
    _pick(dialog.first, "Rav", qtbot)
    press(Qt.Key.Key_Tab)
    _pick(dialog.second, "Bia", qtbot)
    press(Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "He needs a designer")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.reason_second
    QTest.keyClicks(dialog.reason_second, "She looks for ML people")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    intro = Introduction.get()
    assert (intro.requester_id, intro.target_id) == (people["Ravi Shankar"],
                                                     people["Bianca Alvarez"])
    assert (intro.reason_requester, intro.reason_target) == ("He needs a designer",
                                                             "She looks for ML people")


def test_esc_with_a_typed_reason_asks_and_keeps_it(ctx, people, qtbot):
    dialog = _dialog(ctx, qtbot, requester_id=people["Ravi Shankar"])
    esc_asks_then_discard_closes(dialog, dialog.reason_first, "He needs a designer", qtbot)
    assert Introduction.select().count() == 0


def test_esc_with_only_what_the_opener_filled_in_closes_at_once(ctx, people, qtbot):
    """Opened from a profile or a warm path, the people are given, not typed."""
    dialog = _dialog(ctx, qtbot, requester_id=people["Ravi Shankar"],
                     target_id=people["Bianca Alvarez"])
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
