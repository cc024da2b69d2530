"""Choosing a person from the suggestions with the keyboard only: type part of the name,
Down to the suggestion, Return. The Log dialog then logs with that person."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relmanager.store import contacts
from relmanager.store.models import Interaction
from tests.ui.conftest import active_log_dialog, suggested


def test_down_and_return_in_the_log_dialog_picks_the_person(qtbot, ctx, clock):
    contacts.create_contact(clock, "Hannah Lindqvist", organisation="Willow")
    linden = contacts.create_contact(clock, "Hannah Linden", organisation="Oak").id
    dialog = active_log_dialog(ctx, qtbot)
    picker = dialog.contact
    picker.setFocus()
    qtbot.keyClicks(picker, "Hannah Lind")
    suggested(picker, qtbot)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.contact_id() == linden
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().where(Interaction.contact == linden).exists(),
                    timeout=3000)
