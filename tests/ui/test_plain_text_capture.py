"""Contact and mail text stays plain in the tooltips test_plain_text's page sweep does not
reach: the Capture page's preview (people captured, and strangers named by a From header
of someone's mail) and the log dialog's "also with" chips.

Before: the chip's tooltip was the raw name (its comment said an item's tooltip is shown
as text; Qt guesses rich text for item tooltips as for widgets'), and the preview's
tooltips were the raw cell text, so a From header's display name such as
``<img src="file:///etc/passwd"><b>X</b>`` was rendered, the image loaded.
"""

from __future__ import annotations

import base64

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt

from relmanager.domain.stages import Stage
from relmanager.store import capture, contacts
from tests.ui.test_capture_page import ME, _open, _type, _wait, write_mbox
from tests.ui.test_plain_text import HOSTILE, leaks, shows_verbatim


def _verbatim(tip: str, original: str) -> bool:
    return shows_verbatim(tip, original) if GuiQt.mightBeRichText(tip) else original in tip


def test_capture_preview_tooltips_show_names_from_mail_verbatim(
        open_window, ctx, qtbot, db, clock, tmp_path):
    contacts.create_contact(clock, HOSTILE, emails=["ada@example.com"],
                            stage=Stage.FRIENDSHIP)
    capture.add_me([ME])
    # An encoded word: any text at all in a From header's display name.
    encoded = base64.b64encode(HOSTILE.encode()).decode()
    stranger = f"=?utf-8?b?{encoded}?= <stranger@unknown.example>"
    mbox = write_mbox(tmp_path / "in.mbox", [
        (ME, "ada@example.com", ""), (stranger, ME, ""), (stranger, ME, "m1@test")],
        clock.now())
    page = _open(open_window, ctx, qtbot)
    _type(qtbot, page.sources.path, str(mbox))
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    panel = page.panel
    assert panel.people.rowCount() == 1 and panel.unknown.count() == 1
    person = panel.people.item(0, 0)
    stranger_item = panel.unknown.item(0)
    assert person.text() == HOSTILE
    assert HOSTILE in stranger_item.text()
    for item in (person, stranger_item):
        assert not leaks(item.toolTip()), item.toolTip()
        assert _verbatim(item.toolTip(), item.text()), item.toolTip()


def test_log_dialog_chips_show_the_name_verbatim(ctx, qtbot, db, clock):
    from relmanager.ui.shared.log_dialog import LogDialog

    ada = contacts.create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    bob = contacts.create_contact(clock, HOSTILE, stage=Stage.FRIENDSHIP)
    dialog = LogDialog(ctx, contact_id=ada.id)
    qtbot.addWidget(dialog)
    assert dialog.also.add(bob.id, bob.display_name)
    item = dialog.also.list.item(0)
    assert not leaks(item.toolTip()), item.toolTip()
    assert _verbatim(item.toolTip(), HOSTILE), item.toolTip()
