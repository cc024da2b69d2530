"""The contact list's bulk Tag… dialog: the known tags it completes from are read on the
Contacts page's worker, never on the UI thread (every statement of the UI thread's own
connection is traced while the menu item is chosen and the dialog is answered), the
dialog offers them from the moment it opens, and a failed read opens it saying so, where
an empty completion would read as "no tags yet"."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCompleter, QDialog, QLabel, QLineEdit

from relmanager.domain.stages import Stage
from relmanager.store import tag_reads
from relmanager.store.contacts import create_contact, tags_of
from relmanager.store.models import database
from tests.ui.conftest import refresh_list
from tests.ui.test_contact_list import _select

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class DialogWatch:
    """Looks for the tag dialog every few milliseconds (in any event loop, the dialog's
    own included): notes what it offers when first seen, then lets ``answer`` act."""

    def __init__(self, answer: Callable[[QDialog], None]) -> None:
        self.answer = answer
        self.offered: list[str] | None = None
        self.texts: list[str] = []
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        self.timer.stop()
        edit = dialog.findChild(QLineEdit)
        self.offered = edit.findChild(QCompleter).model().stringList()
        self.texts = [label.text() for label in dialog.findChildren(QLabel)
                      if label.isVisible()]
        self.answer(dialog)


def _type_and_enter(text: str) -> Callable[[QDialog], None]:
    def answer(dialog: QDialog) -> None:
        edit = dialog.findChild(QLineEdit)
        QTest.keyClicks(edit, text)
        QTest.keyClick(edit, Qt.Key.Key_Return)
    return answer


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER, tags=["python"])
    create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER, tags=["quantum"])
    create_contact(clock, "Cy Young", stage=Stage.ENCOUNTER)
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    return win


def test_the_known_tags_are_read_on_the_worker_and_offered_when_the_dialog_opens(
        window, qtbot):
    known_read = []
    conn = database.connection()  # the UI thread's own connection
    conn.set_trace_callback(known_read.append)
    tag_reads.known_tags()  # what that read looks like
    conn.set_trace_callback(None)
    assert known_read
    _select(window, ["Ada Lovelace", "Cy Young"])
    watch = DialogWatch(_type_and_enter("rowing"))
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        window.actions.actions["tag"].trigger()  # Edit > Tag selected…
        qtbot.waitUntil(lambda: watch.offered is not None, timeout=5000)
        qtbot.waitUntil(lambda: "rowing" in tags_of(window.contacts.selected_ids()[0]),
                        timeout=5000)
    finally:
        conn.set_trace_callback(None)
    assert not set(known_read) & set(statements), statements
    assert watch.offered == ["python", "quantum"]  # at once, not filled in later
    assert not any("not read" in text for text in watch.texts)
    ada, cy = window.contacts.selected_ids()
    assert tags_of(ada) == ["python", "rowing"] and tags_of(cy) == ["rowing"]


def test_a_failed_read_opens_the_dialog_saying_so(window, qtbot, db_path):
    _select(window, ["Ada Lovelace"])
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("ALTER TABLE tag RENAME TO tag_away")  # every read of tags now fails
    try:
        watch = DialogWatch(lambda dialog: dialog.reject())
        window.actions.actions["tag"].trigger()
        qtbot.waitUntil(lambda: watch.offered is not None, timeout=5000)
    finally:
        other.execute("ALTER TABLE tag_away RENAME TO tag")
        other.close()
    assert watch.offered == []
    said = [text for text in watch.texts if "Could not read the known tags" in text]
    assert said and "no such table" in said[0], watch.texts

    # Mended: the next Tag… offers them again, and says nothing of a failure.
    watch = DialogWatch(lambda dialog: dialog.reject())
    window.actions.actions["tag"].trigger()
    qtbot.waitUntil(lambda: watch.offered is not None, timeout=5000)
    assert watch.offered == ["python", "quantum"]
    assert not any("Could not read" in text for text in watch.texts)
