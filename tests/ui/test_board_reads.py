"""The board paints from memory: no database query on the UI thread while its cards are
painted (counted with SQLite's trace callback on the UI thread's own connection), cards
beyond the first read arrive from the worker, and a failed card read says so."""

from __future__ import annotations

import pytest

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.services.context import AppContext
from relmanager.store import board_cards
from relmanager.store.contacts import create_contact
from relmanager.store.models import database
from relmanager.ui.board.board import BoardView
from relmanager.ui.board.board_model import CARD_ROLE
from tests.ui.test_load_failures import broken, failure_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def board(db, db_path, clock, qtbot, monkeypatch):
    monkeypatch.setattr(board_cards, "FIRST_CARDS", 2)  # the rest come as painted
    for n in range(6):
        create_contact(clock, f"Person {n}", stage=Stage.INBOX, organisation=f"Org {n}",
                       tags=["python"])
    create_contact(clock, "Fay Friend", stage=Stage.FRIENDSHIP)
    view = BoardView(AppContext.create(clock, db_path))
    qtbot.addWidget(view)
    view.resize(1280, 700)
    view.show()
    qtbot.waitExposed(view)
    view.wait_loaded()
    yield view
    view.shutdown()


def _paint_counting_queries(view: BoardView) -> list[str]:
    """Repaint every column now, recording what the UI thread's connection runs."""
    statements: list[str] = []
    conn = database.connection()  # this (the UI) thread's connection
    conn.set_trace_callback(statements.append)
    try:
        for column in view.columns.values():
            column.list.viewport().repaint()
    finally:
        conn.set_trace_callback(None)
    return statements


def _cards(view: BoardView, stage: Stage) -> list:
    model = view.models[stage]
    return [model.index(row).data(CARD_ROLE) for row in range(model.rowCount())]


def test_painting_reads_nothing_and_later_cards_come_from_the_worker(board, qtbot):
    inbox = _cards(board, Stage.INBOX)
    assert [c is not None for c in inbox] == [True, True] + [False] * 4  # first read: 2
    assert _paint_counting_queries(board) == []
    # The paint asked for the missing cards; the worker reads them and the column repaints.
    qtbot.waitUntil(lambda: all(c is not None for c in _cards(board, Stage.INBOX)),
                    timeout=5000)
    assert [c.organisation for c in _cards(board, Stage.INBOX)] == [
        f"Org {n}" for n in range(6)]
    assert _cards(board, Stage.INBOX)[5].tags == ("python",)
    assert _paint_counting_queries(board) == []  # painted with their details, from memory
    assert not failure_shown(board)


def test_a_reload_refreshes_cards_without_reading_on_the_ui_thread(board, clock, qtbot):
    qtbot.waitUntil(lambda: all(c is not None for c in _cards(board, Stage.INBOX)),
                    timeout=5000)
    create_contact(clock, "Aaron Early", stage=Stage.INBOX)
    board.ctx.events.contacts_changed.emit([])
    board.wait_loaded()
    assert _paint_counting_queries(board) == []
    qtbot.waitUntil(lambda: all(c is not None for c in _cards(board, Stage.INBOX)),
                    timeout=5000)
    names = [c.display_name for c in _cards(board, Stage.INBOX)]
    assert "Aaron Early" in names and len(names) == 7
    assert sum(board.models[s].total for s in BOARD_ORDER) == 8


def test_a_failed_card_read_says_so_and_the_next_change_loads_again(board, clock, db_path,
                                                                      qtbot):
    for n in range(40):  # a second page of cards, read only when scrolled to
        create_contact(clock, f"Zed {n:02d}", stage=Stage.INBOX)
    board.ctx.events.contacts_changed.emit([])
    board.wait_loaded()
    inbox = board.columns[Stage.INBOX].list
    with broken(db_path):
        inbox.scrollToBottom()
        inbox.viewport().repaint()  # asks for the last page's cards: the read fails
        qtbot.waitUntil(lambda: failure_shown(board), timeout=5000)
    board.ctx.events.contacts_changed.emit([])
    qtbot.waitUntil(lambda: not board.loading and not failure_shown(board), timeout=5000)
    inbox.scrollToBottom()
    inbox.viewport().repaint()
    qtbot.waitUntil(lambda: _cards(board, Stage.INBOX)[-1] is not None, timeout=5000)


def test_scrolling_a_big_column_reads_its_next_ids_on_the_worker(board, clock, qtbot,
                                                                 monkeypatch):
    from relmanager.store import board_queries

    monkeypatch.setattr(board_queries, "PAGE_IDS", 5)
    for n in range(40):
        create_contact(clock, f"Zed {n:02d}", stage=Stage.INBOX)
    board.ctx.events.contacts_changed.emit([])
    board.wait_loaded()
    model = board.models[Stage.INBOX]
    loaded = model.rowCount()
    assert loaded < 46 and model.total == 46
    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        lst = board.columns[Stage.INBOX].list
        for _ in range(20):  # scroll to the end as each page lands
            lst.scrollToBottom()
            lst.viewport().repaint()
            before = model.rowCount()
            if before == 46:
                break
            qtbot.waitUntil(lambda before=before: model.rowCount() > before, timeout=5000)
    finally:
        conn.set_trace_callback(None)
    assert model.rowCount() == 46
    assert statements == []


