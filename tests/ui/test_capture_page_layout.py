"""The Capture page's behaviour around a run (review 18, item 10): the progress bar does
not move the buttons, a new preview clears the last one, the "add a source first" hint
goes once there is one, a cancel says "nothing was written" once, and "Add ticked people"
is enabled only with someone ticked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from relmanager.store import capture
from relmanager.store.models import Interaction
from relmanager.ui.capture.capture_page import READ_ONLY_NOTE
from tests.ui.test_capture_page import ME, _open, _type, _wait, mbox, people, write_mbox  # noqa: F401


@pytest.mark.usefixtures("people")
def test_a_run_keeps_the_buttons_still_and_says_things_once(open_window, ctx, qtbot, mbox,  # noqa: F811
                                                             tmp_path, clock):
    page = _open(open_window, ctx, qtbot)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)  # the sources are read on the preview's worker
    assert page.status.text().startswith("Add a mail folder")
    _type(qtbot, page.sources.me, ME)
    _type(qtbot, page.sources.path, str(mbox))
    assert page.status.text() == READ_ONLY_NOTE  # the hint is gone with a source

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
