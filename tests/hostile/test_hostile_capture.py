"""The Capture page's preview shows names by the display rule, as every other page does
(tests/hostile/test_hostile_pages.py walks those): a contact captured and a stranger named
by a From header's display name (an encoded word can carry any character at all) show no
control character and no bidi override, in their cells, list items and tooltips, and
the summary names a file whatever its name holds. Before,
the preview put the names as they came: "Bob<RLO>gpj.exe" read "Bobexe.jpg", and an ESC
sequence from a header went to the screen reader and the tooltip as it was."""

from __future__ import annotations

import base64

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from relmanager.domain.stages import Stage
from relmanager.store import capture, contacts
from relmanager.store.models import Contact
from tests.hostile.test_hostile_pages import BAD, RLO, shown_texts
from tests.ui.test_capture_page import ME, _open, _wait, write_mbox


def _paste(qtbot, field: QLineEdit, text: str) -> None:
    """The path pasted into the field with Ctrl+V, then Enter."""
    QApplication.clipboard().setText(text)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == text
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_capture_preview_shows_mail_and_contact_names_plainly(
        open_window, ctx, qtbot, db, clock, tmp_path):
    bob = contacts.create_contact(clock, "Placeholder", emails=["bob@example.com"],
                                  stage=Stage.FRIENDSHIP)
    Contact.update(display_name=f"Bob{RLO}gpj.exe\x1b[2J").where(
        Contact.id == bob.id).execute()
    capture.add_me([ME])
    name = f"Eve\x1b]0;pwned\x07 {RLO}yrallaM"
    stranger = (f"=?utf-8?b?{base64.b64encode(name.encode()).decode()}?= "
                "<eve@unknown.example>")
    mbox = write_mbox(tmp_path / f"in{RLO}xobm..mbox", [
        (ME, "bob@example.com", ""), (stranger, ME, ""), (stranger, ME, "m1@test")],
        clock.now())
    with mbox.open("a", encoding="utf-8") as file:  # a message with no date: named, skipped
        file.write(f"From {ME} Sat Jan  1 00:00:00 2000\nFrom: {ME}\nTo: bob@example.com\n"
                   "Subject: undated\n\nno Date header\n\n")
    page = _open(open_window, ctx, qtbot)
    _paste(qtbot, page.sources.path, str(mbox))  # (no key types an override)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    panel = page.panel
    assert "Skipped, could not be read: " in panel.summary.text()  # the file named plainly
    assert panel.people.rowCount() == 1 and panel.unknown.count() == 1
    assert "Bobgpj.exe" in panel.people.item(0, 0).text()
    assert "Eve" in panel.unknown.item(0).text() and "Mallary" not in panel.unknown.item(0).text()
    for index in range(panel.count()):  # the preview's tabs: people, strangers, past runs
        panel.setCurrentIndex(index)
        bad = [(where, text) for where, text in shown_texts(panel) if BAD.search(text)]
        assert not bad, bad
