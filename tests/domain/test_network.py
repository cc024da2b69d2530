"""The network: warm paths ranked by the product of their ties, one per introducer,
never the direct tie; organisations joined through a hub; introduction ideas only
between people not yet connected."""

from __future__ import annotations

from itertools import pairwise

import pytest

from relmanager.domain.network import (
    ME,
    SAME_ORGANISATION_LIMIT,
    DerivedKind,
    Edge,
    RelationKind,
    build_network,
    connected,
    ego_network,
    introduction_ideas,
)
from relmanager.domain.warm_paths import MAX_INTERMEDIARIES, may_ask, warm_paths

ANN, BOB, CLEO, DAN, EVE = 1, 2, 3, 4, 5


def test_the_strongest_chain_wins_and_each_path_starts_with_a_different_introducer():
    ties = {ANN: 0.9, BOB: 0.3, CLEO: 0.6, DAN: 0.1}
    net = build_network(ties, [Edge(ANN, DAN, RelationKind.KNOWS),
                               Edge(BOB, DAN, RelationKind.PARTNER),
                               Edge(ANN, CLEO, RelationKind.COLLEAGUE),
                               Edge(CLEO, DAN, RelationKind.FRIEND)])
    paths = warm_paths(net, DAN, k=5)
    # Ann knows Dan, but asking Ann to go through her colleague Cleo (Dan's friend) is
    # warmer than Ann's own "knows": the chain's product decides.
    assert [p.nodes for p in paths] == [(ME, CLEO, DAN), (ME, ANN, CLEO, DAN), (ME, BOB, DAN)]
    assert paths[0].strength == pytest.approx(0.6 * 0.8)
    assert paths[1].strength == pytest.approx(0.9 * 0.65 * 0.8)
    assert paths[0].kinds == (("you",), ("friend",)) and paths[0].introducer == CLEO
    assert [p.nodes for p in warm_paths(net, DAN, k=1)] == [(ME, CLEO, DAN)]


def test_no_warm_path_goes_through_a_parked_contact_though_a_parked_target_is_found():
    from relmanager.domain.stages import Stage

    ties = {ANN: 0.9, BOB: 0.3, CLEO: 0.6, DAN: 0.1}
    net = build_network(ties, [Edge(ANN, DAN, RelationKind.KNOWS),
                               Edge(BOB, DAN, RelationKind.PARTNER),
                               Edge(ANN, CLEO, RelationKind.COLLEAGUE),
                               Edge(CLEO, DAN, RelationKind.FRIEND)])
    stages = {ANN: Stage.FRIENDSHIP, BOB: Stage.ENCOUNTER, CLEO: Stage.PARKED,
              DAN: Stage.PARKED}
    parked = {cid for cid, stage in stages.items() if not may_ask(stage)}
    assert parked == {CLEO, DAN}
    assert [p.nodes for p in warm_paths(net, DAN, avoid=parked)] == [
        (ME, ANN, DAN), (ME, BOB, DAN)]


def test_the_direct_tie_is_not_an_introduction_and_strangers_have_no_path():
    net = build_network({ANN: 0.9, BOB: 0.8}, [])
    assert warm_paths(net, ANN) == []
    assert warm_paths(net, 99) == []


def test_no_path_passes_through_more_than_the_intermediaries_allowed():
    # A chain of partners, the strongest kind: ME -> 1 -> 2 -> ... -> target. Only the
    # number of people in between stops it (each step 0.95: the chain stays warm).
    assert MAX_INTERMEDIARIES == 3
    people = list(range(1, 7))
    chain = [Edge(a, b, RelationKind.PARTNER) for a, b in pairwise(people)]
    net = build_network({n: (0.9 if n == 1 else 0.01) for n in people}, chain)
    # Only person 1 is known well enough to ask; 4 is three people away (1, 2, 3).
    assert [p.nodes for p in warm_paths(net, 4, k=1)] == [(ME, 1, 2, 3, 4)]
    assert warm_paths(net, 5, k=1) == []  # 1, 2, 3, 4 in between: too many hands
    assert warm_paths(net, 6, k=1) == []


def test_a_strong_path_further_out_beats_a_weak_one_close_by():
    # Ann, barely known, is Dan's partner (0.05 x 0.95); Bob, very close, knows Cleo
    # who is Dan's colleague (1.0 x 0.45 x 0.65): further out in the graph, but warmer.
    net = build_network({ANN: 0.05, BOB: 1.0, CLEO: 0.01, DAN: 0.01},
                        [Edge(ANN, DAN, RelationKind.PARTNER), Edge(BOB, CLEO, RelationKind.KNOWS),
                         Edge(CLEO, DAN, RelationKind.COLLEAGUE)])
    assert [p.nodes for p in warm_paths(net, DAN, k=1)] == [(ME, BOB, CLEO, DAN)]
    assert [p.nodes for p in warm_paths(net, DAN, k=2)] == [(ME, BOB, CLEO, DAN),
                                                            (ME, ANN, DAN)]


def test_paths_through_an_organisation_read_as_one_same_organisation_step():
    net = build_network({ANN: 0.9, BOB: 0.2}, [], {ANN: "Acme ", BOB: "acme"})
    [path] = warm_paths(net, BOB)
    assert path.nodes == (ME, ANN, BOB)
    assert path.kinds[1] == ("same-organisation",)
    assert path.strength == pytest.approx(0.9 * 0.3)
    assert connected(net, ANN, BOB) and not connected(net, ANN, CLEO)


