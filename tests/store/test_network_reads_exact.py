"""Each read of the network, to the value: the tie facts of one contact (and of one
contact alone, the profile's read, which must agree), the window of a year, the kinds of
exchange, the derived edges' rules (a made introduction, a group of 2 to 12 logged
together), organisations and common ground without archived people, and the page's own
small reads (names, stages and spheres in chunks, tags in any case, tag names sorted)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.network import DerivedKind, RelationKind
from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, introductions, network_reads, relations


@pytest.fixture
def ids(db, clock):
    made = {}
    for name, stage, org, tags in (("Ann", Stage.FRIENDSHIP, "Acme", ["Climbing", "jazz"]),
                                   ("Bob", Stage.ENCOUNTER, "", ["climbing"]),
                                   ("Cy", Stage.DEVELOPMENT, "Initech", []),
                                   ("Di", Stage.RECOGNITION, "", ["Jazz"])):
        made[name] = contacts.create_contact(clock, name, stage=stage, organisation=org,
                                             tags=tags, sphere="personal").id
    return made


def test_tie_facts_to_the_value_and_the_single_read_agrees(ids, clock):
    ann = ids["Ann"]
    now = clock.now()
    activity.log_interaction(clock, [ann], "one_on_one", exchange=Exchange.GIVE,
                             occurred_at=now - timedelta(days=2))
    activity.log_interaction(clock, [ann], "phone", exchange=Exchange.ASK,
                             occurred_at=now - timedelta(days=10))
    activity.log_interaction(clock, [ann], "email", exchange=Exchange.RECEIVE,
                             occurred_at=now - timedelta(days=364))
    activity.log_interaction(clock, [ann], "phone", exchange=Exchange.GIVE,
                             occurred_at=now - timedelta(days=400))  # out of the year
    activity.log_interaction(clock, [ann], "blog", occurred_at=now - timedelta(days=1))
    contacts.update_contact(clock, ann, met_on=date(2020, 5, 4))
    today = now.date()
    facts = network_reads.tie_facts(today)
    one = network_reads.tie_facts(today, only=ann)
    assert one == {ann: facts[ann]}
    fact = facts[ann]
    assert fact.stage is Stage.FRIENDSHIP
    assert fact.last_two_way == today - timedelta(days=2)
    assert fact.two_way_recent == 3  # one-on-one, phone, e-mail; not the blog, not 400 d
    assert fact.mean_richness == pytest.approx((1 + 4 + 8) / 3)
    assert fact.known_since == date(2020, 5, 4)
    assert (fact.gives, fact.takes) == (2, 2)  # give twice; ask and receive are takes
    assert fact.override is None
    bob = facts[ids["Bob"]]
    assert bob.known_since == now.date() and bob.two_way_recent == 0
    assert bob.mean_richness is None and (bob.gives, bob.takes) == (0, 0)
    relations.set_tie_override(clock, ids["Bob"], 42)
    assert network_reads.tie_facts(today, only=ids["Bob"])[ids["Bob"]].override == 42
    contacts.set_archived(clock, [ids["Cy"]], True)
    assert ids["Cy"] not in network_reads.tie_facts(today)
    assert network_reads.strength_of(ids["Cy"], today) is None
    assert network_reads.strength_of(ann, today).score == network_reads.read_network(
        today).strength(ann).score


def _entered(clock):
    """The entered edges among the contacts a network build reads (archived left out)."""
    return network_reads.entered_edges(network_reads.tie_facts(clock.now().date()))


def test_entered_edges_both_kinds_and_without_archived_people(ids, clock):
    ann, bob, cy, di = (ids[n] for n in ("Ann", "Bob", "Cy", "Di"))
    relations.relate(clock, bob, ann, RelationKind.FRIEND)
    relations.relate(clock, cy, di, RelationKind.FAMILY)
    relations.relate(clock, di, ann, RelationKind.INTRODUCED_BY)
    relations.relate(clock, cy, bob, RelationKind.INTRODUCED_BY)
    edges = {(e.a, e.b, e.kind) for e in _entered(clock)}
    assert edges == {(ann, bob, RelationKind.FRIEND), (cy, di, RelationKind.FAMILY),
                     (di, ann, RelationKind.INTRODUCED_BY),
                     (cy, bob, RelationKind.INTRODUCED_BY)}
    contacts.set_archived(clock, [cy], True)
    assert {(e.a, e.b) for e in _entered(clock)} == {(ann, bob), (di, ann)}
    contacts.set_archived(clock, [cy], False)
    contacts.set_archived(clock, [di], True)
    assert {(e.a, e.b) for e in _entered(clock)} == {(ann, bob), (cy, bob)}


def test_derived_edges_made_introductions_and_small_groups_only(ids, clock):
    ann, bob, cy, di = (ids[n] for n in ("Ann", "Bob", "Cy", "Di"))
    made = introductions.create_introduction(clock, requester_id=ann, target_id=bob)
    introductions.advance(clock, made.id, IntroStatus.MADE)
    asked = introductions.create_introduction(clock, requester_id=None, target_id=di,
                                              introducer_id=cy)
    introductions.advance(clock, asked.id, IntroStatus.MADE)
    introductions.create_introduction(clock, requester_id=cy, target_id=ann)  # not made
    crowd = [contacts.create_contact(clock, f"Guest {n}").id for n in range(13)]
    activity.log_interaction(clock, crowd[:12], "meeting")  # 12: a small group
    activity.log_interaction(clock, crowd, "meeting")  # 13: a conference, left out
    activity.log_interaction(clock, [bob, cy], "meeting")
    activity.log_interaction(clock, [cy, bob], "meeting")
    activity.log_interaction(clock, [di], "meeting")  # alone: no edge
    edges = network_reads.derived_edges()
    introduced = {(e.a, e.b) for e in edges if e.kind is DerivedKind.INTRODUCED}
    assert introduced == {(ann, bob), (cy, di)}
    met = {(e.a, e.b): e.count for e in edges if e.kind is DerivedKind.MET_TOGETHER}
    assert met[(min(bob, cy), max(bob, cy))] == 2
    assert met[(crowd[0], crowd[11])] == 1
    assert all(crowd[12] not in pair for pair in met)
    assert sum(1 for pair in met if set(pair) <= set(crowd)) == 12 * 11 // 2


def organisations(clock) -> dict[int, str]:
    """Each active contact's organisation as the network read takes it (none for an
    empty one)."""
    return {cid: org for cid, _facts, org in network_reads.fact_rows(clock.now().date())
            if org}


def test_organisations_common_ground_and_the_pages_small_reads(ids, clock):
    ann, bob, cy, di = (ids[n] for n in ("Ann", "Bob", "Cy", "Di"))
    assert organisations(clock) == {ann: "Acme", cy: "Initech"}
    assert network_reads.common_ground() == {
        ann: frozenset({"#climbing", "#jazz"}), bob: frozenset({"#climbing"}),
        di: frozenset({"#jazz"})}
    assert network_reads.common_ground([bob, cy]) == {bob: frozenset({"#climbing"})}
    assert network_reads.common_ground([]) == {}
    assert network_reads.tagged("JAZZ") == {ann, di}
    assert network_reads.tagged("nothing") == set()
    assert network_reads.tag_names() == ["Climbing", "jazz"]
    contacts.set_archived(clock, [ann], True)
    assert organisations(clock) == {cy: "Initech"}
    assert ann not in network_reads.common_ground()
    many = [contacts.create_contact(clock, f"P{n:04d}", stage=Stage.PARKED).id
            for n in range(1201)]
    rows = network_reads.people([*many, cy])
    assert len(rows) == 1202
    assert rows[many[1200]].name == "P1200" and rows[many[1200]].stage is Stage.PARKED
    assert rows[cy].stage is Stage.DEVELOPMENT and rows[cy].sphere == "personal"
    assert network_reads.names([cy, 99999]) == {cy: "Cy"}


def test_the_snapshot_and_a_strength_beside_it(ids, clock):
    today = clock.now().date()
    activity.log_interaction(clock, [ids["Ann"]], "one_on_one")
    snapshot = network_reads.read_network(today)
    assert snapshot.today == today
    assert snapshot.strength(99999) is None
    assert snapshot.network.ties[ids["Ann"]] == pytest.approx(
        snapshot.strength(ids["Ann"]).score / 100)
    assert snapshot.network.hub(ids["Ann"]) == "org:acme"
