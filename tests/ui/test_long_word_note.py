"""A note that is one unbroken run of 100,000 characters (the most the limits allow, from
a vCard's NOTE or a pasted blob) froze the window for seconds when its contact was
selected: Qt's default wrap (at word boundaries or anywhere) lays out such a word in time
quadratic in its length, ~4 s on a 2-core laptop against ~0.15 s for the same length in
words (stranger3's finding 1). The profile's form now wraps at word boundaries only.

What is measured is the window's longest stall, by a 10 ms timer on the UI thread, while
a real click on the row shows the contact; it is compared with the stall for a note of
the same length in words, so a loaded machine slows both alike."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest
from PySide6.QtCore import QTimer

from relmanager.domain.limits import MAX_TEXT
from relmanager.store.contacts import create_contact
from tests.ui.conftest import click_contact_row, profile_shown, refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _longest_stall(window, qtbot, contact_id: int) -> float:
    """Click ``contact_id``'s row and return the longest gap between two ticks of a
    10 ms timer until its profile has landed (with the note in the form)."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticks.append(time.perf_counter())
    timer.start()
    click_contact_row(window, qtbot, contact_id)
    profile_shown(window.profile, qtbot, contact_id)
    qtbot.wait(100)  # the paint after the fill, and a tick after it
    timer.stop()
    return max(b - a for a, b in pairwise(ticks))


def test_an_unbroken_note_does_not_freeze_the_window(ctx, open_window, clock, qtbot):
    unbroken = "A" * MAX_TEXT
    worded = ("word " * (MAX_TEXT // 5)).strip()
    blob = create_contact(clock, "Blob Note", notes=unbroken)
    words = create_contact(clock, "Word Note", notes=worded)
    create_contact(clock, "Another Person")
    window = open_window(ctx)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    stall_words = _longest_stall(window, qtbot, words.id)
    assert window.profile.form.notes.toPlainText() == worded
    stall_blob = _longest_stall(window, qtbot, blob.id)
    assert window.profile.form.notes.toPlainText() == unbroken  # all of it, unchanged
    # Before the fix: ~4 s against ~0.15 s. Four times the worded stall (at least a
    # quarter second) leaves room for a busy machine.
    assert stall_blob < 4 * max(stall_words, 0.25), (stall_blob, stall_words)
