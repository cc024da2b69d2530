"""Merging from the window: real key presses (XTEST, through xdotool) select two rows,
open the context menu, choose Merge, pick a field's value and press Enter; Ctrl+Z takes
it back. Find duplicates is driven from the keyboard too."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from relmanager.store import duplicates
from relmanager.store.models import Contact, Interaction
from relmanager.ui.contacts.duplicates_dialog import DuplicatesDialog
from relmanager.ui.contacts.merge_dialog import MergeDialog
from tests.store.merge_fixture import plan_merge
from tests.ui.conftest import annas_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

real_x = pytest.mark.skipif(
    not os.environ.get("DISPLAY") or shutil.which("xdotool") is None,
    reason="real key presses need an X server (scripts/test runs Xvfb) and xdotool")


@pytest.fixture
def window(ctx, clock, open_window, qtbot):
    win = annas_window(ctx, clock, open_window, qtbot)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


class KeyScript:
    """Real key presses, each sent once its condition holds. Driven by a timer, so it
    goes on inside the modal loops the menu and the dialog run."""

    def __init__(self, steps: list[tuple[Callable[[], bool], list[str]]],
                 patience: float = 10.0) -> None:
        self.steps = list(steps)
        self.sent: list[str] = []
        self.stuck = ""
        self.patience = patience
        self.since = time.monotonic()
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(40)

    def _tick(self) -> None:
        if not self.steps:
            self.timer.stop()
            return
        ready, keys = self.steps[0]
        if ready():
            self.steps.pop(0)
            subprocess.run(["xdotool", "key", "--delay", "60", *keys], check=True,
                           timeout=20)
            self.sent += keys
            self.since = time.monotonic()
        elif time.monotonic() - self.since > self.patience:
            # Give up rather than hang in a modal loop: close it, and let the test fail.
            self.stuck = f"waited in vain before {keys} (sent so far: {self.sent})"
            self.steps.clear()
            self.timer.stop()
            for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
                if widget is not None:
                    widget.close()

    @property
    def done(self) -> bool:
        return not self.steps


def _modal(kind):
    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, kind) and widget.isVisible() else None


def _focused(kind) -> bool:
    """A dialog of ``kind`` is up and has the keyboard. There is no window manager under
    Xvfb to give a new window the focus, so it is asked for, as a window manager would."""
    dialog = _modal(kind)
    if dialog is None:
        return False
    if not dialog.isActiveWindow():
        dialog.activateWindow()
        return False
    return True


@real_x
def test_merge_two_rows_with_real_keys_and_undo(window, qtbot):
    people = window.people
    table = window.contacts.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    script = KeyScript([
        (table.hasFocus, ["Home", "shift+Down"]),
        (lambda: len(window.contacts.selected_ids()) == 2, ["Menu"]),
        (lambda: isinstance(QApplication.activePopupWidget(), QMenu), ["r"]),
        (lambda: _focused(MergeDialog) and "name" in _modal(MergeDialog).choices,
         ["alt+n", "Down"]),
        (lambda: _focused(MergeDialog)
         and _modal(MergeDialog).choices["name"].currentIndex() == 1, ["Return"]),
    ])
    qtbot.waitUntil(lambda: script.done, timeout=30000)
    assert not script.stuck, script.stuck
    qtbot.waitUntil(lambda: Contact.get_or_none(Contact.id == people.anna2) is None)
    kept = Contact.get_by_id(people.anna)
    assert kept.display_name == "Anna Berg-Olsen"  # the value chosen with the keys
    assert kept.title == "Engineer"  # a default: the empty field filled
    assert Interaction.select().where(Interaction.contact == people.anna).count() == 4
    assert "Merged 1 contact into Anna Berg" in window.statusBar().currentMessage()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    subprocess.run(["xdotool", "key", "ctrl+z"], check=True, timeout=20)
    qtbot.waitUntil(lambda: Contact.get_or_none(Contact.id == people.anna2) is not None)
    assert Contact.get_by_id(people.anna).display_name == "Anna Berg"
    assert Interaction.select().where(Interaction.contact == people.anna2).count() == 2


def test_escape_cancels_and_merge_needs_two(window, qtbot):
    people = window.people
    window.contacts.select_contact(people.anna)
    assert window.contacts.merge_selected() is False
    assert "Select two or more" in window.statusBar().currentMessage()
    QTimer.singleShot(50, lambda: QTest.keyClick(_modal(MergeDialog), Qt.Key.Key_Escape))
    from relmanager.ui.contacts.merge_dialog import merge_contacts_ui

    assert merge_contacts_ui(window, window.ctx, [people.anna, people.anna2]) is False
    assert Contact.select().count() == 3


def test_find_duplicates_not_duplicates_then_merge_with_enter(window, qtbot):
    people = window.people
    window.actions.actions["duplicates"].trigger()
    qtbot.waitUntil(lambda: window.findChild(DuplicatesDialog) is not None)
    dialog = window.findChild(DuplicatesDialog)
    dialog.wait_loaded()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert "Anna Berg (#1)" in dialog.table.item(0, 0).text()
    assert "same e-mail anna@acme.example" in dialog.table.item(0, 1).text()
    # A mnemonic only works in the active window, and X hands the focus over in its own
    # time: under load Alt+N went to a dialog not yet active and did nothing.
    qtbot.waitUntil(dialog.isActiveWindow)
    QTest.keyClick(dialog.table, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    assert duplicates.find() == []  # remembered
    assert "No likely duplicates" in dialog.status.text()
    window.ctx.undo_stack.undo()  # "Not duplicates" is undoable
    assert len(duplicates.find()) == 1
    dialog.search()
    dialog.wait_loaded()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)

    def accept_merge() -> None:
        merge_dialog = _modal(MergeDialog)
        if merge_dialog is None or not merge_dialog.candidates:  # not read yet
            QTimer.singleShot(20, accept_merge)
            return
        QTest.keyClick(merge_dialog.keep, Qt.Key.Key_Return)

    QTimer.singleShot(20, accept_merge)
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)  # Enter: Merge… on the selected group
    qtbot.waitUntil(lambda: Contact.get_or_none(Contact.id == people.anna2) is None)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    dialog.close()


def test_names_with_markup_stay_text(window, qtbot, clock):
    from relmanager.store.contacts import create_contact

    for n in range(2):
        create_contact(clock, f"<img src='file:///etc/passwd'><b>Bo</b> {n}",
                       emails=["bo@x.example"])
    dialog = DuplicatesDialog(window.ctx, window)
    dialog.show()
    dialog.wait_loaded()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    row = next(r for r in range(2) if "Bo" in dialog.table.item(r, 0).text())
    assert "&lt;b&gt;Bo&lt;/b&gt;" in dialog.table.item(row, 0).toolTip()
    dialog.close()
    ids = [c.id for c in Contact.select().where(Contact.display_name.contains("<b>"))]
    merge_dialog = MergeDialog(ids, window)
    merge_dialog.wait_loaded()  # the contacts and the count, read on the dialog's worker
    assert "<b>Bo</b>" in merge_dialog.keep.itemText(0)  # shown as typed
    assert merge_dialog.summary.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Bo</b>" in merge_dialog.summary.text()
    merge_dialog.reject()


def test_changing_who_is_kept_changes_the_defaults(window, qtbot):
    people = window.people
    ids = [people.anna, people.anna2]
    dialog = MergeDialog(ids, window)
    dialog.wait_loaded()
    assert dialog.choices["name"].currentData()[0] == "Anna Berg"
    QTest.keyClick(dialog.keep, Qt.Key.Key_Down)
    assert dialog.survivor == people.anna2
    assert dialog.choices["name"].currentData()[0] == "Anna Berg-Olsen"
    assert dialog.plan().others == [people.anna]
    dialog.reject()


def test_a_merge_that_cannot_be_written_says_so_and_changes_nothing(window, qtbot, db_path):
    import sqlite3

    from relmanager.ui.contacts.merge_command import MergeContactsCommand
    from relmanager.ui.shared.undo import perform
    from tests.store.merge_fixture import dump

    people = window.people
    before = dump()
    failures: list[str] = []
    window.ctx.events.write_failed.connect(failures.append)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        plan = plan_merge([people.anna, people.anna2])
        assert perform(window.ctx, MergeContactsCommand(window.ctx, plan, "Anna Berg")) \
            is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failures and failures[0].startswith("Not saved: Merge 2 contacts into Anna Berg")
    assert window.ctx.undo_stack.count() == 0  # no undo entry for what did not happen
    assert dump() == before
