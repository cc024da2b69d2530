"""The board from the keyboard, with real key events on the real view: Left/Right go
between columns, Enter opens the card, Tab goes filters -> columns, and the focused
card and column are drawn with a ring (seen by a new user: Right and Return did nothing,
and Tab from the filter bar landed on a widget that showed no focus)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from relmanager.ui.board.board import BoardView

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def board(ctx, qtbot):
    """The Board page alone, on the test's database (``ctx`` from the conftest)."""
    view = BoardView(ctx)
    qtbot.addWidget(view)
    yield view
    view.shutdown()


@pytest.fixture
def people(clock) -> dict[str, int]:
    made = {
        "Ada": create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER),
        "Bo": create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER),
        "Cy": create_contact(clock, "Cy Young", stage=Stage.RECOGNITION),
        "Di": create_contact(clock, "Di Dunn", stage=Stage.INBOX),
        "Ed": create_contact(clock, "Ed Park", stage=Stage.PARKED),
    }
    return {name: contact.id for name, contact in made.items()}


def _show(board, qtbot) -> None:
    board.resize(1366, 700)
    board.show()
    board.activateWindow()
    qtbot.waitExposed(board)
    qtbot.waitUntil(lambda: not board.loading, timeout=5000)
    board.wait_loaded()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is board, timeout=5000)


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key delivered where the keyboard focus is, as a person's would be."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    QTest.keyClick(widget, key, modifier)
    qtbot.wait(10)


def _click(lst, row: int) -> None:
    rect = lst.visualRect(lst.model().index(row))
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())


def _current_id(board) -> int | None:
    lst = board.focused_list()
    if lst is None or not lst.currentIndex().isValid():
        return None
    return lst.stage_model.ids()[lst.currentIndex().row()]


def test_left_and_right_go_between_columns_without_moving_cards(board, people, qtbot):
    _show(board, qtbot)
    encounter = board.columns[Stage.ENCOUNTER].list
    _click(encounter, 1)  # the second card of Encounter (a level below Cy's)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is encounter, timeout=3000)
    assert _current_id(board) == _second(board, Stage.ENCOUNTER)
    _press(qtbot, Qt.Key.Key_Right)
    assert board.focused_list() is board.columns[Stage.RECOGNITION].list
    assert _current_id(board) == people["Cy"]  # the shorter column's last card
    assert board.focused_list().selected_ids() == [people["Cy"]]
    assert encounter.selected_ids() == []  # one selection: what Ctrl+Right would move
    _press(qtbot, Qt.Key.Key_Right)  # Development: empty, focused all the same
    assert board.focused_list() is board.columns[Stage.DEVELOPMENT].list
    for _ in range(3):  # Friendship, Intimacy, Parked
        _press(qtbot, Qt.Key.Key_Right)
    assert _current_id(board) == people["Ed"]
    _press(qtbot, Qt.Key.Key_Right)  # the last column: stays
    assert _current_id(board) == people["Ed"]
    for _ in range(5):
        _press(qtbot, Qt.Key.Key_Left)
    assert board.focused_list() is encounter
    assert _current_id(board) == board.models[Stage.ENCOUNTER].ids()[0]  # level with Ed
    _press(qtbot, Qt.Key.Key_Left)
    assert _current_id(board) == people["Di"]
    _press(qtbot, Qt.Key.Key_Left)  # the first column: stays
    assert _current_id(board) == people["Di"]
    assert {Contact.get_by_id(i).stage for i in (people["Ada"], people["Bo"])} == {"encounter"}
    assert board.ctx.undo_stack.count() == 0  # nothing was moved


def test_right_then_ctrl_right_moves_the_card_that_has_the_ring(board, people, qtbot):
    _show(board, qtbot)
    _click(board.columns[Stage.INBOX].list, 0)
    _press(qtbot, Qt.Key.Key_Right)
    _press(qtbot, Qt.Key.Key_Down)
    moving = _current_id(board)
    _press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert Contact.get_by_id(moving).stage == "recognition"
    assert Contact.get_by_id(people["Di"]).stage == "inbox"


