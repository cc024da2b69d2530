"""The merge dialog asks only where two contacts hold different values (issue 22, item
18): a field one of them leaves empty is filled in without a question, and said so.
Driven with key presses on the open (modal) dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from relmanager.store.models import Contact
from relmanager.ui.contacts.merge_dialog import MergeDialog, merge_contacts_ui
from tests.store.merge_fixture import plan_merge, two_annas

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_only_fields_with_two_values_are_asked_and_filled_ones_are_named(
        ctx, clock, qtbot, tmp_path):
    people = two_annas(clock)  # Anna has no title; Anna Berg-Olsen is an Engineer
    seen: dict[str, object] = {}

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog) or not dialog.isVisible() \
                or not dialog.candidates:  # not read yet
            QTimer.singleShot(20, choose)
            return
        seen["asked"] = sorted(dialog.choices)
        seen["notes"] = [w.text() for w in dialog.holder.findChildren(QLabel)]
        dialog.grab().save(str(tmp_path / "merge_dialog.png"))
        name = dialog.choices["name"]
        name.setFocus()
        qtbot.keyClick(name, Qt.Key.Key_Down)  # the other record's name
        seen["name"] = name.currentText()
        qtbot.keyClick(dialog.keep, Qt.Key.Key_Return)  # Enter merges

    QTimer.singleShot(20, choose)
    assert merge_contacts_ui(None, ctx, [people.anna, people.anna2]) is True
    assert "title" not in seen["asked"] and "organisation" not in seen["asked"]
    assert {"name", "notes", "stage", "sphere"} <= set(seen["asked"])
    assert any("Filled in where one is empty: " in t and "title" in t
               for t in seen["notes"])
    kept = Contact.get_by_id(people.anna)
    assert kept.title == "Engineer"  # filled in without being asked
    assert kept.display_name == "Anna Berg-Olsen" and "Anna Berg-Olsen" in str(seen["name"])


def test_undo_of_a_merge_says_which_later_edits_stay(ctx, clock, qtbot):
    from relmanager.store import contacts
    from relmanager.ui.contacts.merge_command import MergeContactsCommand
    from relmanager.ui.shared.undo import perform

    people = two_annas(clock)
    plan = plan_merge([people.anna, people.anna2])
    assert perform(ctx, MergeContactsCommand(ctx, plan, "Anna Berg"))
    contacts.update_contact(clock, people.anna, phones=["+44 20 7946 1111"])
    said: list[str] = []
    ctx.events.status_message.connect(said.append)
    ctx.undo_stack.undo()
    assert Contact.get_or_none(Contact.id == people.anna2) is not None
    assert [p.number for p in contacts.get_contact(people.anna).phones] == [
        "+44 20 7946 1111"]
    assert any("stays: phones" in text for text in said)
