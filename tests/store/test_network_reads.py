"""The network read from a real database: entered relations (once per pair), derived
edges from introductions, meetings together and organisations, tie facts that agree with
the denormalised last two-way contact, overrides kept, archived people left out."""

from __future__ import annotations

import pytest

from relmanager.domain.network import ME, DerivedKind, RelationKind
from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.domain.warm_paths import warm_paths
from relmanager.store import activity, contacts, migrations, network_reads, relations
from relmanager.store.errors import NotFoundError, ValidationError


@pytest.fixture
def people(db, clock):
    return {name: contacts.create_contact(clock, name, stage=Stage.DEVELOPMENT,
                                          organisation=org).id
            for name, org in (("Ann", "Acme"), ("Bob", "acme"), ("Cleo", ""), ("Dan", ""))}


def test_relations_are_stored_once_per_pair_and_read_from_both_sides(people, clock):
    ann, bob = people["Ann"], people["Bob"]
    assert relations.relate(clock, ann, bob, RelationKind.COLLEAGUE)
    assert not relations.relate(clock, bob, ann, RelationKind.COLLEAGUE)
    assert relations.relate(clock, bob, ann, RelationKind.INTRODUCED_BY)
    assert [r.describe() for r in relations.relations_of(ann)] == [
        "colleague of Bob", "introduced Bob"]
    assert [r.describe() for r in relations.relations_of(bob)] == [
        "colleague of Ann", "introduced by Ann"]
    assert contacts.get_contact(bob).introduced_by_id == ann  # one field, the profile's
    assert not relations.relate(clock, bob, ann, RelationKind.INTRODUCED_BY)
    assert relations.unrelate(clock, bob, ann, RelationKind.COLLEAGUE)
    assert not relations.unrelate(clock, bob, ann, RelationKind.COLLEAGUE)
    assert relations.unrelate(clock, bob, ann, RelationKind.INTRODUCED_BY)
    assert contacts.get_contact(bob).introduced_by_id is None
    assert relations.relations_of(ann) == []
    with pytest.raises(ValidationError):
        relations.relate(clock, ann, ann, RelationKind.FRIEND)
    with pytest.raises(NotFoundError):
        relations.relate(clock, ann, 999, RelationKind.FRIEND)


def test_edges_come_from_relations_meetings_introductions_and_organisations(people, clock):
    ann, bob, cleo, dan = (people[n] for n in ("Ann", "Bob", "Cleo", "Dan"))
    relations.relate(clock, cleo, dan, RelationKind.FRIEND)
    activity.log_interaction(clock, [ann, cleo], "meeting", minutes=60)
    activity.log_interaction(clock, [ann, cleo], "meeting", minutes=30)
    snapshot = network_reads.read_network(clock.now().date())
    network = snapshot.network
    assert network.edge(cleo, dan).kinds == (RelationKind.FRIEND,)
    assert network.edge(ann, cleo).kinds == (DerivedKind.MET_TOGETHER,)
    assert network.edge(ann, cleo).strength == pytest.approx(0.45)  # met twice
    assert network.hub(ann) == network.hub(bob) == "org:acme"
    paths = warm_paths(snapshot.network, dan)
    assert paths and paths[0].nodes[-2:] == (cleo, dan) and paths[0].nodes[0] == ME


def test_tie_facts_agree_with_the_denormalised_last_two_way_contact(people, clock):
    ann, bob = people["Ann"], people["Bob"]
    activity.log_interaction(clock, [ann], "blog")  # broadcast: not two-way
    clock.advance(days=3)
    activity.log_interaction(clock, [bob], "phone", exchange=Exchange.GIVE)
    facts = network_reads.tie_facts(clock.now().date())
    rows = {c.id: c for c in contacts.Contact.select()}
    for cid in (ann, bob):
        expected = rows[cid].last_two_way_at
        assert facts[cid].last_two_way == (expected.date() if expected else None)
    assert facts[ann].two_way_recent == 0 and facts[ann].mean_richness is None
    assert facts[bob].two_way_recent == 1 and facts[bob].gives == 1


def test_an_override_is_kept_and_archived_people_leave_the_network(people, clock):
    ann, bob = people["Ann"], people["Bob"]
    relations.set_tie_override(clock, ann, 88)
    snapshot = network_reads.read_network(clock.now().date())
    assert snapshot.strength(ann).score == 88 and snapshot.strength(ann).overridden
    relations.set_tie_override(clock, ann, None)
    assert not network_reads.read_network(clock.now().date()).strength(ann).overridden
    with pytest.raises(ValidationError):
        relations.set_tie_override(clock, ann, 101)
    contacts.set_archived(clock, [bob], True)
    snapshot = network_reads.read_network(clock.now().date())
    assert snapshot.strength(bob) is None and bob not in snapshot.network


def test_common_ground_is_the_tags(people, clock):
    contacts.update_contact(clock, people["Ann"], intent="Hiring advice about robotics")
    contacts.set_tags(people["Ann"], ["Climbing"])
    ground = network_reads.common_ground()
    assert ground[people["Ann"]] == frozenset({"#climbing"})


def test_a_version_seven_database_gains_the_tables(db, db_path, clock, tmp_path):
    db.execute_sql("DROP TABLE contact_relation")
    db.execute_sql("DROP TABLE tie_override")
    db.execute_sql("PRAGMA user_version = 7")
    migrations.upgrade(db, db_path, tmp_path / "backups", clock)
    assert migrations.schema_version(db) == migrations.LATEST
    assert db.table_exists("contact_relation") and db.table_exists("tie_override")
