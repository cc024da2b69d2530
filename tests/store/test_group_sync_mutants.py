"""Group events and the received-only mark as sync writes them, without a server (written
against mutmut's survivors in ``store.group_sync``; the round trip through Radicale and
Xandikos is tests/sync/test_group_sync.py): a group travels as its lead row, and a
pulled entry's participants decide the group's other rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.capture import MAIL, Candidate
from relmanager.store import activity, capture, group_sync, sync_state
from relmanager.store.capture_models import CaptureBatch, CaptureItem
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, Interaction, database


@pytest.fixture
def trio(db, clock) -> list[int]:
    ids = [create_contact(clock, name, emails=[f"{name.lower()}@x.example",
                                               f"{name.lower()}2@x.example"]).id
           for name in ("Ada", "Bob", "Cy")]
    for cid, uid in zip(ids, ("u-ada", "u-bob", "u-cy"), strict=True):
        Contact.update(uid=uid).where(Contact.id == cid).execute()
    return ids


def _queued() -> list[int]:
    return sorted(r[0] for r in database.execute_sql(
        "SELECT local_id FROM sync_change WHERE kind = 'interaction'"))


def test_a_change_to_any_row_of_a_group_queues_its_lead_only(trio, clock):
    sync_state.enable_tracking()
    rows = activity.log_interaction(clock, trio, "meeting").interaction_ids
    single = activity.log_interaction(clock, [trio[0]], "phone").interaction_ids[0]
    database.execute_sql("DELETE FROM sync_change")
    Interaction.update(minutes=5).where(Interaction.id.in_([rows[2], single])).execute()
    assert _queued() == [rows[2], single]
    group_sync.normalise_changes()
    assert _queued() == [rows[0], single]


def test_rows_are_marked_for_sending_only_when_sync_is_set_up(trio, clock):
    row = activity.log_interaction(clock, [trio[0]], "phone").interaction_ids[0]
    sync_state.ensure_tables()
    group_sync.mark_changed([row])
    assert _queued() == []
    sync_state.enable_tracking()
    database.execute_sql("DELETE FROM sync_change")
    group_sync.mark_changed([row])
    assert _queued() == [row]


def test_the_lead_carries_the_participants_and_the_others_are_skipped(trio, clock):
    rows = activity.log_interaction(clock, trio, "meeting").interaction_ids
    single = activity.log_interaction(clock, [trio[1]], "phone").interaction_ids[0]
    skip, extra = group_sync.extras([*rows, single])
    assert skip == {rows[1], rows[2]}
    assert extra == {rows[0]: {"participants": ["u-ada", "u-bob", "u-cy"]}}


def test_mail_only_received_is_sent_as_received_only(trio, clock):
    mail = Candidate("<m1>", clock.now(), "email", ("bob@x.example",), two_way=False)
    capture.apply_capture(capture.plan_capture(MAIL, "box", [mail], read=1), clock)
    row = Interaction.get(Interaction.contact == trio[1]).id
    assert group_sync.extras([row]) == (set(), {row: {"received_only": True}})


def test_people_are_named_with_their_first_address(trio, clock):
    assert group_sync.people(["u-bob", "u-none"]) == {"u-bob": ("Bob", "bob@x.example")}
    dan = create_contact(clock, "Dan").id
    Contact.update(uid="u-dan").where(Contact.id == dan).execute()
    assert group_sync.people(["u-dan"]) == {"u-dan": ("Dan", "")}


def test_pulled_participants_make_update_and_remove_the_groups_rows(trio, clock):
    """A pulled entry naming Ada and Bob makes Bob's row (same values); one naming Ada
    and Cy then moves the group to Cy: Bob's row goes, Cy's is made; one naming Ada alone
    leaves her row and takes the others."""
    row = activity.log_interaction(clock, [trio[0]], "phone", minutes=9,
                                   note="n").interaction_ids[0]
    clock.advance(timedelta(hours=1))
    group_sync.apply_participants(clock, row, {"contact": "u-ada",
                                               "participants": ["u-ada", "u-bob"]})
    key = Interaction.get_by_id(row).group_key
    bob = Interaction.get(Interaction.contact == trio[1])
    assert key and bob.group_key == key
    assert (bob.minutes, bob.note, bob.channel_id, bob.created_at) == (
        9, "n", Interaction.get_by_id(row).channel_id, clock.now())
    assert Contact.get_by_id(trio[1]).last_interaction_at is not None
    Interaction.update(minutes=30).where(Interaction.id == row).execute()
    group_sync.apply_participants(clock, row, {"contact": "u-ada",
                                               "participants": ["u-ada", "u-bob", "u-cy"]})
    assert Interaction.get_by_id(bob.id).minutes == 30
    group_sync.apply_participants(clock, row, {"contact": "u-ada",
                                               "participants": ["u-ada", "u-cy"]})
    assert sorted(r.contact_id for r in Interaction.select()) == [trio[0], trio[2]]
    assert Interaction.get_or_none(Interaction.id == bob.id) is None
    assert Contact.get_by_id(trio[1]).last_interaction_at is None
    group_sync.apply_participants(clock, row, {"contact": "u-ada", "participants": None})
    assert [r.id for r in Interaction.select()] == [row]


def test_a_participant_not_pulled_yet_stops_the_entry(trio, clock):
    row = activity.log_interaction(clock, [trio[0]], "phone").interaction_ids[0]
    with pytest.raises(LookupError, match=r"a participant \(u-zed\) is not here yet"):
        group_sync.apply_participants(clock, row, {"contact": "u-ada",
                                                   "participants": ["u-ada", "u-zed"]})


def test_the_received_only_mark_follows_the_other_devices_word(trio, clock):
    """A typed row marked received-only on the other device gets a mark in one sync
    batch (made once); a captured row takes the other device's word either way."""
    first = activity.log_interaction(clock, [trio[0]], "email").interaction_ids[0]
    second = activity.log_interaction(clock, [trio[1]], "email").interaction_ids[0]
    group_sync.apply_participants(clock, first, {"contact": "u-ada"})
    assert CaptureItem.select().count() == 0
    for row, who in ((first, "u-ada"), (second, "u-bob")):
        group_sync.apply_participants(clock, row, {"contact": who, "received_only": True})
    batch = CaptureBatch.get(CaptureBatch.source == group_sync.SYNC_SOURCE)
    assert (batch.location, batch.created_at) == (group_sync.SYNC_LOCATION, clock.now())
    items = list(CaptureItem.select().order_by(CaptureItem.id))
    assert [(i.batch_id, i.interaction_id, i.contact_id, i.two_way) for i in items] == [
        (batch.id, first, trio[0], False), (batch.id, second, trio[1], False)]
    assert all(i.source_key.startswith("sync:") for i in items)
    assert items[0].source_key != items[1].source_key
    group_sync.apply_participants(clock, first, {"contact": "u-ada", "received_only": False})
    assert CaptureItem.get_by_id(items[0].id).two_way is True
    group_sync.apply_participants(clock, first, {"contact": "u-ada", "received_only": True})
    assert CaptureItem.get_by_id(items[0].id).two_way is False


