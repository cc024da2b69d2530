"""Review 18 #5: a relation entered or removed on the profile's Network tab, and a tie
strength set by hand, are commands on the window's undo stack. Ctrl+Z undoes exactly
that change (an earlier, unrelated edit stays), the status bar says "Undone: …", and
Ctrl+Shift+Z does it again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, relations
from relmanager.store.models import Contact
from relmanager.ui.shared.undo import EditContactCommand, perform
from tests.ui.conftest import profile_shown


def _network_tab(window, qtbot, contact_id):
    window.show_contact(contact_id)
    profile_shown(window.profile, qtbot)
    tabs = window.profile.tabs
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Net&work")
    tabs.setCurrentIndex(index)
    panel = tabs.widget(index)
    qtbot.waitUntil(lambda: panel.strength.text().startswith("Tie strength "))
    return panel


def _key(widget, key, modifiers=Qt.KeyboardModifier.ControlModifier):
    QTest.keyClick(widget, key, modifiers)


def _status(window) -> str:
    return window.statusBar().currentMessage()


def _setup(open_window, ctx, clock, qtbot):
    ann = contacts.create_contact(clock, "Ann Lee", stage=Stage.FRIENDSHIP).id
    bob = contacts.create_contact(clock, "Bob Ray", stage=Stage.ENCOUNTER).id
    activity.log_interaction(clock, [ann], "one_on_one", minutes=60)
    # An earlier, unrelated command: Ctrl+Z must not reach it.
    assert perform(ctx, EditContactCommand(ctx, bob, {"organisation": "Acme"}))
    window = open_window(ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, ann, bob, _network_tab(window, qtbot, ann)


def test_ctrl_z_undoes_a_relation_entered_and_ctrl_shift_z_redoes_it(
        open_window, ctx, clock, qtbot):
    window, ann, bob, panel = _setup(open_window, ctx, clock, qtbot)
    picker = panel.relations.other
    picker.setFocus()
    qtbot.keyClicks(picker, "Bob")
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # picks once the suggestions are read
    qtbot.waitUntil(lambda: [r.describe() for r in relations.relations_of(ann)]
                    == ["colleague of Bob Ray"], timeout=10000)
    # Shown before the undo: the list's read after the add no longer races the undo.
    qtbot.waitUntil(lambda: panel.relations.list.item(0).text() == "Colleague of Bob Ray")

    _key(picker, Qt.Key.Key_Z)  # focus still in the (now empty) name field
    qtbot.waitUntil(lambda: relations.relations_of(ann) == [])
    assert Contact.get_by_id(bob).organisation == "Acme"  # the earlier edit is untouched
    assert _status(window) == "Undone: Relate: Ann Lee colleague of Bob Ray"
    qtbot.waitUntil(lambda: panel.relations.list.item(0).text().startswith("No relations"))

    _key(picker, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
         | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(relations.relations_of(ann)) == 1)
    assert _status(window) == "Redone: Relate: Ann Lee colleague of Bob Ray"


def test_ctrl_z_brings_back_a_removed_relation(open_window, ctx, clock, qtbot):
    window, ann, bob, panel = _setup(open_window, ctx, clock, qtbot)
    picker = panel.relations.other
    picker.setFocus()
    qtbot.keyClicks(picker, "Bob")
    qtbot.keyClick(picker, Qt.Key.Key_Return)
    listing = panel.relations.list
    qtbot.waitUntil(lambda: listing.item(0).text() == "Colleague of Bob Ray")
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton,
                     pos=listing.visualItemRect(listing.item(0)).center())
    qtbot.mouseClick(panel.relations.remove_button, Qt.MouseButton.LeftButton)
    assert relations.relations_of(ann) == []

    _key(listing, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: len(relations.relations_of(ann)) == 1)
    assert _status(window) == "Undone: Remove: Ann Lee colleague of Bob Ray"
    assert Contact.get_by_id(bob).organisation == "Acme"


def test_ctrl_z_undoes_a_tie_strength_set_by_hand(open_window, ctx, clock, qtbot):
    window, ann, bob, panel = _setup(open_window, ctx, clock, qtbot)
    panel.override.setFocus()
    panel.override.selectAll()
    qtbot.keyClicks(panel.override, "40")
    qtbot.mouseClick(panel.set_button, Qt.MouseButton.LeftButton)
    assert relations.tie_override_of(ann) == 40

    _key(panel.set_button, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: relations.tie_override_of(ann) is None)
    assert _status(window) == "Undone: Set the tie strength of Ann Lee to 40"
    assert Contact.get_by_id(bob).organisation == "Acme"
