"""The contact table brings its own viewport (a widget Python made, so no ``viewport()``
call before the first paint makes PySide6 type a Qt-made widget, see ``ContactTable``).
It must be set up as the viewport Qt would have made, or the list would paint on the
window colour, lose touch scrolling, or escape style sheets aimed at Qt's viewport."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTableView
from shiboken6 import Shiboken

from relmanager.ui.contacts.contact_table import ContactTable


def test_the_tables_own_viewport_is_set_up_as_qts(qtbot):
    ours, qts = ContactTable(), QTableView()
    qtbot.addWidget(ours)
    qtbot.addWidget(qts)
    mine, theirs = ours.viewport(), qts.viewport()
    assert Shiboken.createdByPython(mine)  # the start-up saving itself
    assert not Shiboken.createdByPython(theirs)
    assert mine.parent() is ours
    assert mine.objectName() == theirs.objectName() == "qt_scrollarea_viewport"
    assert mine.backgroundRole() == theirs.backgroundRole() == QPalette.ColorRole.Base
    assert mine.autoFillBackground() and theirs.autoFillBackground()
    for attribute in Qt.WidgetAttribute:
        assert mine.testAttribute(attribute) == theirs.testAttribute(attribute), attribute
    assert mine.focusProxy() is ours  # keys typed on the rows reach the table


def test_the_table_paints_its_rows_on_its_own_viewport(qtbot):
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    table = ContactTable()
    qtbot.addWidget(table)
    model = QStandardItemModel(3, 1)
    for row in range(3):
        model.setItem(row, 0, QStandardItem(f"row {row}"))
    table.setModel(model)
    table.resize(300, 200)
    with qtbot.waitSignal(table.painted, timeout=5_000):
        table.show()
    assert table.indexAt(table.visualRect(model.index(1, 0)).center()).row() == 1