def test_a_mail_answered_is_not_sent_as_received_only(trio, clock):
    answered = Candidate("<m1>", clock.now(), "email", ("bob@x.example",))
    unanswered = Candidate("<m2>", clock.now(), "email", ("cy@x.example",), two_way=False)
    capture.apply_capture(capture.plan_capture(MAIL, "box", [answered, unanswered],
                                               read=2), clock)
    bob = Interaction.get(Interaction.contact == trio[1]).id
    assert group_sync.extras([bob]) == (set(), {})


def test_the_first_address_is_the_users_order_not_the_oldest_row(trio):
    from relmanager.store.models import ContactEmail

    ContactEmail.update(position=5).where(ContactEmail.email == "bob@x.example").execute()
    assert group_sync.people(["u-bob"]) == {"u-bob": ("Bob", "bob2@x.example")}


def test_each_pulled_group_gets_its_own_key_and_other_rows_are_left_alone(trio, clock):
    one = activity.log_interaction(clock, [trio[0]], "phone").interaction_ids[0]
    two = activity.log_interaction(clock, [trio[1]], "phone").interaction_ids[0]
    alone = activity.log_interaction(clock, [trio[2]], "email", minutes=3).interaction_ids[0]
    group_sync.apply_participants(clock, one, {"contact": "u-ada",
                                               "participants": ["u-ada", "u-cy"]})
    Interaction.update(minutes=40).where(Interaction.id == two).execute()
    group_sync.apply_participants(clock, two, {"contact": "u-bob",
                                               "participants": ["u-bob", "u-cy"]})
    keys = {Interaction.get_by_id(i).group_key for i in (one, two)}
    assert len(keys) == 2 and None not in keys
    lonely = Interaction.get_by_id(alone)
    assert (lonely.group_key, lonely.minutes) == (None, 3)
    group_sync.apply_participants(clock, two, {"contact": "u-bob",
                                               "participants": ["u-bob", "u-cy"]})
    assert Interaction.get_by_id(alone).minutes == 3  # an update touches the group only


def test_a_sync_mark_changes_only_its_own_item_and_never_lands_in_a_capture_run(trio, clock):
    mail = Candidate("<m1>", clock.now(), "email", ("cy@x.example",), two_way=False)
    run = capture.apply_capture(capture.plan_capture(MAIL, "box", [mail], read=1), clock)
    row = activity.log_interaction(clock, [trio[0]], "email").interaction_ids[0]
    group_sync.apply_participants(clock, row, {"contact": "u-ada", "received_only": True})
    mark = CaptureItem.get(CaptureItem.interaction == row)
    assert mark.batch_id != run and mark.batch.source == group_sync.SYNC_SOURCE
    group_sync.apply_participants(clock, row, {"contact": "u-ada", "received_only": False})
    assert CaptureItem.get(CaptureItem.batch == run).two_way is False
