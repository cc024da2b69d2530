"""The Details form's birthday driven by keys (review 18, item 1): a birthday without a
year is typed and kept, a contact already storing one saves after any other edit, and
the store refuses what the form refuses (one rule, relmanager.domain.occasions)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from relmanager.store.contacts import create_contact
from relmanager.store.errors import ValidationError
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, open_window):
    return open_window(ctx)


def _save(window, qtbot) -> None:
    assert window.profile.save_button.isEnabled()
    qtbot.mouseClick(window.profile.save_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("typed", ["--03-12", "1985-03-12", "--02-29"])
def test_a_birthday_is_typed_in_either_form_and_kept(window, clock, qtbot, typed):
    ada = create_contact(clock, "Ada Lovelace")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    qtbot.keyClicks(form.birthday, typed)
    _save(window, qtbot)
    assert not form.errors["birthday"].isVisibleTo(window.profile)
    assert Contact.get_by_id(ada.id).birthday == typed


@pytest.mark.parametrize("typed", ["---03-12", "--13-01", "1985-02-30", "12 March"])
def test_a_wrong_birthday_is_refused_by_name_and_not_stored(window, clock, qtbot, typed):
    ada = create_contact(clock, "Ada Lovelace")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    qtbot.keyClicks(form.birthday, typed)
    assert not window.profile.save()
    assert form.errors["birthday"].isVisibleTo(window.profile)
    assert "is not a birthday" in form.errors["birthday"].text()
    assert Contact.get_by_id(ada.id).birthday is None


def test_a_contact_storing_a_birthday_without_year_saves_after_another_edit(
        window, clock, qtbot):
    ada = create_contact(clock, "Ada Lovelace", birthday="--11-14")
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    form = window.profile.form
    assert form.birthday.text() == "--11-14"
    qtbot.keyClicks(form.organisation, "Analytical Engines")
    _save(window, qtbot)
    assert not form.errors["birthday"].isVisibleTo(window.profile)
    stored = Contact.get_by_id(ada.id)
    assert (stored.organisation, stored.birthday) == ("Analytical Engines", "--11-14")


def test_the_store_refuses_what_the_form_refuses(clock, db):
    with pytest.raises(ValidationError, match="is not a birthday"):
        create_contact(clock, "Ada Lovelace", birthday="---11-14")
