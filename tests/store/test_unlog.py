"""Undo and redo of a logged event at the store (``event_edits.unlog``/``relog``, what
the Log command's Ctrl+Z and Ctrl+Shift+Z write): the very rows back, the follow-up as it
was when undone, warmth and due dates recomputed, and a synced row's server text kept for
its return. The window's journey is ``tests/ui/test_log_redo.py``, the servers'
``tests/sync/test_undone_deletes.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError
from relmanager.store.event_edits import delete_event, relog, restore_rows, unlog
from relmanager.store.follow_ups import create_follow_up, set_done
from relmanager.store.models import Contact, FollowUp, Interaction


def _state() -> tuple[list[dict], list[dict], list[dict]]:
    people = list(Contact.select().order_by(Contact.id).dicts())  # warmth, due dates
    return (list(Interaction.select().order_by(Interaction.id).dicts()),
            list(FollowUp.select().order_by(FollowUp.id).dicts()), people)


def test_unlog_then_relog_puts_back_the_event_its_follow_up_and_warmth(db, clock):
    ann, bo = (create_contact(clock, n, stage=Stage.FRIENDSHIP).id for n in ("Ann", "Bo"))
    create_follow_up(clock, bo, "a bystander", clock.now())  # stays through it all
    before = _state()
    logged = log_interaction(clock, [ann, bo], "one_on_one", note="station",
                             follow_up=("send the article", clock.now() + timedelta(days=2)))
    set_done(clock, logged.follow_up_id)  # as it is when undone is what comes back
    after = _state()
    clock.advance(timedelta(hours=3))
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    assert _state() == before
    assert [row["id"] for row in undone.deleted.rows] == logged.interaction_ids
    assert undone.follow_up is not None and undone.follow_up["id"] == logged.follow_up_id
    relog(undone)
    assert _state() == after


def test_unlog_keeps_what_another_device_deleted_meanwhile_out(db, clock):
    ann = create_contact(clock, "Ann").id
    logged = log_interaction(clock, [ann], "phone", follow_up=("call back", clock.now()))
    Interaction.delete().execute()
    FollowUp.delete().execute()
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    assert undone.deleted.rows == () and undone.follow_up is None
    relog(undone)
    assert (Interaction.select().count(), FollowUp.select().count()) == (0, 0)


def test_unlog_without_a_follow_up_leaves_other_follow_ups_alone(db, clock):
    sync_state.enable_tracking()  # (a follow-up's kept text is looked for only if any)
    ann = create_contact(clock, "Ann").id
    other = log_interaction(clock, [ann], "phone", follow_up=("call back", clock.now()))
    logged = log_interaction(clock, [ann], "email")
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    assert undone.follow_up is None and undone.follow_up_texts == ()
    assert [f.id for f in FollowUp.select()] == [other.follow_up_id]
    relog(undone)
    assert Interaction.select().count() == 2


def test_a_synced_event_and_task_undone_keep_their_server_texts_for_the_redo(db, clock):
    sync_state.enable_tracking()
    ann = create_contact(clock, "Ann").id
    logged = log_interaction(clock, [ann], "phone", follow_up=("call back", clock.now()))
    (event_id,) = logged.interaction_ids
    for kind, local_id in (("interaction", event_id), ("follow_up", logged.follow_up_id)):
        sync_state.record_pairing(kind, local_id, f"{kind}-uid", f"/{kind}.ics", "e1",
                                  {"note": ""}, raw=f"BEGIN:X\r\nX-THEIRS:{kind}\r\nEND:X\r\n")
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    assert [t[:3] for t in undone.follow_up_texts] == [
        ("follow_up", "follow_up-uid", "BEGIN:X\r\nX-THEIRS:follow_up\r\nEND:X\r\n")]
    assert [t[:2] for t in undone.deleted.sync_texts] == [("interaction", "interaction-uid")]
    for kind in ("interaction", "follow_up"):
        sync_state.forget(f"/{kind}.ics")  # the sync DELETEd them there
    relog(undone)
    for kind in ("interaction", "follow_up"):
        text, _base = sync_state.left_behind(kind, f"{kind}-uid")
        assert text == f"BEGIN:X\r\nX-THEIRS:{kind}\r\nEND:X\r\n"


_WENT = (r"^someone at this event is no longer in your contacts \(deleted or merged "
         r"meanwhile\); nothing was put back$")


def test_relog_and_an_undone_delete_refuse_in_words_when_the_person_went_meanwhile(db, clock):
    """The contact deleted (another window, program or a sync) between the undo and the
    redo: a NotFoundError saying so and nothing put back, for the Log command's redo
    (also when only its follow-up was left to put back) and for History's undone delete.
    SQLite's "FOREIGN KEY constraint failed" (an IntegrityError) was all there was. Two
    people who stay (not at the event) make the contacts as many as its people: only
    the event's own people are counted."""
    ann, bo = (create_contact(clock, n).id for n in ("Ann", "Bo"))
    for bystander in ("Dee", "Eli"):
        create_contact(clock, bystander)
    logged = log_interaction(clock, [ann, bo], "phone", follow_up=("call", clock.now()))
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    Contact.delete().where(Contact.id == bo).execute()
    with pytest.raises(NotFoundError, match=_WENT):
        relog(undone)
    assert (Interaction.select().count(), FollowUp.select().count()) == (0, 0)

    logged = log_interaction(clock, [ann], "phone", follow_up=("call", clock.now()))
    Interaction.delete().execute()  # another device deleted the event, not its follow-up
    undone = unlog(logged.interaction_ids, logged.follow_up_id)
    assert undone.deleted.rows == () and undone.follow_up is not None
    Contact.delete().where(Contact.id == ann).execute()
    with pytest.raises(NotFoundError, match=_WENT):
        relog(undone)

    cy = create_contact(clock, "Cy").id
    deleted = delete_event(log_interaction(clock, [cy], "email").interaction_ids[0], True)
    Contact.delete().where(Contact.id == cy).execute()
    with pytest.raises(NotFoundError, match=_WENT):
        restore_rows(deleted)
    assert Interaction.select().count() == 0
