"""The contact list on a wide screen (1920x1200, 2560x1440), the window at that size and
the list/profile split the app makes: the room the columns do not need went to the last
column, a Give/take of "+2" and "even" 250 px wide at 1920 and 550 px at 2560 beside
names and organisations at their reading width. Now each column but the last gets some
air and names and organisations the rest; nothing is cut, and the columns fill the list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from relmanager.store import demo
from relmanager.ui.contacts.column_widths import BOUNDED_AIR, WIDE_CHARS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.mark.parametrize("size", [QSize(1920, 1200), QSize(2560, 1440)])
def test_a_wide_list_shares_its_room_and_leaves_no_wide_empty_last_column(
        open_window, ctx, clock, qtbot, size):
    demo.generate(400, 5000, clock.now())
    window = open_window(ctx)
    window.resize(size)
    window.show_page("contacts")
    qtbot.waitUntil(lambda: window.contacts.model.rowCount() > 0, timeout=5000)
    qtbot.wait(200)
    table = window.contacts.table
    header = table.horizontalHeader()
    fitter = window.contacts.column_fitter
    widths = [header.sectionSize(c) for c in range(header.count())]
    natural = [fitter.natural[c] for c in range(header.count())]
    assert not any(table.isColumnHidden(c) for c in range(header.count()))
    assert sum(widths) == table.viewport().width()  # the columns fill the list
    assert all(w >= n for w, n in zip(widths, natural, strict=True))  # none cut
    last = header.count() - 1
    assert widths[last] <= natural[last] + 8, (widths, natural)  # no wide empty Give/take
    em = table.fontMetrics().averageCharWidth()
    for column in range(1, last):  # air for the bounded columns, the rest for free text
        if column not in WIDE_CHARS:
            assert widths[column] <= natural[column] * (1 + BOUNDED_AIR) + 1
    for column, chars in WIDE_CHARS.items():
        assert widths[column] >= chars * em
