"""The Capture page's behaviour around a run (review 18, item 10): the progress bar does
not move the buttons, a new preview clears the last one, the "add a source first" hint
goes once there is one, a cancel says "nothing was written" once, and "Add ticked people"
is enabled only with someone ticked."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt

from relmanager.store import capture
from relmanager.store.models import Interaction
from relmanager.ui.capture.capture_page import READ_ONLY_NOTE
from relmanager.ui.capture.sources_box import SourcesBox
from tests.ui.test_capture_page import ME, _open, _type, _wait, mbox, people, write_mbox  # noqa: F401


@pytest.mark.usefixtures("people")
def test_a_run_keeps_the_buttons_still_and_says_things_once(open_window, ctx, qtbot, mbox,  # noqa: F811
                                                             tmp_path, clock):
    page = _open(open_window, ctx, qtbot)
    _type(qtbot, page.sources.me, ME)
    _type(qtbot, page.sources.path, str(mbox))
    assert page.status.text() == READ_ONLY_NOTE

    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    assert page.panel.people.rowCount() == 2 and page.panel.unknown.count() == 1
    assert not page.panel.add_checked.isEnabled()  # listed, not ticked
    item = page.panel.unknown.item(0)
    qtbot.mouseClick(page.panel.unknown.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.panel.unknown.visualItemRect(item).center())
    qtbot.keyClick(page.panel.unknown, Qt.Key.Key_Space)
    assert page.panel.add_checked.isEnabled()

    big = write_mbox(tmp_path / "big.mbox", [(ME, "ada@example.com", "")] * 100_000,
                     clock.now())
    _type(qtbot, page.sources.path, str(big))
    where = {b: b.mapTo(page, QPoint(0, 0)) for b in
             (page.preview_button, page.capture_button, page.cancel_button)}
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible()
    assert {b: b.mapTo(page, QPoint(0, 0)) for b in where} == where  # nothing moved
    # The last preview is gone while this one reads: no stale people, nothing to tick.
    assert page.panel.people.rowCount() == 0 and page.panel.unknown.count() == 0
    assert not page.panel.add_checked.isEnabled()
    qtbot.waitUntil(lambda: page.progress.value() > 0, timeout=10000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    said = (page.status.text() + "\n" + page.panel.summary.text()).lower()
    assert said.count("nothing was written") == 1, said
    assert page.status.text() == "Cancelled: nothing was written."
    assert {b: b.mapTo(page, QPoint(0, 0)) for b in where} == where
    assert Interaction.select().count() == 0 and capture.batches() == []


def _inked(widget) -> int:
    """Pixels of the widget's viewport that differ from its top-left one (text drawn)."""
    image = widget.viewport().grab().toImage()
    background = image.pixel(0, 0)
    return sum(image.pixel(x, y) != background
               for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_without_a_source_preview_is_off_and_the_list_says_what_to_add(
        open_window, ctx, qtbot, tmp_path):
    """A first user met an enabled Preview beside an empty, wordless list: Preview is
    off until a source is on screen (a file, an IMAP address, the account's calendars),
    and the empty list names what to add."""
    page = _open(open_window, ctx, qtbot)
    listing = page.sources.list
    assert listing.count() == 0 and not page.preview_button.isEnabled()
    assert page.preview_button.toolTip().startswith("Add a mail folder")
    assert _inked(listing) > 50  # the placeholder's words
    page.sources.account.setChecked(True)
    assert page.preview_button.isEnabled()
    page.sources.account.setChecked(False)
    assert not page.preview_button.isEnabled()
    _type(qtbot, page.sources.path, str(tmp_path / "Sent.mbox"))
    assert listing.count() == 1 and page.preview_button.isEnabled()
    assert page.preview_button.toolTip() == ""
    listing.setCurrentRow(0)
    qtbot.mouseClick(page.sources.remove, Qt.MouseButton.LeftButton)
    assert listing.count() == 0 and not page.preview_button.isEnabled()


def test_without_a_source_the_preview_says_what_to_do_first(open_window, ctx, qtbot,
                                                             tmp_path):
    """With no source Preview is off, yet its place said "Press Preview…": it says to
    add a source first, and "Press Preview" once one is on screen."""
    page = _open(open_window, ctx, qtbot)
    summary = page.panel.summary
    assert not page.preview_button.isEnabled()
    assert "Press Preview" not in summary.text()
    assert summary.text().startswith("Nothing to preview yet. Add a mail folder")
    page.sources.account.setChecked(True)
    assert summary.text().startswith("Press Preview")
    page.sources.account.setChecked(False)
    assert summary.text().startswith("Nothing to preview yet")
    _type(qtbot, page.sources.path, str(tmp_path / "Sent.mbox"))
    assert summary.text().startswith("Press Preview")


def test_the_reads_say_reading_then_what_they_found_or_why_not(open_window, ctx, qtbot,
                                                               db_path):
    """The sources and past runs are read on workers: until they land the list and Past
    runs say "Reading…" (not "No sources yet", an empty table), then what was found, and
    a failed read says why where the sources would be."""
    window = open_window(ctx)
    window.show_page("capture")
    page = window.page_widget("capture")
    # Built just now, no answer delivered yet (answers come through the event loop).
    assert page.sources.list.placeholder.startswith("Reading")
    assert page.panel.runs_note.text().startswith("Reading")
    assert page.panel.summary.text().startswith("Reading")
    assert not page.preview_button.isEnabled()
    qtbot.waitUntil(lambda: page.sources.list.placeholder.startswith("No sources yet"),
                    timeout=10000)
    qtbot.waitUntil(lambda: page.panel.runs_note.text().startswith("No capture run yet"),
                    timeout=10000)
    assert page.panel.summary.text().startswith("Nothing to preview yet")

    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("ALTER TABLE setting RENAME TO setting_away")  # the sources' table
    try:
        box = SourcesBox(ctx)
        qtbot.addWidget(box)
        qtbot.waitUntil(lambda: not box.list.placeholder.startswith("Reading"),
                        timeout=10000)
    finally:
        other.execute("ALTER TABLE setting_away RENAME TO setting")
        other.close()
    assert box.list.placeholder.startswith("Could not read your capture sources")
    assert "no such table" in box.list.placeholder
