"""TypedAhead on bare widgets, event by event (for mutmut, which sees only what runs in its
process; tests/ui/test_profile_typed_ahead.py drives the whole window against a slow
read): a window holding a stand-in for the contact list (outside the profile) and the
profile, which holds the page (a line, a text box and a button of the contact before),
the parking label and a button of its own outside the page."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relmanager.ui.contacts.typed_ahead import TypedAhead
from tests.ui.conftest import save_at_focus, type_at_focus

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@dataclass
class Profile:
    """The widgets of one test, and what was pressed or saved."""

    window: QWidget
    listing: QLineEdit
    scope: QWidget
    page: QWidget
    line: QLineEdit
    notes: QPlainTextEdit
    button: QPushButton
    outside_page: QPushButton
    parking: QLabel
    typed: TypedAhead
    saves: list[int] = field(default_factory=list)
    pressed: list[str] = field(default_factory=list)


@pytest.fixture
def profile(qtbot) -> Profile:
    window = QWidget()
    qtbot.addWidget(window)
    listing = QLineEdit(window)
    scope = QWidget(window)
    page = QWidget(scope)
    line, notes = QLineEdit("Globex", page), QPlainTextEdit("hiring advice", page)
    button = QPushButton("Contact before's button", page)
    for child in (line, notes, button):
        page_layout = page.layout() or QVBoxLayout(page)
        page_layout.addWidget(child)
    outside_page = QPushButton("Profile's own button", scope)
    parking = QLabel("Reading the contact…", scope)
    parking.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    scope_layout = QVBoxLayout(scope)
    for child in (page, outside_page, parking):
        scope_layout.addWidget(child)
    layout = QVBoxLayout(window)
    layout.addWidget(listing)
    layout.addWidget(scope)
    shown = Profile(window, listing, scope, page, line, notes, button, outside_page, parking,
                    TypedAhead(scope, parking, lambda: None))
    shown.typed.save = lambda: shown.saves.append(1)
    shown.typed.page = page
    button.clicked.connect(lambda: shown.pressed.append("page"))
    outside_page.clicked.connect(lambda: shown.pressed.append("profile"))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    line.setFocus()
    line.setCursorPosition(0)
    qtbot.waitUntil(line.hasFocus, timeout=5000)
    yield shown
    shown.typed.drop()


def test_keys_held_while_reading_are_typed_in_after_the_text_and_counted(profile):
    typed = profile.typed
    typed.hold()
    assert typed.holding
    type_at_focus(" Labs")
    assert profile.line.text() == "Globex"  # nothing typed into the contact before
    assert len(typed.keys) == 10  # each press and release
    assert typed.release() == 5
    assert profile.line.text() == "Globex Labs"
    assert not profile.line.hasSelectedText()
    assert not typed.holding and typed.keys == []
    type_at_focus("!")  # no longer holding: straight in
    assert profile.line.text() == "Globex Labs!"


def test_a_held_key_is_sent_again_as_it_came(profile):
    profile.typed.hold()
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier,
                      38, 97, 1, "A", True, 2)
    QApplication.sendEvent(profile.line, event)
    (held,) = profile.typed.keys
    assert (held.type(), held.key(), held.modifiers(), held.nativeScanCode(),
            held.nativeVirtualKey(), held.nativeModifiers(), held.text(),
            held.isAutoRepeat(), held.count()) == (
        QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier, 38, 97, 1,
        "A", True, 2)
    assert held is not event  # Qt reuses its event: a copy is kept
    assert profile.typed.release() == 1
    assert profile.line.text() == "GlobexA"


def test_a_second_hold_changes_nothing_and_one_release_ends_it(profile):
    typed = profile.typed
    typed.hold()
    typed.hold()
    type_at_focus("ab")
    assert typed.release() == 2
    type_at_focus("c")
    assert profile.line.text() == "Globexabc"
    assert typed.keys == []


def test_a_text_box_takes_the_keys_at_its_end(profile, qtbot):
    profile.notes.setFocus()
    qtbot.waitUntil(profile.notes.hasFocus, timeout=5000)
    profile.notes.moveCursor(profile.notes.textCursor().MoveOperation.Start)
    profile.typed.hold()
    type_at_focus(" in Oslo")
    assert profile.typed.release() == 8
    assert profile.notes.toPlainText() == "hiring advice in Oslo"


def test_a_release_with_nothing_held_leaves_the_cursor_where_the_load_put_it(profile):
    profile.typed.hold()
    assert profile.typed.release() == 0
    assert profile.line.cursorPosition() == 0


def test_a_field_clicked_while_reading_gets_its_cursor_at_the_end(profile, qtbot):
    profile.typed.hold()
    qtbot.mouseClick(profile.notes.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(2, 2))
    assert profile.notes.hasFocus()  # the click still chose the field
    profile.notes.moveCursor(profile.notes.textCursor().MoveOperation.Start)  # the load
    assert profile.typed.release() == 0
    assert profile.notes.textCursor().position() == len("hiring advice")


def test_a_click_outside_the_page_is_not_dropped_and_places_no_cursor(profile, qtbot):
    profile.typed.hold()
    qtbot.mouseClick(profile.outside_page, Qt.MouseButton.LeftButton)
    assert profile.pressed == ["profile"]  # the profile's own button still works
    profile.line.setFocus()
    qtbot.waitUntil(profile.line.hasFocus, timeout=5000)
    assert profile.typed.release() == 0
    assert profile.line.cursorPosition() == 0


def test_a_click_on_the_page_is_dropped_but_moves_the_focus(profile, qtbot):
    profile.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    profile.typed.hold()
    qtbot.mouseClick(profile.button, Qt.MouseButton.LeftButton)
    assert profile.pressed == []  # the contact before's button does nothing
    assert profile.button.hasFocus()


def test_a_wheel_over_a_field_is_dropped_and_places_no_cursor(profile):
    profile.typed.hold()
    centre = QPointF(profile.line.rect().center())
    wheel = QWheelEvent(centre, profile.line.mapToGlobal(centre), QPoint(), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    assert QApplication.sendEvent(profile.line, wheel)  # taken by the filter
    assert profile.typed.release() == 0
    assert profile.line.cursorPosition() == 0


def test_keys_for_other_widgets_and_other_events_pass_while_holding(profile, qtbot):
    profile.typed.hold()
    profile.listing.setFocus()
    qtbot.waitUntil(profile.listing.hasFocus, timeout=5000)
    type_at_focus("bo")
    assert profile.listing.text() == "bo"  # the list is not the profile
    assert profile.typed.keys == []
    assert not profile.typed.eventFilter(profile.line, QEvent(QEvent.Type.Paint))
    assert not profile.typed.eventFilter(
        profile.typed, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                 Qt.KeyboardModifier.NoModifier, "a"))
    assert profile.typed.keys == []


def test_keys_sent_to_the_profile_itself_are_held(profile):
    profile.typed.hold()
    QTest.keyClick(profile.scope, "x")
    assert len(profile.typed.keys) == 2


def test_ctrl_s_is_held_and_saves_once_after_the_keys(profile):
    saved_by_shortcut: list[str] = []
    shortcut = QShortcut(QKeySequence.StandardKey.Save, profile.window)
    shortcut.activated.connect(lambda: saved_by_shortcut.append("shortcut"))
    other: list[str] = []
    other_shortcut = QShortcut(QKeySequence("Ctrl+L"), profile.window)
    other_shortcut.activated.connect(lambda: other.append("Ctrl+L"))
    profile.typed.hold()
    type_at_focus("x")
    save_at_focus()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert saved_by_shortcut == [] and profile.saves == []
    assert other == ["Ctrl+L"]  # other shortcuts still act
    order: list[str] = []
    profile.typed.save = lambda: order.append(profile.line.text())
    # x, Ctrl and S, Ctrl (QTest presses the modifier too; the L went to its shortcut)
    assert profile.typed.release() == 4
    assert order == ["Globexx"]  # once, on the press, after the x
    assert profile.line.text() == "Globexx"  # no "s" typed
    assert saved_by_shortcut == []


def test_the_focus_parked_while_reading_goes_back_into_the_page(profile, qtbot):
    profile.notes.setFocus()
    qtbot.waitUntil(profile.notes.hasFocus, timeout=5000)
    profile.typed.hold()
    profile.typed.park_focus()
    assert profile.parking.hasFocus()
    type_at_focus("ok")
    assert profile.typed.release() == 2
    assert profile.notes.hasFocus()
    assert profile.notes.toPlainText() == "hiring adviceok"


def test_focus_outside_the_page_is_not_parked(profile, qtbot):
    profile.listing.setFocus()
    qtbot.waitUntil(profile.listing.hasFocus, timeout=5000)
    profile.typed.park_focus()
    assert profile.listing.hasFocus()
    profile.parking.setFocus()
    qtbot.waitUntil(profile.parking.hasFocus, timeout=5000)
    profile.typed.release()
    assert profile.parking.hasFocus()  # nothing parked: the focus stays


def test_a_parked_focus_moved_on_meanwhile_is_not_taken_back(profile, qtbot):
    profile.typed.hold()
    profile.typed.park_focus()
    profile.listing.setFocus()  # the user went back to the list
    qtbot.waitUntil(profile.listing.hasFocus, timeout=5000)
    profile.typed.release()
    assert profile.listing.hasFocus()


def test_a_parked_field_no_longer_in_the_page_is_not_focused_again(profile, qtbot):
    profile.typed.hold()
    profile.typed.park_focus()
    profile.line.setParent(profile.scope)  # the page was rebuilt without it
    profile.line.show()
    profile.typed.release()
    assert profile.parking.hasFocus()


def test_keys_with_the_focus_parked_or_outside_the_profile_are_not_sent(profile, qtbot):
    profile.typed.hold()
    type_at_focus("ab")
    profile.parking.setFocus()
    qtbot.waitUntil(profile.parking.hasFocus, timeout=5000)
    assert profile.typed.release() == 0
    assert profile.line.text() == "Globex"
    profile.typed.hold()
    profile.line.setFocus()
    type_at_focus("cd")
    profile.listing.setFocus()
    qtbot.waitUntil(profile.listing.hasFocus, timeout=5000)
    assert profile.typed.release() == 0
    assert profile.listing.text() == "" and profile.line.text() == "Globex"


def test_a_tab_out_of_the_profile_ends_the_replay(profile, qtbot):
    profile.notes.setTabChangesFocus(True)
    profile.listing.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    QWidget.setTabOrder(profile.line, profile.listing)
    profile.typed.hold()
    type_at_focus("a")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_at_focus("b")
    assert profile.typed.release() == 2  # "a" and the Tab; "b" would act on the list
    assert profile.line.text() == "Globexa"
    assert profile.listing.hasFocus() and profile.listing.text() == ""


def test_drop_forgets_the_keys_and_counts_the_presses(profile):
    typed = profile.typed
    typed.hold()
    type_at_focus("xy")
    QTest.keyPress(QApplication.focusWidget(), Qt.Key.Key_Z)  # still held down
    assert len(typed.keys) == 5
    assert typed.drop() == 3
    assert not typed.holding and typed.keys == []
    type_at_focus("q")  # not held any more
    assert profile.line.text() == "qGlobex"


def test_drop_forgets_a_click_into_a_field(profile, qtbot):
    typed = profile.typed
    typed.hold()
    qtbot.mouseClick(profile.notes.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert typed.drop() == 0
    profile.notes.moveCursor(profile.notes.textCursor().MoveOperation.Start)  # a load
    typed.hold()
    typed.release()
    assert profile.notes.textCursor().position() == 0


def test_drop_forgets_the_parked_focus(profile, qtbot):
    typed = profile.typed
    typed.hold()
    typed.park_focus()
    assert profile.parking.hasFocus()
    typed.drop()
    typed.hold()
    assert typed.release() == 0
    assert profile.parking.hasFocus()  # the parked field was forgotten


def test_ctrl_s_pressed_while_reading_saves_even_if_let_go_after(profile):
    profile.typed.hold()
    QTest.keyPress(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier)
    profile.typed.release()
    assert profile.saves == [1]
    QTest.keyRelease(QApplication.focusWidget(), Qt.Key.Key_S,
                     Qt.KeyboardModifier.ControlModifier)
    assert profile.saves == [1]


def test_a_shortcut_the_field_claims_is_held_for_the_field(profile):
    """A field claims the keys it edits with (Ctrl+Z, Ctrl+A...) over the window's
    shortcuts: the override is asked of it while holding too, so the key is held and
    typed into the new contact's field, not taken by the window."""
    undone: list[str] = []
    shortcut = QShortcut(QKeySequence.StandardKey.Undo, profile.window)
    shortcut.activated.connect(lambda: undone.append("window"))
    profile.typed.hold()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier)
    assert undone == []
    assert any(event.key() == Qt.Key.Key_Z for event in profile.typed.keys)


