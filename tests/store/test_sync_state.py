"""The database side of sync (store/sync_state.py), called as the sync engine calls it:
what changed here, and taking over what changed on the server, with the refusals the
engine reports by name (a channel not set up here, a contact not here yet)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import sync_state
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.errors import ValidationError
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Contact, FollowUp, Interaction, SyncItem


@pytest.fixture
def tracked(db):
    sync_state.enable_tracking()
    return db


def _synced(kind: str, local_id: int, uid: str) -> None:
    sync_state.record_pairing(kind, local_id, uid, f"/{kind}/{uid}", "etag-1", {})


def test_edits_are_queued_and_cleared_and_new_rows_count_as_changed(tracked, clock):
    ada = create_contact(clock, "Ada")
    bo = create_contact(clock, "Bo")
    assert sync_state.changed_ids("contact") == [ada.id, bo.id]  # never synced: new
    _synced("contact", ada.id, ada.uid)
    _synced("contact", bo.id, bo.uid)
    sync_state.clear_changed("contact", [ada.id, bo.id])
    assert sync_state.changed_ids("contact") == []
    Contact.update(title="Countess").where(Contact.id == ada.id).execute()
    assert sync_state.changed_ids("contact") == [ada.id]
    assert sync_state.changed_ids_among("contact", [bo.id]) == []
    assert sync_state.changed_ids_among("contact", []) == []
    sync_state.clear_changed("contact", [ada.id])
    assert sync_state.changed_ids("contact") == []


def test_unsent_activity_is_an_interaction_or_follow_up_the_server_has_not_got(tracked,
                                                                              clock):
    ada = create_contact(clock, "Ada")
    assert not sync_state.has_unsent_activity(ada.id)
    record = log_interaction(clock, [ada.id], "phone")
    call = record.interaction_ids[0]
    assert sync_state.has_unsent_activity(ada.id)  # never sent
    sync_state.set_row_uid("interaction", call, "call-1")
    sync_state.set_row_uid("interaction", call, "call-2")  # a uid, once given, stays
    assert Interaction.get_by_id(call).uid == "call-1"
    _synced("interaction", call, "call-1")
    sync_state.clear_changed("interaction", [call])
    assert not sync_state.has_unsent_activity(ada.id)
    Interaction.update(note="longer call").where(Interaction.id == call).execute()
    assert sync_state.has_unsent_activity(ada.id)  # sent, then edited


def test_server_activity_is_taken_over_and_refused_by_name(tracked, clock):
    ada = create_contact(clock, "Ada")
    bo = create_contact(clock, "Bo")
    when = clock.now() - timedelta(days=2)
    fields = {"contact": ada.uid, "occurred_at": when.isoformat(), "channel": "phone",
              "exchange": "talk", "initiated_by": "me", "minutes": "15", "note": "hi"}
    call = sync_state.apply(clock, "interaction", None, "srv-call", fields)
    assert Contact.get_by_id(ada.id).last_interaction_at == when
    moved = {**fields, "contact": bo.uid}
    assert sync_state.apply(clock, "interaction", call, "srv-call", moved) == call
    assert Interaction.get_by_id(call).contact_id == bo.id
    assert Contact.get_by_id(ada.id).last_interaction_at is None  # the old one refreshed
    assert Contact.get_by_id(bo.id).last_interaction_at == when
    with pytest.raises(ValidationError, match="channel 'carrier-pigeon' is not set up here"):
        sync_state.apply(clock, "interaction", None, "x", {**fields, "channel": "carrier-pigeon"})
    with pytest.raises(LookupError, match="its contact \\(nobody\\) is not here yet"):
        sync_state.apply(clock, "follow_up", None, "y", {"contact": "nobody"})

    due = clock.now() + timedelta(days=3)
    todo = {"contact": ada.uid, "title": "", "due_at": due.isoformat(), "done_at": None,
            "note": ""}
    follow = sync_state.apply(clock, "follow_up", None, "srv-todo", todo)
    assert FollowUp.get_by_id(follow).title == "Follow up"  # an untitled one gets a title
    done = {**todo, "title": "Send the article", "done_at": clock.now().isoformat()}
    assert sync_state.apply(clock, "follow_up", follow, "srv-todo", done) == follow
    stored = FollowUp.get_by_id(follow)
    assert (stored.title, stored.done_at) == ("Send the article", clock.now())
    assert sync_state.local_id_by_uid("follow_up", "srv-todo") == follow
    assert sync_state.local_fields("follow_up", [follow])[follow][1]["title"] == \
        "Send the article"
    assert sync_state.local_fields("interaction", [call])[call][1]["note"] == "hi"


def test_a_contact_from_the_server_is_created_updated_and_moved(tracked, clock):
    boss = create_contact(clock, "Boss")
    ada = create_contact(clock, "Ada", stage=Stage.ENCOUNTER)
    fields = sync_state.local_fields("contact", [ada.id])[ada.id][1]
    new = sync_state.apply(clock, "contact", None, "srv-cy",
                           {**fields, "display_name": "", "first_name": "Cy",
                            "last_name": "Young", "introduced_by": boss.uid, "tags": ["x"]})
    cy = Contact.get_by_id(new)
    assert (cy.display_name, cy.introduced_by_id, cy.uid) == ("Cy Young", boss.id, "srv-cy")
    assert sync_state.contact_name("srv-cy") == "Cy Young"
    assert sync_state.contact_name("missing") == ""
    # Introduced by itself (a broken entry): the link is dropped, the rest taken over.
    itself = {**fields, "introduced_by": ada.uid, "stage": "recognition",
              "stage_history": None, "title": "Countess"}
    sync_state.apply(clock, "contact", ada.id, ada.uid, itself)
    stored = Contact.get_by_id(ada.id)
    assert (stored.introduced_by_id, stored.stage, stored.title) == (None, "recognition",
                                                                     "Countess")
    sync_state.link_introducers([(ada.id, boss.uid), (boss.id, boss.uid),
                                 (ada.id, "nobody")])
    assert Contact.get_by_id(ada.id).introduced_by_id == boss.id
    assert Contact.get_by_id(boss.id).introduced_by_id is None


def test_deleting_what_the_server_deleted_turns_pairings_into_deletions(tracked, clock):
    ada = create_contact(clock, "Ada")
    call = log_interaction(clock, [ada.id], "phone").interaction_ids[0]
    todo = create_follow_up(clock, ada.id, "Write", clock.now() + timedelta(days=1))
    _synced("follow_up", todo.id, "todo-1")
    _synced("interaction", call, "call-1")
    sync_state.delete_local("follow_up", todo.id)
    sync_state.delete_local("interaction", call)
    assert FollowUp.select().count() == 0 and Interaction.select().count() == 0
    states = {(i.kind, i.uid): (i.state, i.local_id) for i in SyncItem.select()}
    assert states[("follow_up", "todo-1")] == ("deleted", None)
    assert states[("interaction", "call-1")] == ("deleted", None)
    sync_state.delete_local("contact", ada.id)
    assert Contact.select().count() == 0


def test_switching_sync_off_forgets_every_pairing_and_stops_tracking(tracked, clock):
    ada = create_contact(clock, "Ada")
    _synced("contact", ada.id, ada.uid)
    sync_state.disable_tracking()
    assert SyncItem.select().count() == 0
    Contact.update(title="Countess").where(Contact.id == ada.id).execute()
    assert sync_state.changed_ids_among("contact", [ada.id]) == []  # no trigger queued it


def test_a_text_left_behind_for_a_revival_lasts_until_the_uid_is_paired_again(tracked, clock):
    """What the server last had of an entry it lost while it changed here is kept by kind
    and uid (with the base) until the entry is paired again with its text, or sync is
    switched off; a pairing that never had a text leaves nothing behind."""
    ada = create_contact(clock, "Ada")
    href = f"/contact/{ada.uid}"
    sync_state.record_pairing("contact", ada.id, ada.uid, href, "e1", {"title": ""},
                              raw="BEGIN:VCARD\r\nNICKNAME:Ada\r\nEND:VCARD\r\n")
    sync_state.leave_behind(sync_state.item_for("contact", ada.id))
    assert sync_state.item_for("contact", ada.id) is None and sync_state.raw_of(href) is None
    assert sync_state.left_behind("contact", ada.uid) == (
        "BEGIN:VCARD\r\nNICKNAME:Ada\r\nEND:VCARD\r\n", {"title": ""})
    assert sync_state.left_behind("follow_up", ada.uid) is None  # by kind, too
    sync_state.record_pairing("contact", ada.id, ada.uid, "/elsewhere", "", None,
                              "pending")  # no text: still needed
    assert sync_state.left_behind("contact", ada.uid) is not None
    sync_state.record_pairing("contact", ada.id, ada.uid, "/new", "e2", {}, raw="card")
    assert sync_state.left_behind("contact", ada.uid) is None
    sync_state.record_pairing("contact", ada.id, ada.uid, "/new", "e2", {}, raw="card")
    sync_state.leave_behind(sync_state.item_for("contact", ada.id))
    sync_state.disable_tracking()
    assert sync_state.left_behind("contact", ada.uid) is None
    bo = create_contact(clock, "Bo")
    sync_state.record_pairing("contact", bo.id, bo.uid, "/bo", "e1", None)
    sync_state.leave_behind(sync_state.item_for("contact", bo.id))
    assert sync_state.left_behind("contact", bo.uid) is None


def _left_for_revival(kind: str, local_id: int, uid: str) -> None:
    """As a pull leaves an entry another client deleted while it changed here."""
    sync_state.record_pairing(kind, local_id, uid, f"/{kind}/{uid}", "e1", {"note": ""},
                              raw="BEGIN:VCARD\r\nNICKNAME:kept\r\nEND:VCARD\r\n")
    sync_state.leave_behind(sync_state.item_for(kind, local_id))
    assert sync_state.left_behind(kind, uid) is not None


def test_a_row_deleted_here_before_its_revival_went_up_takes_its_kept_text_along(
        tracked, clock):
    """Deleted here after its revival's upload failed (or before it was tried), the row
    is not sent back, so what was kept for the revival is dropped with it, whichever way
    it is deleted; a bystander's kept text stays."""
    from relmanager.store.event_edits import unlog
    from relmanager.store.snapshots import delete_contacts

    ada, bo = create_contact(clock, "Ada"), create_contact(clock, "Bo")
    task = create_follow_up(clock, ada.id, "send the notes", clock.now())
    sync_state.set_row_uid("follow_up", task.id, "task-uid")
    for kind, local_id, uid in (("contact", ada.id, ada.uid), ("contact", bo.id, bo.uid),
                                ("follow_up", task.id, "task-uid")):
        _left_for_revival(kind, local_id, uid)
    unlog([], task.id)  # the log entry that made it, undone
    assert sync_state.left_behind("follow_up", "task-uid") is None
    assert sync_state.left_behind("contact", ada.uid) is not None  # by kind
    delete_contacts([ada.id])
    assert sync_state.left_behind("contact", ada.uid) is None
    assert sync_state.left_behind("contact", bo.uid) is not None


def test_tracking_set_up_before_kept_texts_existed_still_deletes_after_an_open(
        tracked, clock):
    """A database whose triggers predate the table of kept texts gets the new triggers
    on open (change_tracking.refresh), before any sync run makes the table: a deletion
    must not fail on it."""
    from relmanager.store import change_tracking
    from relmanager.store.models import database
    from relmanager.store.snapshots import delete_contacts

    ada = create_contact(clock, "Ada")
    database.execute_sql("DROP TABLE sync_left")
    database.execute_sql("DROP TRIGGER sync_contact_ad")
    database.execute_sql("CREATE TRIGGER sync_contact_ad AFTER DELETE ON contact BEGIN "
                         "UPDATE sync_item SET local_id = NULL WHERE local_id = old.id; END")
    assert change_tracking.refresh(database)
    delete_contacts([ada.id])
    assert Contact.select().count() == 0
