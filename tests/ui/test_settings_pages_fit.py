"""Settings as the window opens it, with the Privacy and Sync pages the services add
after the dialog has sized itself: the Sync page's Server, User name and Password boxes
were squeezed to about 14 px high, their text cut through, and Sync every's box shrunk
(stranger3's 122-settings-sync.png at 1366x768). Every page now gets at least the height
its rows ask for, and still does once a page has more to say (the Sync page's two-line
"not a server address" under its buttons squeezed the boxes again: stranger6)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_every_settings_page_has_room_for_its_rows(ctx, qtbot):
    from relmanager.ui.settings.encryption_page import EncryptionPage
    from relmanager.ui.settings.settings_dialog import SettingsDialog
    from relmanager.ui.settings.sync_page import SyncPage

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    extra = [("Privacy", EncryptionPage(ctx)), ("Sync", SyncPage(ctx))]
    for title, widget in extra:  # as relmanager.ui.settings.settings_dialog.open_settings
        dialog.add_page(title, widget)
    dialog.show()
    qtbot.waitExposed(dialog)
    squeezed = []
    for row in range(dialog.pages.count()):
        dialog.pages.setCurrentRow(row)
        qtbot.wait(50)
        squeezed += _squeezed(dialog)
    for _title, widget in extra:
        if hasattr(widget, "shutdown"):
            widget.shutdown()  # the Sync page's network check must not outlive the test
    assert not squeezed, "\n".join(squeezed)


def _squeezed(dialog) -> list[str]:
    """The boxes and buttons of the dialog's current page lower than they ask to be."""
    page = dialog.stack.currentWidget()
    found = []
    for kind in (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton):
        for box in page.findChildren(kind):
            if isinstance(box.parentWidget(), QAbstractSpinBox | QComboBox):
                continue  # the box's own editor, smaller than its box by design
            if box.isVisibleTo(page) and box.height() < box.sizeHint().height() - 1:
                found.append(f"{dialog.pages.currentItem().text()}: "
                             f"{type(box).__name__} {box.accessibleName() or ''!r} "
                             f"{box.height()} px of {box.sizeHint().height()}")
    return found


def test_a_two_line_sync_answer_leaves_the_boxes_their_room(ctx, qtbot):
    """Server typed without https://, Test connection: the answer takes two lines under
    the buttons, and the dialog grows for it instead of squeezing the boxes above."""
    from relmanager.ui.settings.settings_dialog import SettingsDialog
    from relmanager.ui.settings.sync_page import SyncPage

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    page = SyncPage(ctx)
    dialog.add_page("Sync", page)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.pages.setCurrentRow(dialog.pages.count() - 1)
    qtbot.wait(50)
    assert _squeezed(dialog) == []
    qtbot.keyClicks(page.url, "localhost:1/dav")
    qtbot.keyClicks(page.user, "me")
    qtbot.keyClicks(page.password, "pw")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a server address" in page.result.text(), timeout=5000)
    qtbot.wait(100)  # the layouts' turn
    try:
        assert page.result.heightForWidth(page.result.width()) > page.result.fontMetrics(
            ).height() * 1.5, "the answer fits one line: nothing to grow for"
        assert _squeezed(dialog) == []
    finally:
        page.shutdown()
