"""Whole typing in bare time and date edits, key by key (for mutmut, which sees only what
runs in its process; tests/ui/test_time_typing.py drives the app's own dialogs): Ctrl+A
and a typed time or date is that time or date, a separator typed after Qt moved on by
itself is that move, and a shortcut or a moving key is not typing."""

from __future__ import annotations

import gc
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QTimeEdit, QVBoxLayout, QWidget

from relmanager.ui.shared.time_typing import type_whole

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

Mod = Qt.KeyboardModifier
CTRL, ALT, META, SHIFT, KEYPAD = (Mod.ControlModifier, Mod.AltModifier, Mod.MetaModifier,
                                  Mod.ShiftModifier, Mod.KeypadModifier)


@dataclass
class Edits:
    """A window with a time edit (08:00) and a date edit (2026-01-20), typed whole."""

    window: QWidget
    time: QTimeEdit
    date: QDateEdit


@pytest.fixture
def edits(qtbot) -> Edits:
    window = QWidget()
    qtbot.addWidget(window)
    time, date = QTimeEdit(QTime(8, 0), window), QDateEdit(QDate(2026, 1, 20), window)
    time.setDisplayFormat("HH:mm")
    date.setDisplayFormat("yyyy-MM-dd")
    layout = QVBoxLayout(window)
    layout.addWidget(time)
    layout.addWidget(date)
    type_whole(time, date)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # it has the keyboard: Tab moves the focus
    return Edits(window, time, date)


def _over_all(edit: QTimeEdit | QDateEdit, text: str) -> None:
    """Focus, the cursor at the end (as a click there leaves it), Ctrl+A, ``text``."""
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_End)
    QTest.keyClick(edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(edit, text)


def _press(edit: QWidget, key: Qt.Key, text: str, modifiers: Mod) -> None:
    """One key press with its text, as the keyboard sends it (QTest makes no text for
    a modifier other than Shift)."""
    QApplication.sendEvent(edit, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text))


def test_a_time_typed_over_everything_starts_at_the_hour(edits):
    _over_all(edits.time, "07:03")  # the cursor was in the minutes: 08:03 without
    assert edits.time.time() == QTime(7, 3)
    _over_all(edits.time, "0705")
    assert edits.time.time() == QTime(7, 5)


def test_a_separator_after_an_hour_qt_kept_moves_on_once(edits):
    _over_all(edits.time, "1:05")  # "1" could be 10-19: Qt stays in the hour
    assert edits.time.time() == QTime(1, 5)


def test_a_date_typed_with_its_separators_is_that_date(edits):
    _over_all(edits.date, "2025-12-01")  # "-" after the year Qt left: not a second move
    assert edits.date.date() == QDate(2025, 12, 1)
    _over_all(edits.date, "2027-1-5")
    assert edits.date.date() == QDate(2027, 1, 5)


def test_a_separator_as_the_first_key_is_qts_own(edits):
    """The edit's first key, and the first over everything selected: Qt's move on."""
    edits.time.setFocus()
    QTest.keyClicks(edits.time, ":30")
    assert edits.time.time() == QTime(8, 30)
    edits.time.setTime(QTime(8, 0))
    _over_all(edits.time, ":30")
    assert edits.time.time() == QTime(8, 30)


def test_a_separator_after_a_moving_key_is_qts_own(edits):
    """Home is not typing: the ":" after it is Qt's move on, as if nothing came before."""
    edits.time.setFocus()
    QTest.keyClick(edits.time, Qt.Key.Key_Home)
    QTest.keyClicks(edits.time, ":30")
    assert edits.time.time() == QTime(8, 30)


def test_a_second_separator_is_a_move_of_its_own(edits):
    """"2025-" is the year and its separator; the next "-" leaves the month as it was."""
    _over_all(edits.date, "2025--03")
    assert edits.date.date() == QDate(2025, 1, 3)


def test_tab_after_a_typed_time_goes_on_to_the_next_field(edits):
    """Tab has a text ("\\t"): it is not typing, so the edit does not keep it."""
    _over_all(edits.time, "07:03")
    QTest.keyClick(edits.time, Qt.Key.Key_Tab)
    assert edits.date.hasFocus()
    assert edits.time.time() == QTime(7, 3)


@pytest.mark.parametrize("modifier", [ALT, META], ids=["alt", "meta"])
def test_a_digit_with_alt_or_meta_is_a_shortcut_not_typing(edits, modifier):
    _over_all(edits.time, "")
    _press(edits.time, Qt.Key.Key_5, "5", modifier)
    assert edits.time.time() == QTime(8, 0)


@pytest.mark.parametrize("modifier", [CTRL, ALT, META], ids=["ctrl", "alt", "meta"])
def test_a_shortcut_after_a_section_qt_left_is_not_its_separator(edits, modifier):
    """"2025", then a shortcut: the "-" after it is not the year's separator any more."""
    _over_all(edits.date, "2025")
    _press(edits.date, Qt.Key.Key_Minus, "-", modifier)
    QTest.keyClicks(edits.date, "12")
    assert edits.date.date() == QDate(2025, 1, 12)


@pytest.mark.parametrize("modifier", [SHIFT, KEYPAD], ids=["shift", "keypad"])
def test_digits_typed_with_shift_or_on_the_keypad_are_typing(edits, modifier):
    """A French keyboard types its digits with Shift; the keypad's carry its flag."""
    _over_all(edits.time, "")
    for digit in "0930":
        _press(edits.time, Qt.Key(Qt.Key.Key_0 + int(digit)), digit, modifier)
    assert edits.time.time() == QTime(9, 30)


def test_the_typing_outlives_the_callers_reference(edits):
    """Nothing of the caller's keeps the filter: the edit does (its parent)."""
    gc.collect()
    _over_all(edits.time, "07:03")
    assert edits.time.time() == QTime(7, 3)


def test_the_edits_other_events_are_its_own(edits):
    """Only key presses are looked at: Shift+Tab back into the time edit selects its
    minutes as Qt does (its focus, show and resize events reach it), and typed digits
    replace them."""
    edits.date.setFocus()
    QTest.keyClick(edits.date, Qt.Key.Key_Backtab, SHIFT)
    assert edits.time.hasFocus() and edits.time.lineEdit().selectedText() == "00"
    QTest.keyClicks(edits.time, "45")
    assert edits.time.time() == QTime(8, 45)
