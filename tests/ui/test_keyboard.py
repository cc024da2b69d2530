"""The keyboard, pressed for real on the real window (QTest key events, not emitted signals
or ``dialog.accept()``): Enter submits and Esc cancels in every dialog, search hands over to
the list with Down and opens a contact with Enter, and no two actions share a shortcut."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, FollowUp, Interaction
from tests.ui.conftest import profile_shown, refresh_list, suggested

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window, qtbot):
    win = open_window(ctx)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)  # window shortcuts need the active window
    return win


def _focused():
    return QApplication.focusWidget()


def _target():
    """Where X would deliver a key: an open popup (a completion list) grabs the
    keyboard, else the focus widget."""
    widget = QApplication.activePopupWidget() or _focused()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press delivered where the keyboard focus is, as a person's would be."""
    QTest.keyClick(_target(), key, modifier)


def _type(qtbot, text: str) -> None:
    QTest.keyClicks(_target(), text)


def _closed(dialog) -> bool:
    """Closed, or already deleted (the dialogs delete themselves on close, and a
    mnemonic's animated click lets the deletion run while the test waits)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _active(qtbot, dialog) -> None:
    qtbot.waitUntil(dialog.isActiveWindow)


# -- the Log dialog ---------------------------------------------------------------------
def test_enter_in_log_dialog_logs_note_and_follow_up(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible())
    dialog = window.log_dialog
    qtbot.waitUntil(lambda: _focused() is dialog.contact)
    _type(qtbot, "Ada")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Return)  # in the completions: picks, does not submit
    assert dialog.isVisible() and dialog.contact.contact_id() == ada.id
    _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # "&Note"
    assert _focused() is dialog.note
    _type(qtbot, "talked about engines")
    _press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # "Add a &follow-up"
    qtbot.waitUntil(lambda: _focused() is dialog.follow_up_title)
    _type(qtbot, "send the paper")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    interaction = Interaction.get(Interaction.contact == ada.id)
    assert interaction.note == "talked about engines"
    assert FollowUp.get(FollowUp.contact == ada.id).title == "send the paper"


def test_enter_in_the_contact_field_submits_with_the_first_match(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    dialog = window.open_log_dialog(None)
    qtbot.waitUntil(lambda: _focused() is dialog.contact)
    _type(qtbot, "Lovel")
    suggested(dialog.contact, qtbot)
    dialog.contact.completer().popup().hide()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Interaction.select().where(Interaction.contact == ada.id).count() == 1


def test_esc_in_log_dialog_cancels_without_writing(window, clock, qtbot):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    dialog = window.open_log_dialog(None)
    qtbot.waitUntil(lambda: _focused() is dialog.contact)
    _type(qtbot, "Ada")
    dialog.contact.completer().popup().hide()  # else Esc closes the completion list
    dialog.note.setFocus()
    _type(qtbot, "unsent")
    assert dialog.note.toPlainText() == "unsent"
    _press(qtbot, Qt.Key.Key_Escape)  # a typed note: asked first (the in-dialog bar)
    qtbot.waitUntil(dialog.discard_bar.isVisible)
    _press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Discard
    qtbot.waitUntil(lambda: _closed(dialog))
    assert Interaction.select().count() == 0


def test_ctrl_enter_in_the_note_submits_and_enter_is_a_new_line(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    dialog = window.open_log_dialog(ada.id)
    _active(qtbot, dialog)
    dialog.note.setFocus()
    _type(qtbot, "line one")
    _press(qtbot, Qt.Key.Key_Return)
    _type(qtbot, "line two")
    assert dialog.isVisible()
    # Wait on the dialog's own finished signal, not on the dialog: it deletes itself once
    # accepted, and reading it after that raised "Internal C++ object already deleted".
    with qtbot.waitSignal(dialog.finished, timeout=10000) as accepted:
        _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert accepted.args == [QDialog.DialogCode.Accepted]
    assert Interaction.get(Interaction.contact == ada.id).note == "line one\nline two"


# -- the New-contact dialog -------------------------------------------------------------
def test_enter_in_new_contact_dialog_saves(window, clock, qtbot):
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.new_contact_dialog is not None
                    and window.new_contact_dialog.isVisible())
    dialog = window.new_contact_dialog
    qtbot.waitUntil(lambda: _focused() is dialog.name)
    _type(qtbot, "Grace Hopper")
    _press(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "grace@navy.example")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _closed(dialog))  # written once the duplicate check landed
    grace = Contact.get(Contact.display_name == "Grace Hopper")
    assert [e.email for e in grace.emails] == ["grace@navy.example"]


def test_esc_in_new_contact_dialog_cancels(window, clock, qtbot):
    """Esc with a typed name asks first (it dropped the name without a word); Alt+D,
    the question's Discard, cancels (Introduced by gave up its Alt+D for it)."""
    dialog = window.open_new_contact_dialog()
    qtbot.waitUntil(lambda: _focused() is dialog.name)
    _type(qtbot, "Nobody")
    _press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_bar.isVisible()
    _press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Discard
    qtbot.waitUntil(lambda: _closed(dialog))
    assert Contact.select().count() == 0


