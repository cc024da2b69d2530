"""Scrolling the contact list reads its later pages on the list's worker: the UI thread
runs no query while a 5,000-contact list is scrolled to its end (counted with SQLite's
trace callback on the UI thread's own connection), and the scrolled-to rows appear."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext, make_settings
from relmanager.store import queries
from relmanager.store.models import Contact, database

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = 5000


def _context_with(people: int, clock, db_path, tmp_path) -> AppContext:
    from relmanager.store import demo

    demo.generate(people, 0, clock.now())
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


def _shown_list(ctx: AppContext, qtbot):
    """The contact list, shown, once its full list (read on its worker) is in."""
    from relmanager.ui.contacts.contact_list import ContactListView

    view = ContactListView(ctx)
    qtbot.addWidget(view)
    view.resize(900, 600)
    with qtbot.waitSignal(view.results_applied, timeout=10_000):  # the full list
        view.show()
        qtbot.waitExposed(view)
        view.table.viewport().repaint()
    return view


@pytest.fixture
def big_list(db, db_path, clock, tmp_path, qtbot):
    view = _shown_list(_context_with(PEOPLE, clock, db_path, tmp_path), qtbot)
    assert view.model.rowCount() > PEOPLE * 0.8  # the default filter leaves out a few
    yield view
    view.shutdown()


def _shown(view, row: int) -> str:
    return view.model.index(row, 0).data()


def test_scrolling_to_the_end_reads_nothing_on_the_ui_thread_and_rows_appear(big_list,
                                                                             qtbot):
    view = big_list
    last = view.model.rowCount() - 1
    name = Contact.get_by_id(view.model.contact_id(last)).display_name
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        bar = view.table.verticalScrollBar()
        for step in range(1, 11):  # a scroll to the end in ten moves, painting each
            bar.setValue(bar.maximum() * step // 10)
            view.table.viewport().repaint()
        qtbot.waitUntil(lambda: _shown(view, last).startswith(name), timeout=10_000)
        view.table.viewport().repaint()  # the landed rows painted from memory
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    # Every row on screen at the end shows its contact, as read on the worker.
    top = view.table.rowAt(0)
    assert top > 4000
    ids = [view.model.contact_id(r) for r in range(top, last + 1)]
    rows = queries.rows_for(ids)
    assert [_shown(view, view.model.row_of(i)) for i in ids] == [
        rows[i]["display_name"] + ("  (archived)" if rows[i]["archived"] else "")
        for i in ids]


def test_a_changed_contact_is_read_again_on_the_worker(big_list, clock, qtbot):
    view = big_list
    view.table.scrollToBottom()
    last = view.model.rowCount() - 1
    qtbot.waitUntil(lambda: bool(_shown(view, last)), timeout=10_000)
    contact = Contact.get_by_id(view.model.contact_id(last))
    Contact.update(organisation="Renamed Org").where(Contact.id == contact.id).execute()
    view.model.refresh_rows()
    assert view.model.index(last, 1).data() != "Renamed Org"  # shown as it was, meanwhile
    qtbot.waitUntil(lambda: view.model.index(last, 1).data() == "Renamed Org", timeout=10_000)


def test_a_search_paints_the_new_rows_once(big_list, qtbot):
    """The model reset's item layout runs before the paint: run from its zero-delay timer
    after the paint, it had the table paint every keystroke's rows twice.

    Waits on conditions only (it waited a fixed 300 ms, and under load the first paint
    could come later, or a second one after): the first paint of the new rows, then
    turns of the event loop until everything already asked for (zero-delay timers,
    posted updates) has run (``tests.ui.settle``)."""
    from tests.ui.settle import settle

    view = big_list
    paints: list[int] = []
    view.table.painted.connect(lambda: paints.append(view.model.rowCount()))
    # Counted from the moment the results are applied: clearing after waitSignal returned
    # could drop the new rows' paint, delivered in the same turn of the loop.
    view.results_applied.connect(lambda *_: paints.clear())
    for text in ("a", "an", "ann"):
        with qtbot.waitSignal(view.results_applied, timeout=10_000):
            view.filters.search.setText(text)
            view._debounce.stop()
            view.refresh()
        rows = view.model.rowCount()
        qtbot.waitUntil(lambda rows=rows: rows in paints, timeout=10_000)  # the new rows
        settle(qtbot)  # and whatever they asked for
        assert paints == [rows], (text, paints)


def test_the_first_fill_reads_nothing_on_the_ui_thread(db, db_path, clock, tmp_path, qtbot):
    """The first screenful and the full list come from the worker: the list used to read
    its first page (and any page the worker had not answered yet) while painting."""
    ctx = _context_with(300, clock, db_path, tmp_path)
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        view = _shown_list(ctx, qtbot)
        view.table.scrollToBottom()
        view.table.viewport().repaint()
        last = view.model.rowCount() - 1
        qtbot.waitUntil(lambda: bool(_shown(view, last)), timeout=10_000)
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    assert view.model.rowCount() > 200
    view.shutdown()
