"""A failed write is never shown as done, and a locked database is not a crash.

A real second process holds the write lock (``BEGIN IMMEDIATE`` in its own sqlite3
connection) while the real board, through the real undo command, moves a card. The move
must not reach the database, must leave the card where it was, must leave no undo entry,
must say in the window what was not saved and why, and must not freeze the window for
more than about a second. Disk full and read-only are real SQLite refusals too
(``max_page_count``, ``query_only`` on the window's own connection)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.models import database

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextmanager
def another_process_writing(db_path: Path) -> Iterator[None]:
    """A separate process holds the database's write lock until the block ends."""
    with subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == "locked"
            yield
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=10)


def stage_in_file(db_path: Path, contact_id: int) -> str:
    """What another program reading the file sees."""
    with closing(sqlite3.connect(db_path)) as other:
        return other.execute("SELECT stage FROM contact WHERE id = ?",
                             (contact_id,)).fetchone()[0]


@pytest.fixture
def board_window(ctx, clock, open_window, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.RECOGNITION)
    window = open_window(ctx)
    window.resize(1366, 768)
    window.show_page("board")
    board = window.page_widget("board")
    qtbot.waitUntil(lambda: board.models[Stage.RECOGNITION].contains(ada.id), timeout=5000)
    board.wait_loaded()
    return window, board, ada.id


def _banner_text(window) -> str:
    return window.write_banner.message.text() if window.write_banner.isVisible() else ""


def test_a_locked_board_move_is_not_shown_as_done(board_window, ctx, db_path, qtbot):
    window, board, ada = board_window
    target = Stage.DEVELOPMENT
    with another_process_writing(db_path):
        started = time.monotonic()
        board.move([ada], target)
        frozen = time.monotonic() - started
        print(f"locked board move: the window waited {frozen:.3f} s")
        qtbot.wait(50)
        assert frozen < 1.2, f"the window froze {frozen:.2f} s"
        assert stage_in_file(db_path, ada) == "recognition"
        assert ctx.undo_stack.count() == 0 and not ctx.undo_stack.canUndo()
        assert board.models[Stage.RECOGNITION].contains(ada)
        assert not board.models[target].contains(ada)
        text = _banner_text(window)
        assert "Not saved" in text and "Move Ada Lovelace to Development" in text, text
        assert "in use by another program" in text, text
        assert "Moved" not in window.statusBar().currentMessage()
    board.wait_loaded()
    assert board.models[Stage.RECOGNITION].contains(ada)
    # The lock is gone: the same move now goes through, undoably.
    board.move([ada], target)
    assert stage_in_file(db_path, ada) == "development"
    assert ctx.undo_stack.count() == 1
    assert board.models[target].contains(ada)


def test_a_locked_undo_keeps_the_stack_truthful(board_window, ctx, db_path, qtbot):
    window, board, ada = board_window
    board.move([ada], Stage.DEVELOPMENT)
    assert ctx.undo_stack.count() == 1
    with another_process_writing(db_path):
        started = time.monotonic()
        ctx.undo_stack.undo()
        assert time.monotonic() - started < 1.2
        assert stage_in_file(db_path, ada) == "development"
        assert "Could not undo: Move Ada Lovelace to Development" in _banner_text(window)
        # The move stays done and is no longer offered as undoable: nothing pretends.
        assert ctx.undo_stack.count() == 0
        board.wait_loaded()
        assert board.models[Stage.DEVELOPMENT].contains(ada)


@pytest.mark.parametrize(("pragma", "why"), [
    ("max_page_count", "the disk is full"),
    ("query_only", "cannot be written"),
])
def test_disk_full_and_read_only_are_reported_not_shown(board_window, ctx, db_path, qtbot,
                                                        pragma, why):
    window, board, ada = board_window
    many = [ada, *(create_contact(ctx.clock, f"Person {n}", stage=Stage.RECOGNITION).id
                   for n in range(300))]
    if pragma == "max_page_count":
        (pages,) = database.execute_sql("PRAGMA page_count").fetchone()
        database.execute_sql(f"PRAGMA max_page_count = {pages}")
    else:
        database.execute_sql("PRAGMA query_only = 1")
    try:
        # A move that needs new pages: a stage change for many contacts at once.
        board.move(many, Stage.FRIENDSHIP)  # keys of cards not loaded: on the worker
        qtbot.waitUntil(lambda: "Not saved" in _banner_text(window), timeout=5000)
    finally:
        database.execute_sql("PRAGMA query_only = 0")
        database.execute_sql("PRAGMA max_page_count = 1073741823")
    text = _banner_text(window)
    assert "Not saved: Move Ada Lovelace and 300 others to Friendship" in text, text
    assert why in text.lower(), text
    assert stage_in_file(db_path, ada) == "recognition"
    assert ctx.undo_stack.count() == 0
    assert not board.models[Stage.FRIENDSHIP].contains(ada)