def test_enter_on_a_duplicate_warning_opens_the_existing_contact(window, clock, qtbot):
    """Enter on the warning takes the safe default (issue 22): it opens Grace, never
    saves a second one; only Save anyway (Alt+S) adds the duplicate."""
    grace = create_contact(clock, "Grace Hopper")
    dialog = window.open_new_contact_dialog()
    qtbot.waitUntil(lambda: _focused() is dialog.name)
    _type(qtbot, "Grace Hopper")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Grace Hopper" in dialog.duplicates.text())  # the worker's check
    assert dialog.isVisible()
    assert Contact.select().count() == 1
    dialog.name.setFocus()
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert Contact.select().count() == 1
    assert window.profile.contact_id == grace.id


def test_save_anyway_needs_a_deliberate_press(window, clock, qtbot):
    create_contact(clock, "Grace Hopper")
    dialog = window.open_new_contact_dialog()
    qtbot.waitUntil(lambda: _focused() is dialog.name)
    _type(qtbot, "grace hopper")
    qtbot.waitUntil(dialog.duplicate_box.isVisible)  # pointed out while typing
    assert dialog.open_button.isDefault() and not dialog.save_button.isDefault()
    _press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Save anyway
    qtbot.waitUntil(lambda: _closed(dialog))
    assert Contact.select().count() == 2


# -- search to list to profile ----------------------------------------------------------
def test_down_from_search_moves_into_results_and_enter_opens(window, clock, qtbot):
    create_contact(clock, "Ada Lovelace")
    grace = create_contact(clock, "Grace Hopper")
    create_contact(clock, "Grace Kelly")
    refresh_list(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.contacts.filters.search
    qtbot.waitUntil(lambda: _focused() is search)
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        _type(qtbot, "grace")
    _press(qtbot, Qt.Key.Key_Down)
    assert _focused() is window.contacts.table
    assert window.contacts.current_id() == grace.id  # first result, "Grace Hopper"
    _press(qtbot, Qt.Key.Key_Return)
    assert window.profile.contact_id == grace.id
    assert window.profile.isAncestorOf(_focused())


def test_enter_in_search_opens_the_first_result(window, clock, qtbot):
    create_contact(clock, "Ada Lovelace")
    grace = create_contact(clock, "Grace Hopper")
    refresh_list(window, qtbot)
    window.focus_search()
    with qtbot.waitSignal(window.contacts.results_applied, timeout=5000):
        _type(qtbot, "hopper")
    _press(qtbot, Qt.Key.Key_Return)
    assert window.profile.contact_id == grace.id
    assert window.profile.isAncestorOf(_focused())


def test_enter_in_search_waits_for_the_pending_results(window, clock, qtbot):
    """Typing then Enter at once (faster than the search's debounce) opens the match for
    the typed text, not whatever the list showed before."""
    create_contact(clock, "Ada Lovelace")
    grace = create_contact(clock, "Grace Hopper")
    refresh_list(window, qtbot)
    window.focus_search()
    _type(qtbot, "hopper")
    _press(qtbot, Qt.Key.Key_Return)
    profile_shown(window.profile, qtbot, grace.id)


# -- shortcuts --------------------------------------------------------------------------
def _all_shortcuts(window) -> dict[str, list[str]]:
    """Every shortcut of every action reachable in the window, with who owns it."""
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(type(window.actions.actions["log"])):
        for sequence in action.shortcuts():
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                owners.setdefault(key, []).append(action.text().replace("&", ""))
    return owners


def test_no_two_actions_share_a_shortcut(window):
    shared = {k: v for k, v in _all_shortcuts(window).items() if len(set(v)) > 1}
    assert not shared, f"shortcuts bound to more than one action: {shared}"


def test_f5_is_sync_and_refresh_has_its_own_key(window):
    actions = window.actions.actions
    assert actions["sync"].shortcut().toString() == "F5"
    refresh = [s.toString() for s in actions["refresh"].shortcuts()]
    assert refresh and "F5" not in refresh
