"""Undoing a merge keeps what the user changed on the survivor after the merge
(issue 22, item 18): only fields and lists that still hold the merged value go back."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, merge
from relmanager.store.models import Contact, StageChange
from tests.store.merge_fixture import dump, plan_merge, two_annas


def _phones(contact_id: int) -> list[str]:
    return [p.number for p in contacts.get_contact(contact_id).phones]


def test_an_edit_of_the_survivor_after_the_merge_survives_its_undo(db, clock):
    p = two_annas(clock)
    before_title = Contact.get_by_id(p.anna).title
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    merged = Contact.get_by_id(p.anna)
    assert merged.title == "Engineer" != before_title  # the merge filled it in
    assert merged.notes != "Met at the meetup."
    clock.advance(timedelta(minutes=5))
    contacts.update_contact(clock, p.anna, phones=["+44 20 7946 1111"])
    merge.undo_merge(record)

    assert _phones(p.anna) == ["+44 20 7946 1111"]  # the later edit is kept
    assert "contact_phone" in record.kept_edits
    after = Contact.get_by_id(p.anna)
    assert after.title == before_title  # what the merge alone changed goes back
    assert after.notes == "Met at the meetup."
    assert [e.email for e in contacts.get_contact(p.anna).emails] == ["anna@acme.example"]
    # The merged-away contact is back with its own phones.
    assert sorted(_phones(p.anna2)) == ["+46 70 123 45 67", "020 7946 0000"]


def test_a_field_edited_after_the_merge_keeps_its_new_value(db, clock):
    p = two_annas(clock)
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    contacts.update_contact(clock, p.anna, title="CTO")
    activity.move_stage(clock, [p.anna], Stage.PARKED)
    merge.undo_merge(record)
    after = Contact.get_by_id(p.anna)
    assert after.title == "CTO" and after.stage == Stage.PARKED.value
    assert {"title", "stage"} <= set(record.kept_edits)
    # The merge's own stage move stays in the history that led to the later one.
    assert StageChange.select().where(StageChange.contact == p.anna,
                                      StageChange.to_stage == Stage.PARKED.value).exists()


def test_without_later_edits_undo_is_still_exact(db, clock):
    p = two_annas(clock)
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    merge.undo_merge(record)
    assert dump() == before and record.kept_edits == []


def test_a_name_edited_in_part_after_the_merge_stays_whole(db, clock):
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2])
    plan.values["name"] = ("Anna Berg-Olsen", "Anna", "Berg-Olsen")
    record = merge.merge_contacts(clock, plan)
    contacts.update_contact(clock, p.anna, last_name="Olsen")
    merge.undo_merge(record)
    after = Contact.get_by_id(p.anna)
    assert (after.display_name, after.first_name, after.last_name) == (
        "Anna Berg-Olsen", "Anna", "Olsen")
    assert "display_name" in record.kept_edits
