"""The contact picker's suggestions (the Log dialog's Contact and Also-with fields, New
introduction, Introduced by, the Network page's relations) are read on a worker: each
pause in typing ran the list's search and read the matches' rows on the UI thread, and
on 100,000 contacts a text that matches little scans them all. Typed fast, with real key
events, no keystroke may stall the window; an answer for a text no longer in the field
is dropped; Enter on a suggestion picks the one the user saw; Enter on typed text picks
the first suggestion once it is read; a failed read is said, not shown as "nobody".

The search is made slower here (a cold 100k database on a busy disk) by wrapping the
store's query: the same read wherever it runs, only slower."""

from __future__ import annotations

import sqlite3
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.store import contacts, queries
from relmanager.store.models import Interaction
from tests.ui.conftest import StallMeter, active_log_dialog, suggested

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class _Slow:
    """``queries.contact_ids`` taking ``seconds`` more while ``on``."""

    def __init__(self, monkeypatch, seconds: float) -> None:
        self.real, self.seconds, self.on = queries.contact_ids, seconds, True
        monkeypatch.setattr(queries, "contact_ids", self)

    def __call__(self, *args, **kwargs):
        if self.on:
            time.sleep(self.seconds)
        return self.real(*args, **kwargs)


@pytest.fixture
def people(clock):
    return {name: contacts.create_contact(clock, name, organisation=org).id
            for name, org in (("Hannah Lindqvist", "Willow"), ("Hannah Linden", "Oak"),
                              ("Cy Diaz", ""), ("Ann Lee", "Acme"))}


@pytest.fixture
def dialog(ctx, qtbot, people):
    dialog = active_log_dialog(ctx, qtbot)
    dialog.wait_loaded()
    return dialog


def _type(qtbot, widget, text: str, gap_ms: int = 90) -> None:
    """Keys as a fast typist presses them: each its own event, ``gap_ms`` apart (past
    the picker's 60 ms pause, so each one asks)."""
    for ch in text:
        QTest.keyClick(widget, ch)
        qtbot.wait(gap_ms)


def _hannahs_shown(qtbot, picker):
    """"Hannah" typed, its suggestions shown: the popup."""
    picker.setFocus()
    _type(qtbot, picker, "Hannah")
    suggested(picker, qtbot)
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_typing_fast_never_stalls_the_window(dialog, qtbot, monkeypatch, people):
    _Slow(monkeypatch, 0.8)
    picker = dialog.contact
    picker.setFocus()
    meter = StallMeter()
    meter.start()
    _type(qtbot, picker, "Hannah Lind")
    suggested(picker, qtbot)
    longest = meter.stop()
    print(f"longest UI-thread stall {longest} ms")
    assert picker.completer().model().stringList() == ["Hannah Linden — Oak",
                                                       "Hannah Lindqvist — Willow"]
    # The old code searched on the UI thread at each of the 11 keys (0.8 s each here).
    assert longest < 400, f"the UI thread stalled {longest} ms"
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert picker.contact_id() == people["Hannah Linden"]


def test_enter_on_a_suggestion_picks_the_one_seen_while_a_newer_read_runs(
        dialog, qtbot, monkeypatch, people):
    slow = _Slow(monkeypatch, 0.0)
    picker = dialog.contact
    popup = _hannahs_shown(qtbot, picker)
    slow.seconds = 0.8
    QTest.keyClick(picker, "q")  # "Hannahq" finds nobody: its answer would empty the list
    qtbot.wait(120)  # its read is on the worker now
    QTest.keyClick(popup, Qt.Key.Key_Down)  # the list still shown: Hannah Linden
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.wait(1200)  # the read for "Hannahq" lands, for a text no longer in the field
    assert picker.contact_id() == people["Hannah Linden"]
    assert picker.text() == "Hannah Linden — Oak"
    QTest.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().where(
        Interaction.contact == people["Hannah Linden"]).exists(), timeout=5000)


def test_a_suggestion_highlighted_before_the_pause_is_kept_for_enter(dialog, qtbot,
                                                                    people):
    picker = dialog.contact
    popup = _hannahs_shown(qtbot, picker)
    QTest.keyClick(picker, "q")
    QTest.keyClick(popup, Qt.Key.Key_Down)  # within the pause: "q" has not asked yet
    qtbot.wait(300)  # the pause ends with a suggestion in the field: it asks nothing
    QTest.keyClick(popup if popup.isVisible() else picker, Qt.Key.Key_Return)
    assert picker.contact_id() == people["Hannah Linden"]


def test_enter_before_the_suggestions_picks_the_first_once_read(dialog, qtbot, monkeypatch,
                                                                people):
    _Slow(monkeypatch, 0.5)
    chips = dialog.also
    chips.picker.setFocus()
    QTest.keyClicks(chips.picker, "Cy")
    QTest.keyClick(chips.picker, Qt.Key.Key_Return)  # before any suggestion is read
    assert chips.ids() == [] and not chips.note.isVisible()
    qtbot.waitUntil(lambda: chips.ids() == [people["Cy Diaz"]], timeout=5000)
    qtbot.waitUntil(lambda: chips.picker.text() == "")  # ready for the next person

    QTest.keyClicks(chips.picker, "Zebedee")
    QTest.keyClick(chips.picker, Qt.Key.Key_Return)
    qtbot.waitUntil(chips.note.isVisible, timeout=5000)
    assert "Nobody matches “Zebedee”" in chips.note.text()


def test_a_key_typed_after_enter_cancels_its_pick(dialog, qtbot, monkeypatch, people):
    _Slow(monkeypatch, 0.5)
    picker = dialog.contact
    picker.setFocus()
    QTest.keyClicks(picker, "Ann")
    QTest.keyClick(picker, Qt.Key.Key_Return)  # picks Ann Lee once read...
    QTest.keyClicks(picker, "x")  # ...unless the user typed on: "Annx" is someone else
    qtbot.wait(1500)
    assert picker.contact_id() is None and picker.text() == "Annx"


def test_a_failed_read_is_said_not_shown_as_nobody(dialog, qtbot, monkeypatch):
    def broken(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(queries, "contact_ids", broken)
    chips = dialog.also
    chips.picker.setFocus()
    QTest.keyClicks(chips.picker, "Cy")
    QTest.keyClick(chips.picker, Qt.Key.Key_Return)
    qtbot.waitUntil(chips.note.isVisible, timeout=5000)
    assert "Could not read the contacts" in chips.note.text()
    assert "disk I/O error" in chips.note.text() and "Nobody" not in chips.note.text()