def test_paths_weaker_than_warm_are_left_out():
    net = build_network({ANN: 0.05, BOB: 0.5}, [Edge(ANN, BOB, DerivedKind.SAME_ORGANISATION)])
    assert warm_paths(net, BOB) == []


def test_the_strongest_edge_between_two_people_wins_and_every_kind_is_kept():
    net = build_network({ANN: 0.5, BOB: 0.5}, [
        Edge(ANN, BOB, DerivedKind.MET_TOGETHER), Edge(BOB, ANN, RelationKind.FAMILY),
        Edge(ANN, BOB, DerivedKind.MET_TOGETHER, count=30)])
    data = net.edge(ANN, BOB)
    assert data == net.edge(BOB, ANN)
    assert data.strength == pytest.approx(0.9)
    assert data.kinds == (DerivedKind.MET_TOGETHER, RelationKind.FAMILY)
    assert Edge(ANN, BOB, DerivedKind.MET_TOGETHER, count=30).strength == 0.75
    assert Edge(ANN, BOB, RelationKind.KNOWS).derived is False


def test_edges_to_people_outside_the_network_are_dropped():
    net = build_network({ANN: 0.5}, [Edge(ANN, 77, RelationKind.FRIEND), Edge(ANN, ANN,
                                                                              RelationKind.KNOWS)])
    assert net.number_of_edges() == 0 and list(net.edges()) == []


def test_the_ego_network_keeps_the_strongest_ties_and_expands_organisations():
    ties = {n: n / 100 for n in range(1, 41)}
    orgs = dict.fromkeys(range(1, 41), "Big") | {1: "Small", 2: "Small"}
    net = build_network(ties, [Edge(39, 40, RelationKind.FRIEND)], orgs)
    ego = ego_network(net, limit=10)
    assert set(ego.nodes) == {ME, *range(31, 41)}
    edges = {pair: data for a, b, data in ego.edges() for pair in ((a, b), (b, a))}
    assert edges[ME, 40]["strength"] == pytest.approx(0.4)
    assert edges[39, 40]["kinds"] == (RelationKind.FRIEND,)
    assert ego.has_edge(31, 35)  # same organisation, drawn as a direct edge
    assert SAME_ORGANISATION_LIMIT >= 10


def test_ideas_pair_people_with_common_ground_who_are_not_yet_connected():
    ties = {ANN: 0.8, BOB: 0.7, CLEO: 0.9, DAN: 0.1, EVE: 0.8}
    net = build_network(ties, [Edge(ANN, CLEO, RelationKind.KNOWS)])
    ground = {ANN: frozenset({"#climbing", "python"}), BOB: frozenset({"#climbing", "python"}),
              CLEO: frozenset({"#climbing"}), DAN: frozenset({"#climbing"}),
              EVE: frozenset({"jazz"})}
    ideas = introduction_ideas(net, ground)
    pairs = [(i.a, i.b) for i in ideas]
    assert pairs[0] == (ANN, BOB) and ideas[0].common == ("#climbing", "python")
    assert (ANN, CLEO) not in pairs  # they know each other
    assert all(DAN not in pair and EVE not in pair for pair in pairs)  # weak tie / nothing shared


def test_ideas_stay_bounded_when_many_share_a_tag():
    """10,000 people with one tag in common make no 50 million pairs: a word shared by
    more than COMMON_WORD_MAX people is left out, and the pairs have a ceiling."""
    from relmanager.domain.network import COMMON_WORD_MAX, MAX_PAIRS

    ties = dict.fromkeys(range(1, 10_001), 0.5)
    net = build_network(ties, [])
    ground = {n: frozenset({"#everyone", f"#team{n % 400}"}) for n in ties}
    ideas = introduction_ideas(net, ground, limit=5)
    assert len(ideas) == 5 and all(idea.common == (f"#team{idea.a % 400}",) for idea in ideas)
    assert COMMON_WORD_MAX <= 50 and MAX_PAIRS <= 200_000


def test_a_shorter_weaker_chain_is_offered_when_the_strongest_has_too_many_hands():
    """The bound is on the people in between, not a filter on the strongest chain: Ann's
    strongest way to Eve is through Bob, Cleo and Dan (partners all along, four steps),
    one hand too many; Ann also knows Eve herself, and that way in is offered."""
    ties = {ANN: 0.9, BOB: 0.01, CLEO: 0.01, DAN: 0.01, EVE: 0.01}
    chain = [Edge(a, b, RelationKind.PARTNER) for a, b in pairwise([ANN, BOB, CLEO, DAN, EVE])]
    net = build_network(ties, [*chain, Edge(ANN, EVE, RelationKind.KNOWS)])
    [path] = warm_paths(net, EVE, k=1)
    assert path.nodes == (ME, ANN, EVE)
    assert path.kinds[1] == ("knows",)
    # And a hub counts as one step: Ann's organisation reaches Eve in one.
    net = build_network(ties, chain, {ANN: "Acme", EVE: "Acme"})
    [path] = warm_paths(net, EVE, k=1)
    assert path.nodes == (ME, ANN, EVE) and path.kinds[1] == ("same-organisation",)
