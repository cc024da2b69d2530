"""The merge dialog's summary ("Moves 3 interactions, … to Anna Berg") is counted on the
dialog's worker, never on the UI thread: every statement of that thread's own connection
is traced while the dialog opens and while the user changes who is kept (each change
counted every interaction of the others again); a count for the contact kept before is
dropped, and a failed count is said in the summary."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain import merging
from relmanager.store import merge as merge_store
from relmanager.ui.contacts.merge_dialog import MergeDialog
from tests.store.merge_fixture import two_annas
from tests.ui.conftest import ui_statements

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def annas(ctx, clock):
    people = two_annas(clock)
    ids = [people.anna, people.anna2]
    return people, merge_store.candidates(ids), merge_store.names_of(ids)


def test_the_summary_is_counted_on_the_worker(annas, qtbot):
    people, found, names = annas
    counts = set()
    for keep in (people.anna, people.anna2):
        plan = merging.default_plan(found, keep)
        counts |= set(ui_statements(lambda plan=plan: merge_store.preview(plan)))
    assert any("interaction" in s for s in counts)
    dialogs = []

    def open_and_change_who_is_kept() -> None:
        dialog = MergeDialog([c.id for c in found])
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        qtbot.waitUntil(dialog.keep.isEnabled, timeout=5000)  # the contacts read
        QTest.keyClick(dialog.keep, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: dialog.summary.text().startswith("Moves"), timeout=5000)

    on_ui = ui_statements(open_and_change_who_is_kept)
    assert not counts & set(on_ui), counts & set(on_ui)
    dialog = dialogs[0]
    assert dialog.survivor == people.anna2
    assert dialog.summary.text().endswith("(each once).")
    assert names[people.anna2] in dialog.summary.text()


def test_a_failed_count_is_said(annas, qtbot, monkeypatch):
    _people, found, _names = annas

    def broken(_plan):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(merge_store, "preview", broken)
    dialog = MergeDialog([c.id for c in found])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Could not count" in dialog.summary.text(), timeout=5000)
    assert "disk I/O error" in dialog.summary.text()
