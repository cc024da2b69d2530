"""Contact text boxes wrap every line: an intent of one long run of letters ran on behind
a horizontal scroll bar (stranger4, 17-after-live-loop.png), while a hostile run of
100,000 letters is still laid out without freezing the window (TextBox's module)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QTextOption

from relmanager.domain.limits import MAX_TEXT
from relmanager.store.contacts import create_contact
from tests.ui.conftest import click_contact_row, profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

RUN = "".join(f"w{i}" for i in range(1, 200))  # stranger4's intent: no space in 700 letters


def _lines(box) -> list[str]:
    """The box's laid-out lines, as text."""
    block = box.document().firstBlock()
    text, layout = block.text(), block.layout()
    return [text[layout.lineAt(i).textStart():
                 layout.lineAt(i).textStart() + layout.lineAt(i).textLength()]
            for i in range(layout.lineCount())]


def _shown(window, qtbot, contact_id: int) -> None:
    """``contact_id`` clicked in the list and shown in the profile."""
    click_contact_row(window, qtbot, contact_id)
    profile_shown(window.profile, qtbot, contact_id)


def _window_on(ctx, open_window, qtbot, contact_id: int):
    """The window on the Contacts page, showing ``contact_id``."""
    window = open_window(ctx)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    _shown(window, qtbot, contact_id)
    return window


def test_a_long_run_in_the_intent_wraps_and_words_still_break_at_spaces(
        ctx, open_window, clock, qtbot):
    worded = " ".join(["relationship"] * 40)
    run = create_contact(clock, "Run Intent", intent=RUN)
    words = create_contact(clock, "Word Intent", intent=worded)
    window = _window_on(ctx, open_window, qtbot, run.id)
    box = window.profile.form.intent
    qtbot.waitUntil(lambda: box.toPlainText() == RUN)
    qtbot.wait(50)
    assert not box.horizontalScrollBar().isVisible()
    assert len(_lines(box)) > 3
    assert "".join(_lines(box)) == RUN
    _shown(window, qtbot, words.id)
    qtbot.waitUntil(lambda: box.toPlainText() == worded)
    lines = _lines(box)
    assert len(lines) > 3
    assert all(line.endswith(" ") for line in lines[:-1])  # never inside a word


def test_a_hostile_run_set_into_a_shown_box_is_laid_out_as_fast_as_words(
        ctx, open_window, clock, qtbot):
    """The profile fills its shown boxes with ``setPlainText``, which lays the text out at
    once: in Qt's default wrap 100,000 letters took ~1.8 s there against ~0.15 s in
    words, so the box chooses how to wrap before."""
    person = create_contact(clock, "Fill Target")
    window = _window_on(ctx, open_window, qtbot, person.id)
    box = window.profile.form.notes

    def fill(text: str) -> float:
        start = time.perf_counter()
        box.setPlainText(text)
        box.viewport().repaint()
        return time.perf_counter() - start

    worded = fill(("word " * (MAX_TEXT // 5)).strip())
    blob = fill("A" * MAX_TEXT)
    assert blob < 4 * max(worded, 0.25), (blob, worded)
    qtbot.wait(50)
    assert not box.horizontalScrollBar().isVisible()


def test_pasting_a_hostile_run_breaks_it_anywhere_at_once_and_deleting_it_goes_back(
        ctx, open_window, clock, qtbot):
    """Pasted with Ctrl+V into the intent, 100,000 letters lay out about as fast as as
    many letters in words, and wrap; once it is deleted again, words break at spaces
    as before."""
    person = create_contact(clock, "Paste Target")
    window = _window_on(ctx, open_window, qtbot, person.id)
    box = window.profile.form.intent
    box.setFocus()

    def paste(text: str) -> float:
        box.selectAll()
        qtbot.keyClick(box, Qt.Key.Key_Delete)
        data = QMimeData()
        data.setText(text)
        QGuiApplication.clipboard().setMimeData(data)
        start = time.perf_counter()
        qtbot.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        box.viewport().repaint()
        return time.perf_counter() - start

    worded = paste(("word " * (MAX_TEXT // 5)).strip())
    blob = paste("A" * MAX_TEXT)
    assert box.toPlainText() == "A" * MAX_TEXT
    assert box.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    qtbot.wait(50)
    assert not box.horizontalScrollBar().isVisible()
    assert blob < 4 * max(worded, 0.25), (blob, worded)
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, "short words")
    assert box.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
