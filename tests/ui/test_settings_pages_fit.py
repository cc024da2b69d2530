"""Settings as the window opens it, with the Privacy and Sync pages the services add
after the dialog has sized itself: the Sync page's Server, User name and Password boxes
were squeezed to about 14 px high, their text cut through, and Sync every's box shrunk
(stranger3's 122-settings-sync.png at 1366x768). Every page now gets at least the height
its rows ask for."""

from __future__ import annotations

import pytest
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
        page = dialog.stack.currentWidget()
        for kind in (QLineEdit, QAbstractSpinBox, QComboBox, QAbstractButton):
            for box in page.findChildren(kind):
                if isinstance(box.parentWidget(), QAbstractSpinBox | QComboBox):
                    continue  # the box's own editor, smaller than its box by design
                if box.isVisibleTo(page) and box.height() < box.sizeHint().height() - 1:
                    squeezed.append(f"{dialog.pages.item(row).text()}: "
                                    f"{type(box).__name__} {box.accessibleName() or ''!r} "
                                    f"{box.height()} px of {box.sizeHint().height()}")
    for _title, widget in extra:
        if hasattr(widget, "shutdown"):
            widget.shutdown()  # the Sync page's network check must not outlive the test
    assert not squeezed, "\n".join(squeezed)
