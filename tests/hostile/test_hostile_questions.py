"""The questions and messages that name a contact, with the pages' hostile set: the
History tab's "for everyone or only for Eve?" about a group interaction (its title, text
and buttons), the Edit menu's Undo item, the status bar's "Undone: ..." after it, and the
contact list's "Delete Eve...?".

The History tab named the person and the others there as stored: "This interaction was
with Eve<ESC>]0;pwned<BEL> <RLO>yrallaM, Bob<RLO>gpj.exe ..." in the question, on its
"Only ..." button, and in the command's text, which the Edit menu and the status bar
show ("Undone: Delete interaction with Eve..."). A name with "&" in it lost it to the
Edit menu's keyboard shortcut ("Undo Move Bob & Co" read "Undo Move Bob_Co")."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.store.models import Contact, Interaction
from tests.hostile.test_hostile_pages import BAD, hostile_contacts
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SHOTS = os.environ.get("RELMANAGER_SHOTS")


def _read_and_answer(found: list[tuple[str, str]], answer: str) -> None:
    """Once the question shows: keep its title, text and buttons, then click ``answer``."""
    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, look)
            return
        if SHOTS:
            box.grab().save(f"{SHOTS}/hostile-question-{len(found)}.png")
        found.extend([("title", box.windowTitle()), ("text", box.text())])
        found.extend(("button", b.text().replace("&&", "+")) for b in box.buttons())
        next(b for b in box.buttons() if b.text().replace("&", "").startswith(answer)).click()
    QTimer.singleShot(20, look)


def test_the_group_question_and_the_undo_say_hostile_names_plainly(clock, window, qtbot):
    ids = hostile_contacts(clock)  # Eve, Bob and Dana were on one phone call
    window.show_contact(ids[0])
    profile_shown(window.profile, qtbot, ids[0])
    history = window.profile.history
    window.profile.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.tree.topLevelItemCount() == 1, timeout=5000)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    found: list[tuple[str, str]] = []
    _read_and_answer(found, "For everyone")
    history.delete_selected()
    assert Interaction.select().count() == 0
    assert any("Bob" in text for _w, text in found), found
    undo = window.actions.actions["undo"]
    found.append(("Edit menu", undo.text()))
    undo.trigger()
    assert Interaction.select().count() == 3
    found.append(("status bar", window.statusBar().currentMessage()))
    if SHOTS:
        window.grab().save(f"{SHOTS}/hostile-undone-status.png")
    assert found[-1][1].startswith("Undone: Delete interaction with Eve"), found[-1]
    # The contact list's "Delete Eve...?" (cancelled), and its title
    qtbot.waitUntil(lambda: window.contacts.selected_ids() == [ids[0]], timeout=5000)
    asked = len(found)
    _read_and_answer(found, "Cancel")
    assert not window.contacts.delete_selected()
    assert any(text.startswith("Delete Eve") for _w, text in found[asked:]), found[asked:]
    bad = [f"{where}: {text!a}" for where, text in found if BAD.search(text)]
    assert not bad, "\n".join(bad)
    # Every '&' of a name is doubled in a menu's text: only "&Undo" is a shortcut
    Contact.update(display_name="Bob & Co").where(Contact.id == ids[1]).execute()
    window.show_contact(ids[1])
    profile_shown(window.profile, qtbot, ids[1])
    qtbot.waitUntil(lambda: history.tree.topLevelItemCount() == 1, timeout=5000)
    history.tree.setCurrentItem(history.tree.topLevelItem(0))
    found.clear()
    _read_and_answer(found, "Only")
    history.delete_selected()
    assert undo.text().replace("&&", "+") == "&Undo Delete interaction with Bob + Co"
    assert ("button", "&Only Bob + Co") in found, found
