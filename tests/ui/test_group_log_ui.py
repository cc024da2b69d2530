"""Logging one interaction with several people from the Log dialog, keyboard only, and
the profile's History of a group event: who else was there, and deleting it for
everyone or only for this person (the question answered by clicking its buttons)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts
from relmanager.store.models import Interaction
from relmanager.ui.contacts.contact_history import InteractionHistory
from relmanager.ui.shared.log_dialog import LogDialog
from tests.ui.conftest import active_log_dialog, load_history, suggested


def _people(clock) -> tuple[int, int, int]:
    return tuple(contacts.create_contact(clock, name, stage=Stage.FRIENDSHIP).id
                 for name in ("Ann Lee", "Bo Chen", "Cy Diaz"))


def _add_by_keys(qtbot, chips, text: str, down: bool) -> None:
    picker = chips.picker
    picker.setFocus()
    qtbot.keyClicks(picker, text)
    suggested(picker, qtbot)
    if down:
        popup = picker.completer().popup()
        qtbot.waitUntil(popup.isVisible, timeout=3000)
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    else:
        picker.completer().popup().hide()
        qtbot.keyClick(picker, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.text() == "", timeout=2000)


def test_several_people_by_keyboard_make_one_group_event(qtbot, ctx, clock) -> None:
    ann, bo, cy = _people(clock)
    dialog = active_log_dialog(ctx, qtbot, ann)
    chips = dialog.also
    _add_by_keys(qtbot, chips, "Bo C", down=True)
    _add_by_keys(qtbot, chips, "Cy D", down=False)
    assert chips.ids() == [bo, cy] and chips.list.count() == 2
    qtbot.keyClick(chips.picker, Qt.Key.Key_Backspace)  # empty field: the last goes
    assert chips.ids() == [bo]
    qtbot.keyClicks(chips.picker, "Ann")  # already the first contact: not offered
    qtbot.keyClick(chips.picker, Qt.Key.Key_Return)
    assert chips.ids() == [bo] and dialog.isVisible()  # and Enter did not log
    chips.picker.clear()
    _add_by_keys(qtbot, chips, "Cy", down=False)
    assert chips.ids() == [bo, cy]
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().count() == 3, timeout=3000)
    rows = list(Interaction.select().order_by(Interaction.id))
    assert [r.contact_id for r in rows] == [ann, bo, cy]
    assert len({r.group_key for r in rows}) == 1 and rows[0].group_key
    ctx.undo_stack.undo()
    assert Interaction.select().count() == 0


def test_chips_remove_with_delete_and_double_click(qtbot, ctx, clock) -> None:
    ann, bo, cy = _people(clock)
    dialog = LogDialog(ctx, None, None)
    qtbot.addWidget(dialog)
    for cid, name in ((ann, "Ann Lee"), (bo, "Bo Chen"), (cy, "Cy Diaz")):
        dialog.also.add(cid, name)
    dialog.also.list.setCurrentRow(1)
    qtbot.keyClick(dialog.also.list, Qt.Key.Key_Delete)
    assert dialog.also.ids() == [ann, cy]
    dialog.also.remove(0)
    assert dialog.also.ids() == [cy]


def _answer(button_text: str) -> None:
    """Click the question's button whose text starts with ``button_text`` once it shows."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        for button in box.buttons():
            if button.text().replace("&", "").startswith(button_text):
                button.click()
                return
    QTimer.singleShot(20, click)


def test_history_shows_the_others_and_deletes_for_whom_asked(qtbot, ctx, clock) -> None:
    ann, bo, cy = _people(clock)
    activity.log_interaction(clock, [ann, bo, cy], "meeting", minutes=90)
    history = InteractionHistory(clock, ctx=ctx)
    qtbot.addWidget(history)
    history.resize(900, 300)
    load_history(history, bo)
    item = history.tree.topLevelItem(0)
    assert item.text(InteractionHistory.WITH_COLUMN) == "Ann Lee, Cy Diaz"
    assert history.tree.headerItem().text(InteractionHistory.WITH_COLUMN) == "With"

    history.tree.setCurrentItem(item)
    _answer("Only")
    history.delete_selected()
    assert sorted(r.contact_id for r in Interaction.select()) == [ann, cy]
    ctx.undo_stack.undo()
    assert sorted(r.contact_id for r in Interaction.select()) == [ann, bo, cy]

    load_history(history, bo)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    _answer("Cancel")
    history.delete_selected()
    assert Interaction.select().count() == 3
    _answer("For everyone")
    history.delete_selected()
    assert Interaction.select().count() == 0
    ctx.undo_stack.undo()
    assert Interaction.select().count() == 3


def test_history_changes_minutes_for_one_person_and_undo_rejoins(qtbot, ctx, clock) -> None:
    from relmanager.ui.contacts.history_edit import EditEventDialog

    ann, bo, cy = _people(clock)
    activity.log_interaction(clock, [ann, bo, cy], "meeting", minutes=90, note="dinner")
    before = list(Interaction.select().order_by(Interaction.id).dicts())
    history = InteractionHistory(clock, ctx=ctx)
    qtbot.addWidget(history)
    load_history(history, bo)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EditEventDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.minutes.setValue(30)
        dialog.note.setPlainText("left early")
        _answer("Only")  # the question comes after the dialog
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTimer.singleShot(20, fill)
    history.edit_selected()
    rows = {r.contact_id: r for r in Interaction.select()}
    assert (rows[bo].minutes, rows[bo].note, rows[bo].group_key) == (30, "left early", None)
    assert (rows[ann].minutes, rows[cy].minutes) == (90, 90)
    assert rows[ann].group_key == rows[cy].group_key is not None
    ctx.undo_stack.undo()
    assert list(Interaction.select().order_by(Interaction.id).dicts()) == before
    ctx.undo_stack.redo()
    assert Interaction.get(Interaction.contact == bo).minutes == 30


def test_change_for_everyone_and_undo(qtbot, ctx, clock) -> None:
    from relmanager.ui.contacts.history_edit import EditEventCommand
    from relmanager.ui.shared.undo import perform

    ann, bo, cy = _people(clock)
    first = activity.log_interaction(clock, [ann, bo, cy], "meeting", minutes=90,
                                     note="dinner").interaction_ids[0]
    before = list(Interaction.select().order_by(Interaction.id).dicts())
    assert perform(ctx, EditEventCommand(ctx, first, True, "Change", minutes=120, note="x"))
    assert {(r.minutes, r.note) for r in Interaction.select()} == {(120, "x")}
    ctx.undo_stack.undo()
    assert list(Interaction.select().order_by(Interaction.id).dicts()) == before