def test_enter_opens_the_current_card_as_a_double_click_does(board, people, qtbot):
    _show(board, qtbot)
    opened: list[int] = []
    board.ctx.events.open_contact.connect(opened.append)
    _click(board.columns[Stage.ENCOUNTER].list, 0)
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)
    _press(qtbot, Qt.Key.Key_Right)
    _press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert opened == [_second(board, Stage.ENCOUNTER), people["Cy"]]
    _press(qtbot, Qt.Key.Key_Right)  # Development: no card, nothing to open
    _press(qtbot, Qt.Key.Key_Return)
    assert len(opened) == 2


def _second(board, stage: Stage) -> int:
    return board.models[stage].ids()[1]


def test_tab_goes_from_the_filters_to_the_columns_left_to_right(board, people, qtbot):
    _show(board, qtbot)
    board.search.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(board.search.hasFocus, timeout=3000)
    seen = []
    for _ in range(4):
        _press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    inbox, encounter = (board.columns[s].list for s in (Stage.INBOX, Stage.ENCOUNTER))
    assert seen == [board.sphere, board.tag, inbox, encounter]  # no stop that shows nothing
    assert encounter.currentIndex().row() == 0  # Qt makes the first card current
    _press(qtbot, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is inbox


def _is_highlight(image, x: int, y: int, highlight: QColor) -> bool:
    pixel, want = image.pixelColor(x, y).getRgb()[:3], highlight.getRgb()[:3]
    return all(abs(a - b) <= 40 for a, b in zip(pixel, want, strict=True))


def test_the_focused_card_and_column_have_a_ring(board, people, qtbot):
    _show(board, qtbot)
    column = board.columns[Stage.ENCOUNTER]
    lst = column.list
    highlight = lst.palette().color(QPalette.ColorRole.Highlight)
    board.search.setFocus()
    qtbot.waitUntil(board.search.hasFocus, timeout=3000)
    rect = lst.visualRect(lst.model().index(1))
    left = (rect.left() + 2, rect.center().y())  # beside the card, inside its row
    unfocused, frame_before = lst.viewport().grab().toImage(), column.grab().toImage()
    lst.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lst.hasFocus, timeout=3000)
    QTest.keyClick(lst, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # no selection
    assert lst.currentIndex().row() == 1 and lst.selected_ids() == []
    focused, frame_after = lst.viewport().grab().toImage(), column.grab().toImage()
    assert not _is_highlight(unfocused, *left, highlight)
    assert _is_highlight(focused, *left, highlight)
    assert not _is_highlight(frame_before, 1, column.height() // 2, highlight)
    assert _is_highlight(frame_after, 1, column.height() // 2, highlight)
    first = lst.visualRect(lst.model().index(0))
    assert not _is_highlight(focused, first.left() + 2, first.center().y(), highlight)


def test_after_ctrl_z_the_keyboard_is_on_the_card_that_went_back(board, people, qtbot):
    """Ctrl+Right moved Bo to Recognition (focus and ring with him); Ctrl+Z put him back
    in Encounter, but the focus stayed in Recognition with no current card, so the next
    Right went on from the wrong column (stranger3's finding 4). The keyboard now follows
    the card back."""
    _show(board, qtbot)
    encounter = board.columns[Stage.ENCOUNTER].list
    _click(encounter, board.models[Stage.ENCOUNTER].row_of(people["Bo"]))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is encounter, timeout=3000)
    _press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    recognition = board.columns[Stage.RECOGNITION].list
    qtbot.waitUntil(lambda: board.focused_list() is recognition, timeout=3000)
    assert _current_id(board) == people["Bo"]
    board.ctx.undo_stack.undo()  # what Edit > Undo (Ctrl+Z) does
    qtbot.waitUntil(lambda: Contact.get_by_id(people["Bo"]).stage == "encounter", timeout=3000)
    qtbot.waitUntil(lambda: people["Bo"] in board.models[Stage.ENCOUNTER].ids(), timeout=5000)
    qtbot.waitUntil(lambda: board.focused_list() is encounter, timeout=5000)
    assert _current_id(board) == people["Bo"]
    assert encounter.selected_ids() == [people["Bo"]]
    assert recognition.selected_ids() == []
    _press(qtbot, Qt.Key.Key_Right)  # on from Encounter: Recognition, level with Bo
    assert board.focused_list() is recognition
    assert _current_id(board) == people["Cy"]
