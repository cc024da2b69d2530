"""A search keystroke's results are painted from memory: the worker reads the ids and
the first page's rows together, so repainting the new list makes no query on the UI
thread (counted with SQLite's trace callback on that thread's own connection)."""

from __future__ import annotations

import pytest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import database
from tests.ui.conftest import refresh_list

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_keystroke_paints_its_first_page_without_reading(ctx, clock, qtbot, open_window):
    for n in range(30):
        create_contact(clock, f"Nakamura {n:02d}", organisation=f"Org {n}",
                       stage=Stage.ENCOUNTER)
    create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER)
    window = open_window(ctx)
    window.show_page("contacts")
    refresh_list(window, qtbot)
    contacts = window.contacts
    with qtbot.waitSignal(contacts.results_applied, timeout=5000):
        contacts.filters.search.setText("nakam")
    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        contacts.table.viewport().repaint()
        shown = [contacts.model.index(r, 0).data() for r in range(contacts.model.rowCount())]
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    assert len(shown) == 30 and all(name.startswith("Nakamura") for name in shown)
