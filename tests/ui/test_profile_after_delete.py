"""A deleted contact leaves the profile: it used to stay there with every field and
button enabled, its Save doing nothing without a word and its Log... failing with
"no contact with id 193" (stranger2's finding 3)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact
from tests.ui.conftest import profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _answer_delete() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.button(QMessageBox.StandardButton.Yes).click()
    else:
        QTimer.singleShot(20, _answer_delete)


def test_deleting_the_shown_contact_empties_the_profile(ctx, open_window, clock, qtbot):
    window = open_window(ctx)
    chidi = create_contact(clock, "Chidi Yamamoto", title="CEO")
    create_contact(clock, "Anna Yamamoto")
    window.show_page("contacts")
    refresh_list(window, qtbot)
    window.contacts.select_contact(chidi.id)
    profile = window.profile
    profile_shown(profile, qtbot, chidi.id)
    assert profile.stack.currentWidget() is not profile.empty
    qtbot.keyClicks(profile.form.title, " ghost")  # an edit under way when it is deleted
    QTimer.singleShot(20, _answer_delete)
    assert window.contacts.delete_selected()
    assert not Contact.select().where(Contact.id == chidi.id).exists()
    assert profile.contact_id is None
    assert profile.stack.currentWidget() is profile.empty  # "Select a contact ..."
    window.ctx.undo_stack.undo()  # back, as it was: the dropped edit is not written
    assert Contact.get_by_id(chidi.id).title == "CEO"
    window.contacts.select_contact(chidi.id)
    profile_shown(profile, qtbot, chidi.id)
    assert profile.form.title.text() == "CEO"
    assert not profile.save_button.isEnabled()
