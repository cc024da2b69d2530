"""A name stored with a NUL (a vCard's quoted-printable ``=00``, a sync server) can be
fixed from the profile, and editing another field of that contact saves: the name's
check refused every Save of the contact ("a name cannot contain control characters")
with nothing in the field to show why (hostile5, item 3). The field shows the name by
the display rule, U+FFFD for the NUL, and a field left as shown writes nothing back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.store.models import Contact
from tests.hostile.test_odd_characters import NUL_NAME, _named
from tests.ui.conftest import click_contact_row, profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _open(window, qtbot, clock, name: str):
    contact = _named(clock, name)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    click_contact_row(window, qtbot, contact.id)
    profile_shown(window.profile, qtbot, contact.id)
    return contact


def test_the_user_can_fix_a_name_stored_with_a_nul(clock, window, qtbot):
    contact = _open(window, qtbot, clock, NUL_NAME)
    form = window.profile.form
    assert form.display_name.text() == "Ann\ufffdEvil Smith"  # where the NUL is, seen
    form.display_name.selectAll()
    qtbot.keyClicks(form.display_name, "Ann Evil Smith")
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    assert Contact.get_by_id(contact.id).display_name == "Ann Evil Smith"
    assert not form.errors["display_name"].isVisibleTo(window.profile)


def test_another_field_of_a_nul_named_contact_saves_and_the_name_stays_as_it_came(
        clock, window, qtbot):
    contact = _open(window, qtbot, clock, NUL_NAME + "\u202e")
    form = window.profile.form
    qtbot.keyClicks(form.title, "Engineer")
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)
    stored = Contact.get_by_id(contact.id)
    assert stored.title == "Engineer"
    assert stored.display_name == NUL_NAME + "\u202e"  # storage keeps what came
    # Saved, so nothing is left to save (stranger5's mark_saved); the name, never edited,
    # was never among the changes (on the old code its check refused the Save)
    assert form.collect(show_errors=False) == ({}, None)