def test_a_locked_bulk_move_from_the_list_is_not_reported_as_moved(ctx, clock, db_path,
                                                                   open_window, qtbot):
    from tests.ui.conftest import refresh_list

    ids = [create_contact(clock, f"Person {n}", stage=Stage.ENCOUNTER).id for n in range(3)]
    window = open_window(ctx)
    refresh_list(window, qtbot)
    window.contacts.table.selectAll()
    with another_process_writing(db_path):
        window.contacts.move_selected(Stage.FRIENDSHIP)
    assert {stage_in_file(db_path, i) for i in ids} == {"encounter"}
    assert ctx.undo_stack.count() == 0
    assert "Not saved: Move Person 0 and 2 others to Friendship" in _banner_text(window)
    assert "Moved" not in window.statusBar().currentMessage()


def _vcards(count: int) -> str:
    return "".join(f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Imported Person {n}\r\n"
                   f"EMAIL:person{n}@example.org\r\nORG:Company {n % 50}\r\nEND:VCARD\r\n"
                   for n in range(count))


def _import_holds_the_lock(db_path: Path, importing: subprocess.Popen) -> bool:
    """True once the importing process is inside a write transaction."""
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as probe:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return True
        probe.execute("ROLLBACK")
    return False


def test_a_board_move_gets_through_a_20000_card_cli_import(board_window, ctx, db_path,
                                                            tmp_path, qtbot):
    """The CLI import commits in parts: the window's move waits at most ~1 s, then
    happens, undoably, while the import goes on and ends complete."""
    window, board, ada = board_window
    cards = tmp_path / "big.vcf"
    cards.write_text(_vcards(20_000))
    env = dict(os.environ)
    with subprocess.Popen([sys.executable, "-m", "relmanager", "--db", str(db_path),
                           "import", str(cards)], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as importing:
        deadline = time.monotonic() + 120
        while not _import_holds_the_lock(db_path, importing):
            assert importing.poll() is None, importing.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        started = time.monotonic()
        board.move([ada], Stage.DEVELOPMENT)
        waited = time.monotonic() - started
        print(f"board move during a 20,000-card import: the window waited {waited:.3f} s")
        still_importing = importing.poll() is None
        out, err = importing.communicate(timeout=300)
    assert importing.returncode == 0, err
    assert "20000 added" in out, out
    assert still_importing, "the import ended before the move: nothing was tested"
    assert waited < 1.2, f"the window waited {waited:.2f} s"
    assert not window.write_banner.isVisible(), _banner_text(window)
    assert stage_in_file(db_path, ada) == "development"
    assert ctx.undo_stack.count() == 1
    with closing(sqlite3.connect(db_path)) as other:
        assert other.execute("SELECT count(*) FROM contact").fetchone()[0] == 20_001


def test_a_locked_introduction_step_is_not_shown_as_done(ctx, clock, db_path, open_window,
                                                         qtbot):
    from relmanager.store import introductions
    from relmanager.store.models import Introduction

    ada = create_contact(clock, "Ada Lovelace").id
    bo = create_contact(clock, "Bo Berg").id
    intro = introductions.create_introduction(clock, requester_id=ada, target_id=bo)
    window = open_window(ctx)
    window.show_page("introductions")
    view = window.page_widget("introductions")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5000)
    view.table.selectRow(0)
    with another_process_writing(db_path):
        started = time.monotonic()
        assert not view.advance_selected()
        assert time.monotonic() - started < 1.2
    assert Introduction.get_by_id(intro.id).status == "requested"
    assert "Not saved: Asked for consent" in _banner_text(window)
    assert "in use by another program" in _banner_text(window)


def test_a_locked_log_keeps_the_dialog_open_with_what_was_typed(ctx, clock, db_path, qtbot):
    from relmanager.store.models import Interaction
    from relmanager.ui.shared.log_dialog import LogDialog

    nia = create_contact(clock, "Nia New", stage=Stage.ENCOUNTER).id
    dialog = LogDialog(ctx, None, nia)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wait_loaded()  # the channels, read on the dialog's worker
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    qtbot.keyClicks(dialog.note, "talked about the move")
    with another_process_writing(db_path):
        dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error.isVisible() and "Not saved" in dialog.error.text()
    assert dialog.note.toPlainText() == "talked about the move"
    assert Interaction.select().count() == 0 and ctx.undo_stack.count() == 0
    dialog.accept()  # the lock is gone: the same entry is saved
    assert Interaction.select().count() == 1 and ctx.undo_stack.count() == 1
