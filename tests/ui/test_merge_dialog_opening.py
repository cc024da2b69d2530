"""The Merge dialog opens at once and fills in from its worker (Edit > Merge selected…):
its first read (the contacts' fields, each one's interactions counted, the names it
says) ran on the UI thread before it could show, so a contact with 20,000 interactions,
or a slow disk, froze the window; a failed read said "Could not merge" in the banner and
no dialog came. Now it says it reads, Merge waits, a failure is said in it with Retry,
and a read for a dialog closed meanwhile is dropped.

Both contacts are selected with the mouse and the dialog opened with the keys (Alt+E,
then E); the UI thread's longest stall is measured from those keys until the dialog is
filled in."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.store import merge as merge_store
from relmanager.store.models import Contact, Interaction, database
from relmanager.ui.contacts.merge_dialog import MergeDialog
from tests.ui.conftest import StallMeter, annas_window, select_rows

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    return annas_window(ctx, clock, open_window, qtbot)


def _many_interactions(contact_id: int, many: int) -> None:
    first = Interaction.get(Interaction.contact == contact_id)
    rows = [{**{k: v for k, v in first.__data__.items() if k != "id"},
             "occurred_at": first.occurred_at - timedelta(hours=i + 1)} for i in range(many)]
    with database.atomic():
        for start in range(0, many, 500):
            Interaction.insert_many(rows[start:start + 500]).execute()


def _slow(monkeypatch, seconds: float) -> None:
    """The contacts' read takes ``seconds`` more (a cold 100k database on a busy disk):
    wherever it runs, it is the same read, only slower."""
    real = merge_store.candidates

    def slow(ids):
        time.sleep(seconds)
        return real(ids)

    monkeypatch.setattr(merge_store, "candidates", slow)


def _select_both(window, qtbot) -> None:
    select_rows(window, qtbot, window.people.anna, window.people.anna2)


def _merge_with_keys(window, qtbot, with_dialog: Callable[[MergeDialog], None],
                     meter: StallMeter | None = None) -> None:
    """Alt+E, E (Edit > Merge selected…); ``with_dialog`` runs once the dialog is up,
    in its event loop, and closes it. ``meter`` starts as E is pressed in the menu (the
    menu's own first showing is not the dialog's)."""
    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, MergeDialog) or not dialog.isVisible():
            QTimer.singleShot(5, look)
            return
        with_dialog(dialog)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTimer.singleShot(0, look)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    menu = QApplication.activePopupWidget()
    assert menu is not None, "Alt+E opened no menu"
    if meter is not None:
        meter.start()
    QTest.keyClick(menu, Qt.Key.Key_E)  # returns when the dialog is closed


def test_a_contact_with_20000_interactions_opens_the_dialog_at_once(window, qtbot,
                                                                   monkeypatch):
    _many_interactions(window.people.anna, 20_000)
    _slow(monkeypatch, 2.0)
    _select_both(window, qtbot)
    seen: dict[str, object] = {}
    meter = StallMeter()

    def with_dialog(dialog: MergeDialog) -> None:
        seen["longest"] = meter.stop()  # from the keys until the dialog is up
        meter.start()
        try:
            seen["reading"] = dialog.intro.text()
            seen["merge enabled while reading"] = dialog.merge_button.isEnabled()
            QTest.keyClick(dialog, Qt.Key.Key_Return)  # Enter while reading: no merge
            seen["open after Enter"] = dialog.isVisible()
            qtbot.waitUntil(dialog.keep.isEnabled, timeout=10000)
            qtbot.waitUntil(lambda: dialog.summary.text().startswith("Moves"), timeout=10000)
        finally:  # and until it is filled in
            seen["longest"] = max(int(seen["longest"]), meter.stop())
            seen["keep"] = dialog.keep.currentText()
            dialog.reject()

    _merge_with_keys(window, qtbot, with_dialog, meter)
    print(f"longest UI-thread stall {seen['longest']} ms")
    # The old code read the contacts (2 s slower here, as on a slow disk) on the UI
    # thread before the dialog showed; the bound leaves room for a 2-core machine under
    # a load of 12, where the dialog's first showing alone took up to 0.9 s.
    assert seen["longest"] < 1000, f"the UI thread stalled {seen['longest']} ms"
    assert seen["reading"] == "Reading the 2 contacts…"
    assert seen["merge enabled while reading"] is False and seen["open after Enter"]
    assert "20,003 interactions" in str(seen["keep"]), seen
    assert Contact.select().count() == 3  # nothing merged


def test_a_failed_read_is_said_in_the_dialog_and_retry_reads_again(window, qtbot,
                                                                   monkeypatch):
    real = merge_store.candidates
    calls: list[int] = []

    def fails_once(ids):
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(ids)

    monkeypatch.setattr(merge_store, "candidates", fails_once)
    _select_both(window, qtbot)
    seen: dict[str, object] = {}

    def with_dialog(dialog: MergeDialog) -> None:
        qtbot.waitUntil(dialog.failure.isVisible, timeout=10000)
        seen["error"] = dialog.failure.message.text()
        seen["merge enabled"] = dialog.merge_button.isEnabled()
        qtbot.mouseClick(dialog.failure.retry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.keep.isEnabled, timeout=10000)
        seen["failure shown after retry"] = dialog.failure.isVisible()
        seen["asked"] = sorted(dialog.choices)
        QTest.keyClick(dialog.keep, Qt.Key.Key_Return)  # Enter merges, now it is read

    _merge_with_keys(window, qtbot, with_dialog)
    assert "Could not load the contacts to merge" in str(seen["error"])
    assert "disk I/O error" in str(seen["error"]) and seen["merge enabled"] is False
    assert seen["failure shown after retry"] is False and "name" in seen["asked"]
    qtbot.waitUntil(lambda: Contact.select().count() == 2)  # merged


def test_a_read_landing_after_the_dialog_closed_is_dropped(window, qtbot, monkeypatch):
    _slow(monkeypatch, 0.4)
    _select_both(window, qtbot)
    closed: list[MergeDialog] = []

    def with_dialog(dialog: MergeDialog) -> None:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # while it reads
        closed.append(dialog)

    _merge_with_keys(window, qtbot, with_dialog)
    qtbot.wait(600)  # the read's time: its answer would land now
    dialog = closed[0]
    assert not dialog.isVisible() and dialog.candidates == [] and dialog.keep.count() == 0
    assert Contact.select().count() == 3
