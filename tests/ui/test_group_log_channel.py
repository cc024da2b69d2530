"""The Log dialog's channel for a group (review 18, item 13): a group logged from the
dialog kept the default "One-on-one". Adding others to a dialog left on that default
makes it a physical meeting (and removing them brings it back); a channel the user
picked stays as picked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import contacts
from relmanager.store.models import Interaction
from relmanager.ui.shared.log_dialog import LogDialog


def _dialog(qtbot, ctx, clock):
    ann, bo, cy = (contacts.create_contact(clock, name, stage=Stage.FRIENDSHIP).id
                   for name in ("Ann Lee", "Bo Chen", "Cy Diaz"))
    dialog = LogDialog(ctx, None, ann)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.wait_loaded()  # the channels, read on the dialog's worker
    return dialog, bo, cy


def test_a_group_on_the_default_is_logged_as_a_meeting(qtbot, ctx, clock) -> None:
    dialog, bo, cy = _dialog(qtbot, ctx, clock)
    assert dialog.channel.currentData() == "one_on_one"
    dialog.also.add(bo, "Bo Chen")
    dialog.also.add(cy, "Cy Diaz")
    assert dialog.channel.currentData() == "meeting"
    dialog.also.remove(1)
    dialog.also.remove(0)
    assert dialog.channel.currentData() == "one_on_one"  # alone again: the default
    dialog.also.add(bo, "Bo Chen")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().count() == 2, timeout=3000)
    assert {r.channel.key for r in Interaction.select()} == {"meeting"}


def test_the_users_channel_is_kept(qtbot, ctx, clock) -> None:
    dialog, bo, cy = _dialog(qtbot, ctx, clock)
    dialog.channel.setFocus()
    qtbot.keyClick(dialog.channel, Qt.Key.Key_Down)  # the user picks the next channel
    picked = dialog.channel.currentData()
    assert picked != "one_on_one"
    dialog.also.add(bo, "Bo Chen")
    assert dialog.channel.currentData() == picked
    qtbot.keyClick(dialog.channel, Qt.Key.Key_Up)  # back to one-on-one, on purpose
    dialog.also.add(cy, "Cy Diaz")
    assert dialog.channel.currentData() == "one_on_one"
