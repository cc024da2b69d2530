"""Enter in the profile's Details keeps the edit (the first hour, seen from outside): a
user changed a job title and pressed Enter, and nothing happened ("Unsaved changes"
stayed; only Save or Ctrl+S kept it). Real key events on the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window):
    return open_window(ctx)


def _retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_enter_in_a_field_saves_the_edit(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    profile = window.profile
    _retype(qtbot, profile.form.title, "Analyst")
    assert profile.form_state.text() == "Unsaved changes"
    qtbot.keyClick(profile.form.title, Qt.Key.Key_Return)
    assert Contact.get_by_id(ada.id).title == "Analyst"
    assert profile.form_state.text() == "" and not profile.save_button.isEnabled()


def test_enter_on_the_keypad_saves_too(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    _retype(qtbot, window.profile.form.organisation, "Engines Ltd")
    qtbot.keyClick(window.profile.form.organisation, Qt.Key.Key_Enter,
                   Qt.KeyboardModifier.KeypadModifier)
    assert Contact.get_by_id(ada.id).organisation == "Engines Ltd"


def test_enter_with_a_wrong_field_keeps_the_form_and_names_the_problem(window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    _retype(qtbot, form.emails, "not an address")
    qtbot.keyClick(form.emails, Qt.Key.Key_Return)
    assert form.emails.text() == "not an address"
    assert form.errors["emails"].isVisibleTo(window.profile)
    assert window.profile.save_button.isEnabled()
    assert Contact.get_by_id(ada.id).display_name == "Ada Lovelace"
