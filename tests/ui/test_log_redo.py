"""Redo of a logged interaction puts back that very event: after Log, Ctrl+Z and
Ctrl+Shift+Z the event is the one logged (its rows, ids, time, group and follow-up), not a
new one logged at the time of the redo. Before, redo logged afresh: the interaction moved
to the moment of the redo (a coffee logged at 10:00 and redone at 10:20 read 10:20), its
follow-up was a new one, and a synced event came back as a new entry, whatever another
client had added to it lost (``tests/sync/test_undone_deletes.py`` has that part against
real servers)."""

from __future__ import annotations

from datetime import timedelta

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
