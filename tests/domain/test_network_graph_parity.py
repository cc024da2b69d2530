"""The array graph's search is networkx's: on random networks (people, edges of every
kind, organisation hubs, people left out) ``Network.dijkstra`` finds the same nodes at
the same costs along the same chains as ``networkx.single_source_dijkstra`` on a graph
of the same edges, added in the same order (ties broken alike), and the edges it lists
are the ones networkx keeps."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from relmanager.domain.network import (
    HUB_STEP,
    DerivedKind,
    Edge,
    RelationKind,
    build_network,
    edge_strength,
    organisation_node,
    step_cost,
)

KINDS = [*RelationKind, *DerivedKind]


def _random_network(seed: int):
    rng = random.Random(seed)
    people = rng.sample(range(1, 400), rng.randint(5, 60))
    ties = {p: rng.choice([0.1, 0.3, 0.45, 0.5, 0.8, 0.95]) for p in people}
    edges = [Edge(rng.choice([*people, 999]), rng.choice(people), rng.choice(KINDS),
                  rng.randint(1, 4)) for _ in range(rng.randint(0, 120))]
    orgs = {p: rng.choice(["Acme", "acme ", "Initech", "", "Globex"])
            for p in people if rng.random() < 0.6}
    return build_network(ties, edges, orgs), people, rng, (ties, edges, orgs)


def _networkx(ties, edges, orgs) -> nx.Graph:
    """The graph as build_network made it with networkx before the arrays: each pair's
    edge added where the pair first appears, then each person's hub, in that order."""
    graph = nx.Graph()
    graph.add_nodes_from(ties)
    costs: dict[tuple[int, int], float] = {}
    for a, b, kind, count in edges:
        if a != b and a in ties and b in ties:
            key = (min(a, b), max(a, b))
            costs[key] = min(costs.get(key, 99.0), step_cost(edge_strength(kind, count)))
    graph.add_edges_from((a, b, {"cost": cost}) for (a, b), cost in costs.items())
    graph.add_edges_from(((p, organisation_node(name)) for p, name in orgs.items()
                          if organisation_node(name)), cost=step_cost(HUB_STEP))
    return graph


@pytest.mark.parametrize("seed", range(60))
def test_the_search_finds_what_networkx_finds(seed):
    network, people, rng, made_of = _random_network(seed)
    graph = _networkx(*made_of)
    for _ in range(5):
        source = rng.choice(people)
        cutoff = rng.choice([0.5, 1.2, 2.3, 3.5])
        blocked = set(rng.sample(people, rng.randint(0, 3))) - {source}
        view = nx.restricted_view(graph, blocked, []) if blocked else graph
        distance, chains = nx.single_source_dijkstra(view, source, cutoff=cutoff,
                                                      weight="cost")
        start = network.index(source)
        ours, pred = network.dijkstra(start, cutoff, {network.index(b) for b in blocked})
        assert {network.label(n): d for n, d in ours.items()} == distance
        assert {network.label(n): [network.label(c) for c in network.chain(pred, start, n)]
                for n in ours} == chains


@pytest.mark.parametrize("seed", range(20))
def test_the_edges_listed_are_networkx_edges_with_the_same_neighbours(seed):
    network, people, _, made_of = _random_network(seed)
    graph = _networkx(*made_of)
    assert network.number_of_edges() == graph.number_of_edges()
    assert {(a, b, data.cost) for a, b, data in network.edges()} == {
        (a, b, data["cost"]) if isinstance(b, str) or (isinstance(a, int) and a < b)
        else (b, a, data["cost"]) for a, b, data in graph.edges(data=True)}
    for person in people:
        hub = network.hub(person)
        assert [*network.neighbours(person), *([hub] if hub else [])] == list(graph[person])
        if hub:
            assert network.members(hub) == list(graph[hub])


def test_a_restricted_view_keeps_the_graph_and_only_the_kept_ties():
    network = build_network({1: 0.5, 2: 0.8, 3: 0.3}, [Edge(1, 2, RelationKind.FRIEND)],
                            {1: "Acme", 3: "Acme"})
    ties = network.ties
    assert (len(ties), list(ties), ties.strongest) == (3, [1, 2, 3], 0.8)
    assert list(ties.pairs()) == [(1, 0.5), (2, 0.8), (3, 0.3)] and ties[2] == 0.8
    with pytest.raises(KeyError):
        ties[4]
    kept = network.restricted({1, 3})
    assert (len(kept.ties), list(kept.ties), dict(kept.ties.pairs())) == (2, [1, 3],
                                                                         {1: 0.5, 3: 0.3})
    assert kept.ties.strongest == 0.5 and kept.tie_at(1) == -1 and kept.tie_at(0) == 0.5
    with pytest.raises(KeyError):
        kept.ties[2]
    # the graph is the same: 2 is still a node, its edge and the hub still there
    assert 2 in kept and kept.edge(1, 2) == network.edge(1, 2) is not None
    assert kept.members("org:acme") == [1, 3] and kept.number_of_edges() == 3
    assert "org:acme" in kept and "org:none" not in kept and 2.5 not in kept
    assert network.label(network.index(3)) == 3 and network.label(3) == "org:acme"
    assert network.index(4) == -1 and network.index(0) == -1 and network.tie_at(3) == -1
