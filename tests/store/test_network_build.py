"""The network build's shortcuts keep its meaning: relations read without joining the
contacts (filtered by the ids already read) still leave archived people out, and the
garbage collector paused over the build leaves no pause behind, however the build ends."""

from __future__ import annotations

import pytest

from relmanager import collector
from relmanager.domain.network import RelationKind
from relmanager.domain.stages import Stage
from relmanager.store import contacts, network_reads, relations


@pytest.fixture
def people(db, clock):
    return {name: contacts.create_contact(clock, name, stage=Stage.DEVELOPMENT).id
            for name in ("Ann", "Bob", "Cy")}


def test_an_archived_person_relations_and_introductions_stay_out_of_the_network(people, clock):
    ann, bob, cy = people["Ann"], people["Bob"], people["Cy"]
    relations.relate(clock, ann, bob, RelationKind.FRIEND)
    relations.relate(clock, cy, bob, RelationKind.COLLEAGUE)
    relations.relate(clock, ann, cy, RelationKind.INTRODUCED_BY)
    contacts.set_archived(clock, [cy], True)
    network = network_reads.read_network(clock.now().date()).network
    assert cy not in network
    assert {frozenset((a, b)) for a, b, _ in network.edges()} == {frozenset((ann, bob))}
    assert {(e.a, e.b) for e in network_reads.entered_edges(active={ann, bob})} == {
        (ann, bob)}


def test_the_build_pauses_the_collector_and_leaves_no_pause_behind(people, clock,
                                                                  monkeypatch):
    """Paused while it builds (half a million containers, no cycles), and not after,
    whether it ended well or not (the on/off switching itself: tests/test_collector.py)."""
    today = clock.now().date()
    network_reads.read_network(today)
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0

    def broken(*_args, **_kwargs):
        assert collector.collect_if_due((0, 0, 0)) is None  # paused while the build runs
        raise RuntimeError("disk gone")

    monkeypatch.setattr(network_reads, "build_network", broken)
    with pytest.raises(RuntimeError):
        network_reads.read_network(today)
    assert collector.collect_if_due((0, 10**9, 10**9)) == 0
