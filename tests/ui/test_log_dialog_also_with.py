"""The Log dialog's "Also with" row driven by keys (review 18, item 8): four people show
as four whole chips without a scroll bar, and Enter on the dialog's own contact or on a
name nobody has says why in the dialog instead of doing nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import contacts
from relmanager.ui.shared.log_dialog import LogDialog
from tests.ui.conftest import suggested

NAMES = ("Bianca Alvarez", "Nora Andersson", "Oscar Barros", "Ivan Petrov", "Kai Meyer")


def _dialog(qtbot, ctx, clock):
    ids = [contacts.create_contact(clock, name, organisation="Blue Studio",
                                   stage=Stage.FRIENDSHIP).id for name in NAMES]
    dialog = LogDialog(ctx, None, ids[0])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog, ids


def _type_and_enter(qtbot, picker, text: str) -> None:
    picker.setFocus()
    qtbot.keyClicks(picker, text)
    suggested(picker, qtbot)
    picker.completer().popup().hide()
    qtbot.keyClick(picker, Qt.Key.Key_Return)


def test_four_people_show_as_four_whole_chips(qtbot, ctx, clock) -> None:
    dialog, ids = _dialog(qtbot, ctx, clock)
    chips = dialog.also
    for name in NAMES[1:]:
        _type_and_enter(qtbot, chips.picker, name)
        qtbot.waitUntil(lambda: chips.picker.text() == "", timeout=2000)
    assert chips.ids() == ids[1:]
    qtbot.wait(50)
    viewport = chips.list.viewport().rect()
    for row in range(chips.list.count()):
        assert viewport.contains(chips.list.visualItemRect(chips.list.item(row)))
    assert not chips.list.verticalScrollBar().isVisible()


def test_enter_on_the_own_contact_or_an_unknown_name_says_why(qtbot, ctx, clock) -> None:
    dialog, ids = _dialog(qtbot, ctx, clock)
    chips = dialog.also
    _type_and_enter(qtbot, chips.picker, "Bianca")
    assert chips.ids() == [] and dialog.isVisible()
    assert chips.note.isVisibleTo(dialog)
    assert "Bianca Alvarez" in chips.note.text()
    assert "this interaction is logged for" in chips.note.text()
    chips.picker.clear()
    _type_and_enter(qtbot, chips.picker, "Zebedee")
    assert chips.note.isVisibleTo(dialog)
    assert "Nobody matches “Zebedee”" in chips.note.text()
    chips.picker.clear()
    _type_and_enter(qtbot, chips.picker, "Nora")  # a real one clears the message
    qtbot.waitUntil(lambda: chips.ids() == [ids[1]], timeout=2000)
    assert not chips.note.isVisibleTo(dialog)