def test_before_the_page_is_built_nothing_is_parked_and_no_click_dropped(qtbot):
    scope = QWidget()
    qtbot.addWidget(scope)
    field, parking = QLineEdit(scope), QLabel(scope)
    pressed: list[int] = []
    button = QPushButton("Profile's own", scope)
    button.clicked.connect(lambda: pressed.append(1))
    layout = QVBoxLayout(scope)
    for child in (field, parking, button):
        layout.addWidget(child)
    typed = TypedAhead(scope, parking, lambda: None)
    scope.show()
    scope.activateWindow()
    qtbot.waitUntil(scope.isActiveWindow, timeout=5000)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=5000)
    typed.hold()
    typed.park_focus()
    assert field.hasFocus()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [1]
    typed.drop()


def test_the_holder_goes_with_the_profile(qtbot):
    """A profile closed while a read is on its way (the window closed) takes its holder,
    and the holder's filter on the whole application, with it."""
    window = QWidget()
    qtbot.addWidget(window)
    scope, other = QWidget(window), QLineEdit(window)
    typed = TypedAhead(scope, QLabel(scope), lambda: None)
    typed.hold()
    assert typed.parent() is scope
    shiboken6.delete(scope)
    assert not shiboken6.isValid(typed)
    QTest.keyClick(other, "a")  # no filter of a deleted profile left to run
    assert other.text() == "a"
