"""The store's side of relations sync, without a server: a relation written, removed or
moved queues both people's cards, and a card's list of relations (by uid) is taken over
exactly: missing ones added, unlisted ones removed, unknown people and kinds skipped."""

from __future__ import annotations

import pytest

from relmanager.domain.relations import RelationKind
from relmanager.interchange.sync_fields import contact_fields
from relmanager.store import contacts, relations, sync_state
from relmanager.store.exporter import contact_records
from relmanager.store.models import ContactRelation, database


@pytest.fixture
def people(db, clock):
    ids = {n: contacts.create_contact(clock, n).id for n in ("Ann", "Bob", "Cy", "Di")}
    sync_state.enable_tracking()
    return ids


def _queued() -> set[int]:
    return {r[0] for r in database.execute_sql(
        "SELECT local_id FROM sync_change WHERE kind = 'contact'")}


def _clear() -> None:
    database.execute_sql("DELETE FROM sync_change")


def _pairs(contact_id: int) -> list[list[str]]:
    [record] = list(contact_records([contact_id]))
    return contact_fields(record)["relations"]


def test_relating_removing_and_moving_queue_both_people(people, clock):
    ann, bob, cy = people["Ann"], people["Bob"], people["Cy"]
    _clear()
    relations.relate(clock, ann, bob, RelationKind.COLLEAGUE)
    assert _queued() == {ann, bob}
    _clear()
    ContactRelation.update(other=cy).where(ContactRelation.contact == ann).execute()
    assert _queued() == {ann, bob, cy}  # the one it left, and the one it reached
    _clear()
    relations.unrelate(clock, ann, cy, RelationKind.COLLEAGUE)
    assert _queued() == {ann, cy}


def test_each_persons_fields_list_the_pair_by_uid(people, clock):
    ann, bob, cy = people["Ann"], people["Bob"], people["Cy"]
    relations.relate(clock, bob, ann, RelationKind.FRIEND)
    relations.relate(clock, ann, cy, RelationKind.FAMILY)
    uid = {cid: row.uid for cid, row in zip((ann, bob, cy), contact_records([ann, bob, cy]),
                                            strict=True)}
    assert _pairs(ann) == sorted([["family", uid[cy]], ["friend", uid[bob]]])
    assert _pairs(bob) == [["friend", uid[ann]]]
    assert _pairs(people["Di"]) == []


def test_a_cards_list_is_taken_over_exactly(people, clock):
    ann, bob, cy, di = people["Ann"], people["Bob"], people["Cy"], people["Di"]
    relations.relate(clock, ann, bob, RelationKind.FRIEND)
    relations.relate(clock, ann, cy, RelationKind.KNOWS)
    uid = {cid: next(iter(contact_records([cid]))).uid for cid in (ann, bob, cy, di)}
    with database.atomic():
        relations.set_relations_by_uid(clock.now(), ann, [
            ["knows", uid[cy]],  # kept
            ["colleague", uid[di]],  # added
            ["friend", "0b9a3f1e-0000-4c2b-9a7d-1c2d3e4f5a6b"],  # nobody here: skipped
            ["introduced-by", uid[bob]],  # not a listed kind: the introducer is a field
            ["muse", uid[bob]],  # not ours
            ["friend", uid[ann]],  # not with oneself
        ])
    assert sorted(r.describe() for r in relations.relations_of(ann)) == [
        "colleague of Di", "knows Cy"]
    assert relations.relations_of(bob) == []  # the friend link Ann's card no longer lists
    assert [r.describe() for r in relations.relations_of(di)] == ["colleague of Ann"]
    with database.atomic():
        relations.set_relations_by_uid(clock.now(), ann, [])
    assert relations.relations_of(ann) == []
