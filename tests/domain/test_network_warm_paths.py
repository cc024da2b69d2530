"""Warm paths at the seams of the search (pinned against mutmut's survivors in
domain/warm_paths.py), as the Network page and `relmanager paths` show them: the search
reaches out step by step, and stops early only when nobody further out could beat the
k-th way in already found; the hand-bounded search (for an introducer whose strongest
chain passes through too many people) costs an organisation's step like any other,
keeps the cheaper of two chains of the same length, and goes on past a person it cannot
reach."""

from __future__ import annotations

from itertools import pairwise

import pytest

from relmanager.domain.network import ME, DerivedKind, Edge, RelationKind, build_network
from relmanager.domain.warm_paths import warm_paths

PARTNER, KNOWS = RelationKind.PARTNER, RelationKind.KNOWS
FRIEND, COLLEAGUE = RelationKind.FRIEND, RelationKind.COLLEAGUE
SAME_ORGANISATION = DerivedKind.SAME_ORGANISATION
ANN, BOB, CLEO, DAN, EVE, FRED, GUS, HAL, IDA = range(1, 10)


def _far_and_close():
    """Eve is Ann's partner (0.9 x 0.95, close by) and, three "knows" steps away, known
    to Bob through Cleo and Dan (0.9 x 0.45^3 = 8%: warm, but beyond every early step of
    the search)."""
    return build_network({ANN: 0.9, BOB: 0.9, CLEO: 0.01, DAN: 0.01, EVE: 0.01},
                         [Edge(ANN, EVE, PARTNER), Edge(BOB, CLEO, KNOWS),
                          Edge(CLEO, DAN, KNOWS), Edge(DAN, EVE, KNOWS)])


def test_a_far_warm_path_is_offered_when_fewer_than_k_ways_in_are_close():
    """Five ways in asked, one found close by: the search goes on, and Bob's long way
    in is offered second, though Ann's close one is strong."""
    paths = warm_paths(_far_and_close(), EVE)
    assert [p.nodes for p in paths] == [(ME, ANN, EVE), (ME, BOB, CLEO, DAN, EVE)]
    assert paths[1].strength == pytest.approx(0.9 * 0.45 ** 3)


def test_the_weakest_of_the_k_found_decides_whether_to_search_further():
    """Two ways in asked, two found close by: Ann (86%) and Fred, barely known (5% as
    Eve's partner). Fred's is weaker than Bob's far way in (8%), so the search goes on
    and Bob's replaces Fred's: the strongest of the two found is not what counts."""
    assert [p.introducer for p in warm_paths(_far_and_close(), EVE, k=2)] == [ANN, BOB]
    with_fred = build_network(
        {ANN: 0.9, BOB: 0.9, CLEO: 0.01, DAN: 0.01, EVE: 0.01, FRED: 0.05},
        [Edge(ANN, EVE, PARTNER), Edge(BOB, CLEO, KNOWS), Edge(CLEO, DAN, KNOWS),
         Edge(DAN, EVE, KNOWS), Edge(FRED, EVE, PARTNER)])
    assert [p.introducer for p in warm_paths(with_fred, EVE, k=2)] == [ANN, BOB]
    assert [p.introducer for p in warm_paths(with_fred, EVE)] == [ANN, BOB, FRED]


def _too_many_hands(ties: dict[int, float], *edges: Edge, organisations=None):
    """Ann's strongest way to Eve is through Bob, Cleo and Dan (partners all along: one
    hand too many), so every way in is found again with the hands bounded."""
    chain = [Edge(a, b, PARTNER) for a, b in pairwise([ANN, BOB, CLEO, DAN, EVE])]
    base = {ANN: 0.9, BOB: 0.01, CLEO: 0.01, DAN: 0.01, EVE: 0.01}
    return build_network(base | ties, [*edges, *chain], organisations)


def test_a_way_in_through_the_targets_organisation_costs_a_same_organisation_step():
    """In the hand-bounded search, Fred, at Eve's organisation, is a way in as warm as
    his tie times a same-organisation step: at a tie of 0.09 that is 2.7%, not warm, and
    at 0.11 it is 3.3%, offered after Ann's."""
    orgs = {FRED: "Acme", EVE: "Acme"}
    cold = _too_many_hands({FRED: 0.09}, Edge(ANN, EVE, KNOWS), organisations=orgs)
    assert [p.nodes for p in warm_paths(cold, EVE)] == [(ME, ANN, EVE)]
    warm = _too_many_hands({FRED: 0.11}, Edge(ANN, EVE, KNOWS), organisations=orgs)
    paths = warm_paths(warm, EVE)
    assert [p.nodes for p in paths] == [(ME, ANN, EVE), (ME, FRED, EVE)]
    assert paths[1].kinds == (("you",), ("same-organisation",))
    assert paths[1].strength == pytest.approx(0.11 * 0.3)


def test_of_two_chains_through_as_many_hands_the_warmer_is_offered():
    """Ann reaches Eve through Fred (friends: 0.8 x 0.8) or through Gus (a colleague
    who is Eve's friend: 0.65 x 0.8); Fred's way is offered, whichever is met first."""
    edges = [Edge(FRED, EVE, FRIEND), Edge(GUS, EVE, FRIEND), Edge(ANN, FRED, FRIEND),
             Edge(ANN, GUS, COLLEAGUE)]
    for order in (edges, edges[::-1]):
        net = _too_many_hands({ANN: 1.0, FRED: 0.01, GUS: 0.01}, *order)
        [path] = warm_paths(net, EVE)
        assert path.nodes == (ME, ANN, FRED, EVE)
        assert path.strength == pytest.approx(0.8 * 0.8)


def test_the_hand_bounded_search_goes_on_past_someone_too_far_to_reach():
    """Ann's only way to Eve passes through too many hands. Gus is two organisation
    steps from Eve (through Fred); Gus's first acquaintance, Hal, is a third such step
    away, too far to be warm; Gus's partner Ida is still found through Gus
    (1.0 x 0.95 x 0.3 x 0.3)."""
    net = _too_many_hands({FRED: 0.01, GUS: 0.01, HAL: 0.01, IDA: 1.0},
                          Edge(GUS, HAL, SAME_ORGANISATION), Edge(IDA, GUS, PARTNER),
                          Edge(EVE, FRED, SAME_ORGANISATION),
                          Edge(FRED, GUS, SAME_ORGANISATION))
    [path] = warm_paths(net, EVE)
    assert path.nodes == (ME, IDA, GUS, FRED, EVE)
    assert path.kinds[1:] == (("partner",), ("same-organisation",), ("same-organisation",))


def test_the_hand_bounded_search_keeps_to_k_and_never_offers_the_direct_tie():
    """When the hands are bounded, one way in asked is one given (Ann's, not also that
    of Fred, Eve's partner), and Eve, whom the user knows herself (0.5), is still no
    introducer of her own."""
    net = _too_many_hands({EVE: 0.5, FRED: 0.11}, Edge(ANN, EVE, KNOWS),
                          Edge(FRED, EVE, PARTNER))
    assert [p.nodes for p in warm_paths(net, EVE, k=1)] == [(ME, ANN, EVE)]
    assert [p.nodes for p in warm_paths(net, EVE)] == [(ME, ANN, EVE), (ME, FRED, EVE)]
