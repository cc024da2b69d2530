"""The ego network's graph answers as the ``networkx.Graph`` it replaced: the same nodes
in the same order, the same edges in the order ``edges(data=True)`` gave them (what the
Network page draws, in that order), the same attributes, built by the same calls."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from relmanager.domain.ego_graph import EgoGraph


def _both(seed: int) -> tuple[EgoGraph, nx.Graph]:
    rng = random.Random(seed)
    ours, theirs = EgoGraph(), nx.Graph()
    people = rng.sample(range(1, 500), rng.randint(1, 60))
    for graph in (ours, theirs):
        graph.add_node(0)
    calls = [(0, p, {"strength": rng.random(), "kinds": ("you",)}) for p in people]
    for _ in range(rng.randint(0, 200)):
        u, v = rng.sample([*people, rng.randint(500, 520)], 2)
        calls.append((u, v, {"strength": rng.random(), "kinds": (rng.choice("abc"),)}))
    for u, v, data in calls:
        skip_if_there = rng.random() < 0.3  # as ego_network skips an edge it has
        for graph in (ours, theirs):
            if not (skip_if_there and graph.has_edge(u, v)):
                graph.add_edge(u, v, **data)
    return ours, theirs


@pytest.mark.parametrize("seed", range(40))
def test_the_same_nodes_edges_and_orders_as_networkx(seed: int) -> None:
    ours, theirs = _both(seed)
    assert ours.nodes == list(theirs.nodes)
    assert list(ours.edges()) == list(theirs.edges(data=True))
    for u, v in theirs.edges:
        assert ours.has_edge(u, v) and ours.has_edge(v, u)
    nodes = list(theirs.nodes)
    for u in nodes[:10]:
        for v in nodes[-10:]:
            assert ours.has_edge(u, v) == theirs.has_edge(u, v)
    assert not ours.has_edge(9999, 0) and not ours.has_edge(0, 9999)


def test_an_edge_added_again_updates_its_attributes_seen_from_both_ends() -> None:
    graph = EgoGraph()
    graph.add_node("me")
    graph.add_node("me")  # a node added again stays one node, its edges kept
    graph.add_edge("me", "ana", strength=0.4, kinds=("you",))
    graph.add_node("ana")
    graph.add_edge("ana", "me", strength=0.9)
    graph.add_edge("ben", "cy")
    assert graph.nodes == ["me", "ana", "ben", "cy"]
    assert list(graph.edges()) == [("me", "ana", {"strength": 0.9, "kinds": ("you",)}),
                                   ("ben", "cy", {})]
    assert graph.has_edge("cy", "ben") and not graph.has_edge("me", "ben")
