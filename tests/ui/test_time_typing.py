"""Select all in a time or date edit, type a time or date: that is what is kept (stranger5
3e: Ctrl+A in Settings > Time boxes > "Starts at", "07:03" typed, showed 08:03). Every
time and date edit of the app, with real key clicks; and Enter in the profile's
follow-up row adds the follow-up from any of its fields (3d: Enter in the due date did
nothing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox

from relmanager.domain.stages import Stage
from relmanager.store import preferences
from relmanager.store.contacts import create_contact
from relmanager.store.models import FollowUp
from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel
from relmanager.ui.settings.settings_dialog import SettingsDialog
from relmanager.ui.shared.log_dialog import LogDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier


def _activate(qtbot, window) -> None:
    """Shown and active: it has the keyboard."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _type_over_all(qtbot, edit: QDateTimeEdit, text: str) -> None:
    """Focus the edit, Ctrl+A, type ``text``: as a person replaces what it shows (the
    cursor left at the end first, as a click there leaves it)."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(edit, text)


def test_settings_time_edits_take_a_whole_typed_time(ctx, qtbot):
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.size.setCurrentIndex(dialog.size.findData("small"))
    dialog.digest_with_box.setChecked(False)  # its own time
    _activate(qtbot, dialog)
    typed = {dialog.box_time: "07:03", dialog.digest_time: "6:45",
             dialog.quiet_start: "21:30", dialog.quiet_end: "0705"}
    for edit, text in typed.items():
        _type_over_all(qtbot, edit, text)
    assert [edit.time() for edit in typed] == [QTime(7, 3), QTime(6, 45), QTime(21, 30),
                                               QTime(7, 5)]
    with qtbot.waitSignal(ctx.events.settings_changed):
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(
            QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    prefs = preferences.load()
    assert (prefs.timebox_time, prefs.digest_time, prefs.quiet_start, prefs.quiet_end) == (
        "07:03", "06:45", "21:30", "07:05")


def test_log_dialog_date_edits_take_a_whole_typed_date(ctx, clock, qtbot):
    ana = create_contact(clock, "Ana Alves", stage=Stage.DEVELOPMENT).id
    dialog = LogDialog(ctx, None, ana)
    qtbot.addWidget(dialog)
    _activate(qtbot, dialog)
    _type_over_all(qtbot, dialog.when, "2025-12-01 17:45")
    assert dialog.when.dateTime() == QDateTime(QDate(2025, 12, 1), QTime(17, 45))
    dialog.follow_up.setChecked(True)
    _type_over_all(qtbot, dialog.follow_up_due, "2027-1-5")
    assert dialog.follow_up_due.date() == QDate(2027, 1, 5)


@pytest.fixture
def panel(ctx, clock, qtbot):
    panel = FollowUpsPanel(ctx)
    qtbot.addWidget(panel)
    _activate(qtbot, panel)
    panel.set_contact(create_contact(clock, "Ana Alves", stage=Stage.DEVELOPMENT).id)
    panel.wait_loaded()
    return panel


def _stored() -> list[tuple[str, str]]:
    return [(f.title, f.due_at.date().isoformat()) for f in FollowUp.select()]


def test_enter_in_the_due_date_adds_the_follow_up(panel, qtbot):
    qtbot.keyClicks(panel.title, "Send the article")
    _type_over_all(qtbot, panel.due, "2027-4-15")
    qtbot.keyClick(panel.due, Qt.Key.Key_Return)
    assert _stored() == [("Send the article", "2027-04-15")]
    assert panel.title.text() == ""


def test_enter_in_the_title_or_on_add_adds_once(panel, qtbot):
    panel.title.setFocus()
    qtbot.keyClicks(panel.title, "Call back")
    qtbot.keyClick(panel.title, Qt.Key.Key_Return)
    panel.title.setText("Book the table")
    panel.add_button.setFocus()
    qtbot.waitUntil(panel.add_button.hasFocus)
    qtbot.keyClick(panel.add_button, Qt.Key.Key_Enter)
    assert sorted(title for title, _due in _stored()) == ["Book the table", "Call back"]