def _outside_writes(statements: list[str]) -> list[str]:
    """The statements not inside a write transaction (BEGIN .. COMMIT/ROLLBACK) nor the
    write guard's own ``PRAGMA busy_timeout`` around it: the reads the UI thread made of
    its own accord."""
    outside, depth = [], 0
    for sql in statements:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head == "BEGIN":
            depth += 1
        elif head in ("COMMIT", "ROLLBACK", "END"):
            depth = max(0, depth - 1)
        elif not depth and not sql.upper().startswith("PRAGMA BUSY_TIMEOUT"):
            outside.append(sql)
    return outside


def test_a_drop_reads_nothing_on_the_ui_thread_beyond_its_write(board, clock, qtbot,
                                                               monkeypatch):
    """The moved cards' stages, sort keys and names come from what the worker read
    (the columns and the card cache); a card landing past the target column's loaded
    part arrives with that column's next page, read on the worker."""
    from relmanager.store import board_queries

    monkeypatch.setattr(board_queries, "PAGE_IDS", 5)
    for n in range(20):
        create_contact(clock, f"Ann {n:02d}", stage=Stage.ENCOUNTER)
    board.ctx.events.contacts_changed.emit([])
    board.wait_loaded()
    qtbot.waitUntil(lambda: all(c is not None for c in _cards(board, Stage.INBOX)),
                    timeout=5000)
    encounter = board.models[Stage.ENCOUNTER]
    assert encounter.rowCount() < encounter.total == 20
    people = board.models[Stage.INBOX].ids()[:2]  # "Person 0", "Person 1": after "Ann"
    statements: list[str] = []
    conn = database.connection()
    conn.set_trace_callback(statements.append)
    try:
        board.move(people, Stage.ENCOUNTER)
        qtbot.waitUntil(lambda: set(people) <= set(encounter.ids()), timeout=5000)
    finally:
        conn.set_trace_callback(None)
    assert any(s.lstrip().upper().startswith("UPDATE") for s in statements)  # the write
    assert _outside_writes(statements) == []
    assert encounter.total == 22 and board.models[Stage.INBOX].total == 4
    assert board.columns[Stage.ENCOUNTER].list.selected_ids() == people
    assert board.ctx.undo_stack.text(0) == "Move Person 0 and Person 1 to Encounter"
    assert board_queries.sort_keys(people) == {
        i: ("encounter", k) for i, k in encounter.keys_of(people).items()}


def test_a_move_the_columns_are_behind_on_still_reaches_the_store(board, db_path, qtbot):
    """Another process moved a card after the board read it: the board still shows it
    in Inbox. Moving it to Inbox (where it is shown) must put it back there, not be
    skipped because the column says it is there already: the store compares with what
    is stored. (Found by tests/reliability/test_live_app.py, where a `relmanager log`
    beside the window had moved the contact.)"""
    import subprocess
    import sys

    from relmanager.store.models import Contact

    board.wait_loaded()
    person = board.models[Stage.INBOX].ids()[0]
    # Another process's write (never a second connection opened in this one: closing it
    # would drop this process's SQLite locks), not announced to the board.
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    "c.execute(\"UPDATE contact SET stage = 'encounter' WHERE id = ?\", "
                    "(int(sys.argv[2]),)); c.commit()", str(db_path), str(person)], check=True)
    assert person in board.models[Stage.INBOX].ids()  # the column is behind
    board.move([person], Stage.INBOX)
    qtbot.waitUntil(lambda: Contact.get_by_id(person).stage == Stage.INBOX.value,
                    timeout=5000)


def test_a_board_built_to_be_shown_reads_once_while_it_is_built(db, db_path, clock, qtbot):
    """The window builds the board on its first show (``ui.pages``, ``read_now``): the
    read is on the worker before the page is shown, and the show adds none."""
    create_contact(clock, "Fay Friend", stage=Stage.FRIENDSHIP)
    view = BoardView(AppContext.create(clock, db_path), read_now=True)
    qtbot.addWidget(view)
    assert view.loading  # submitted by the construction, before any show
    submitted: list[object] = []
    real_submit = view.loader.reader.submit

    def counting(*args, **kwargs):
        submitted.append(args[0])
        return real_submit(*args, **kwargs)

    view.loader.reader.submit = counting
    view.show()
    qtbot.waitExposed(view)
    view.wait_loaded()
    assert submitted == []  # the show used the read already under way
    assert [c.display_name for c in _cards(view, Stage.FRIENDSHIP)] == ["Fay Friend"]
    view.shutdown()


def test_a_read_answered_before_the_board_is_shown_is_laid_out_at_its_size(db, db_path,
                                                                           clock, qtbot):
    """Built to be shown but answered while still hidden (a small store), the cards are
    laid out once the page has its size, not at a hidden page's default width."""
    from PySide6.QtWidgets import QApplication

    create_contact(clock, "Fay Friend", stage=Stage.FRIENDSHIP)
    view = BoardView(AppContext.create(clock, db_path), read_now=True)
    qtbot.addWidget(view)
    view.loader.reader.wait()
    QApplication.processEvents()  # the answer lands while the page is hidden
    view.resize(1280, 700)
    view.show()
    qtbot.waitExposed(view)
    view.wait_loaded()
    lst = view.columns[Stage.FRIENDSHIP].list
    card = lst.visualRect(view.models[Stage.FRIENDSHIP].index(0))
    assert [c.display_name for c in _cards(view, Stage.FRIENDSHIP)] == ["Fay Friend"]
    assert 0 < card.width() <= lst.viewport().width()
    view.shutdown()
