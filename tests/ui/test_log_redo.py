"""Redo of a logged interaction puts back that very event: after Log, Ctrl+Z and
Ctrl+Shift+Z the event is the one logged (its rows, ids, time, group and follow-up), not a
new one logged at the time of the redo. Before, redo logged afresh: the interaction moved
to the moment of the redo (a coffee logged at 10:00 and redone at 10:20 read 10:20), its
follow-up was a new one, and a synced event came back as a new entry, whatever another
client had added to it lost (``tests/sync/test_undone_deletes.py`` has that part against
real servers)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import contacts
from relmanager.store.models import Contact, FollowUp, Interaction
from tests.ui.conftest import active_log_dialog


def _rows() -> tuple[list[dict], list[dict]]:
    return (list(Interaction.select().order_by(Interaction.id).dicts()),
            list(FollowUp.select().order_by(FollowUp.id).dicts()))


def test_redo_puts_back_the_event_logged_with_its_follow_up(qtbot, ctx, clock) -> None:
    ann, bo = (contacts.create_contact(clock, name, stage=Stage.FRIENDSHIP).id
               for name in ("Ann Lee", "Bo Chen"))
    dialog = active_log_dialog(ctx, qtbot, ann)
    dialog.also.add(bo, "Bo Chen")
    qtbot.keyClicks(dialog.note, "coffee at the station")
    dialog.follow_up.setChecked(True)
    qtbot.keyClicks(dialog.follow_up_title, "send the article")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().count() == 2, timeout=3000)
    logged = _rows()
    assert len(logged[1]) == 1 and logged[0][0]["group_key"]
    last_contact = Contact.get_by_id(ann).last_interaction_at

    clock.advance(timedelta(minutes=20))
    ctx.undo_stack.undo()
    assert _rows() == ([], [])
    clock.advance(timedelta(minutes=20))
    ctx.undo_stack.redo()
    assert _rows() == logged  # same ids, time, group, note, follow-up and its due date
    assert Contact.get_by_id(ann).last_interaction_at == last_contact
    assert FollowUp.get().contact_id == ann

    ctx.undo_stack.undo()  # and again: the same event each time
    ctx.undo_stack.redo()
    assert _rows() == logged


def _in_another_process(db_path, code: str) -> None:
    """``code`` run by a second program on the same database file (as a second window,
    the command line or a sync would)."""
    script = ("import sys\nfrom relmanager.store.db import init_db\n"
              "init_db(sys.argv[1])\n" + code)
    subprocess.run([sys.executable, "-c", script, str(db_path)], check=True, timeout=120,
                   cwd=Path(__file__).resolve().parents[2])


def test_redo_after_a_person_was_deleted_elsewhere_says_why_and_writes_nothing(
        qtbot, ctx, clock, db_path) -> None:
    """Between Ctrl+Z and Ctrl+Shift+Z another program deletes one of the people: the
    redo says who is missing in words and puts back nothing (not Ann's half of the event,
    not the follow-up). It read "Database error: FOREIGN KEY constraint failed"."""
    ann, bo = (contacts.create_contact(clock, name, stage=Stage.FRIENDSHIP).id
               for name in ("Ann Lee", "Bo Chen"))
    dialog = active_log_dialog(ctx, qtbot, ann)
    dialog.also.add(bo, "Bo Chen")
    dialog.follow_up.setChecked(True)
    qtbot.keyClicks(dialog.follow_up_title, "send the article")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().count() == 2, timeout=3000)
    ctx.undo_stack.undo()
    _in_another_process(db_path, "from relmanager.store import snapshots\n"
                        f"snapshots.delete_contacts([{bo}])")
    said: list[str] = []
    ctx.events.write_failed.connect(said.append)
    ctx.undo_stack.redo()
    assert said and said[0].startswith("Could not redo: Log ")
    assert "no longer in your contacts" in said[0] and "FOREIGN KEY" not in said[0]
    assert _rows() == ([], [])
    assert Contact.get_by_id(ann).last_interaction_at is None
    assert ctx.undo_stack.count() == 0  # no entry left for what did not happen


def test_redo_after_another_program_logged_meanwhile_keeps_both(qtbot, ctx, clock,
                                                                db_path) -> None:
    """The command line logs a call between Ctrl+Z and Ctrl+Shift+Z: it does not take
    the undone event's ids (AUTOINCREMENT), and the redo puts the event back beside it."""
    ann = contacts.create_contact(clock, "Ann Lee", stage=Stage.FRIENDSHIP).id
    dialog = active_log_dialog(ctx, qtbot, ann)
    qtbot.keyClicks(dialog.note, "coffee")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: Interaction.select().count() == 1, timeout=3000)
    logged = _rows()
    ctx.undo_stack.undo()
    _in_another_process(db_path, "from relmanager.domain.clock import SystemClock\n"
                        "from relmanager.store.activity import log_interaction\n"
                        f"log_interaction(SystemClock(), [{ann}], 'phone', note='call',"
                        " occurred_at=SystemClock().now() - __import__('datetime')"
                        ".timedelta(days=400))")
    ctx.undo_stack.redo()
    rows = _rows()[0]
    assert [r["note"] for r in rows] == ["coffee", "call"]
    assert rows[0] == logged[0][0] and rows[1]["id"] > rows[0]["id"]
