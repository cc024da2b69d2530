"""The store's write paths at their edges, pinned against mutmut's survivors: a move
that skips a contact already there goes on with the rest, records where each came from
and when, and handles more contacts than one SQL statement may name; deleting an
interaction deletes that one only; channel names are forgiving and the error lists them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import activity, denorm
from relmanager.store.contacts import create_contact
from relmanager.store.errors import NotFoundError
from relmanager.store.models import Contact, Interaction, StageChange, database


def test_a_move_skips_contacts_already_there_and_moves_the_rest(db, clock):
    there = create_contact(clock, "Already", stage=Stage.DEVELOPMENT)
    moving = create_contact(clock, "Moving", stage=Stage.RECOGNITION)
    clock.advance(hours=2)
    record = activity.move_stage(clock, [there.id, moving.id], Stage.DEVELOPMENT)
    assert record.contact_ids == [moving.id]
    stored = Contact.get_by_id(moving.id)
    assert (stored.stage, stored.updated_at) == ("development", clock.now())
    change = StageChange.select().where(StageChange.contact == moving.id) \
        .order_by(StageChange.id.desc()).get()
    assert (change.from_stage, change.to_stage, change.changed_at) == (
        "recognition", "development", clock.now())
    assert Contact.get_by_id(there.id).updated_at < clock.now()


@pytest.mark.slow
def test_a_move_of_more_contacts_than_one_statement_may_name(db, clock):
    with database.atomic():
        ids = [create_contact(clock, f"Person {n}", stage=Stage.ENCOUNTER).id
               for n in range(905)]
    record = activity.move_stage(clock, ids, Stage.RECOGNITION)
    assert len(record.contact_ids) == 905
    assert Contact.select().where(Contact.stage == "recognition").count() == 905


def test_a_move_naming_a_missing_contact_writes_nothing(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.ENCOUNTER)
    with pytest.raises(NotFoundError, match=r"^no contact with id 998$"):
        activity.move_stage(clock, [ada.id, 999, 998], Stage.RECOGNITION)
    assert Contact.get_by_id(ada.id).stage == "encounter"


def test_deleting_an_interaction_deletes_that_one_only(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)
    first = activity.log_interaction(clock, [ada.id], "phone")
    clock.advance(days=1)
    activity.log_interaction(clock, [bo.id], "phone")
    activity.delete_interactions(first.interaction_ids)
    assert [i.contact_id for i in Interaction.select()] == [bo.id]
    assert Contact.get_by_id(ada.id).last_interaction_at is None
    assert Contact.get_by_id(bo.id).last_interaction_at == clock.now()


def test_channel_names_are_forgiving_and_the_error_lists_them_richest_first(db):
    assert activity.channel_by_key(" One-On-One ").key == "one_on_one"
    assert activity.channel_by_key("text-message").key == "text_message"
    with pytest.raises(NotFoundError) as error:
        activity.channel_by_key("pigeon")
    assert str(error.value).startswith(
        "unknown channel 'pigeon'; expected one of: one_on_one, meeting, video, phone, ")
    assert str(error.value).endswith("wiki, blog")


def test_undoing_a_move_puts_everyone_back(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.ENCOUNTER)
    record = activity.move_stage(clock, [ada.id], Stage.FRIENDSHIP)
    activity.undo_move(record)
    assert Contact.get_by_id(ada.id).stage == "encounter"
    assert StageChange.select().where(StageChange.to_stage == "friendship").count() == 0
    clock.advance(timedelta(minutes=1))
    again = activity.redo_move(clock, record)
    assert Contact.get_by_id(ada.id).stage == "friendship"
    assert [m.from_stage for m in again.moves] == ["encounter"]


def test_recomputing_a_merged_contact_restores_all_its_columns_and_no_one_elses(db, clock):
    """What a merge (and its undo) calls for the contacts it touched: the search text,
    last interaction and due dates of those contacts are recomputed from their rows, in
    one pass over ids given as any iterable; a bystander's columns are not touched (a
    merge at 100,000 contacts must not rewrite them all)."""
    ann = create_contact(clock, "Ann Lee", stage=Stage.RECOGNITION, notes="sailing")
    bo = create_contact(clock, "Bo", stage=Stage.RECOGNITION)
    activity.log_interaction(clock, [ann.id, bo.id], "phone")
    clock.advance(days=1)
    fresh = Contact.get_by_id(ann.id)
    stale = {"search_text": "stale", "last_interaction_at": None, "last_two_way_at": None,
             "last_channel": None, "cooling_at": None, "cold_at": None}
    Contact.update(**stale).where(Contact.id.in_([ann.id, bo.id])).execute()
    denorm.refresh_all(iter([ann.id]))
    again = Contact.get_by_id(ann.id)
    columns = ["search_text", "last_interaction_at", "last_two_way_at", "last_channel_id",
               "cooling_at", "cold_at"]
    assert [getattr(again, c) for c in columns] == [getattr(fresh, c) for c in columns]
    assert "sailing" in again.search_text and again.cooling_at is not None
    bystander = Contact.get_by_id(bo.id)
    assert (bystander.search_text, bystander.last_interaction_at, bystander.cooling_at) == (
        "stale", None, None)
