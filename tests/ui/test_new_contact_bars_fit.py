"""The New contact dialog makes room for its bars: with the duplicate hint and the discard
question both shown, the Intent box was squeezed and cut off at the bottom (stranger2's
finding 10, at 1366x768): the dialog grows instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.store.contacts import create_contact
from tests.ui import layout_check

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_both_bars_shown_nothing_is_cut(ctx, open_window, clock, qtbot):
    create_contact(clock, "Anna Yamamoto", emails=["anna@cedar.example"])
    window = open_window(ctx)
    dialog = window.open_new_contact_dialog()
    qtbot.waitExposed(dialog)
    QTest.keyClicks(dialog.name, "Anna Duplicate")
    QTest.keyClicks(dialog.emails, "anna@cedar.example")
    dialog.check_duplicates()
    qtbot.waitUntil(dialog.duplicate_box.isVisible, timeout=3000)
    QTest.keyClick(dialog.emails, Qt.Key.Key_Escape)
    assert dialog.discard_bar.isVisible()
    qtbot.wait(50)  # the layout settles
    box = dialog.intent.parentWidget()  # "How you met": its frame and the Intent box
    assert box.height() >= box.minimumSizeHint().height()
    assert dialog.height() >= dialog.sizeHint().height()
    assert layout_check.clipping(dialog) == []
