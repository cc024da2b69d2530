"""Whom a contact knows is theirs like their e-mails: deleting them and undoing it, or
merging them into another and undoing that, loses no relation and no tie strength set by
hand; a merge gives the survivor the merged-away contact's relations."""

from __future__ import annotations

import pytest

from relmanager.domain.relations import RelationKind
from relmanager.store import contacts, merge, network_reads, relations, snapshots
from relmanager.store.errors import ValidationError
from tests.store.merge_fixture import plan_merge


@pytest.fixture
def people(db, clock):
    ids = {n: contacts.create_contact(clock, n).id for n in ("Ann", "Anne", "Bob", "Cleo")}
    relations.relate(clock, ids["Anne"], ids["Bob"], RelationKind.FAMILY)
    relations.relate(clock, ids["Cleo"], ids["Anne"], RelationKind.COLLEAGUE)
    relations.relate(clock, ids["Ann"], ids["Anne"], RelationKind.KNOWS)
    relations.set_tie_override(clock, ids["Anne"], 90)
    return ids


def _described(contact_id):
    return [r.describe() for r in relations.relations_of(contact_id)]


def test_delete_then_undo_keeps_relations_and_the_score(people, clock):
    anne = people["Anne"]
    before = _described(anne)
    snap = snapshots.delete_contacts([anne])
    assert _described(people["Bob"]) == []
    snapshots.restore_snapshot(snap)
    assert _described(anne) == before
    assert network_reads.strength_of(anne, clock.now().date()).score == 90


def test_a_merge_moves_relations_and_the_score_and_undo_takes_them_back(people, clock):
    ann, anne, bob = people["Ann"], people["Anne"], people["Bob"]
    record = merge.merge_contacts(clock, plan_merge([ann, anne], keep=ann))
    assert _described(ann) == ["family of Bob", "colleague of Cleo"]  # not "knows Ann"
    assert network_reads.strength_of(ann, clock.now().date()).score == 90
    merge.undo_merge(record)
    assert _described(ann) == ["knows Anne"]
    assert _described(anne) == ["knows Ann", "family of Bob", "colleague of Cleo"]
    assert _described(bob) == ["family of Anne"]
    assert not network_reads.strength_of(ann, clock.now().date()).overridden


def test_a_contact_is_not_merged_into_itself(people, clock):
    plan = plan_merge([people["Ann"], people["Anne"]], keep=people["Ann"])
    bad = type(plan)(**{**plan.__dict__, "others": [people["Ann"], people["Anne"]]})
    with pytest.raises(ValidationError):
        merge.merge_contacts(clock, bad)
