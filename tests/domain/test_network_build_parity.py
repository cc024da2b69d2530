"""The network's arrays built with a dict of each person's place (issue 23's graph.build
row) are the arrays main built with a bisect of the id array a lookup, held to what
main's ``compact`` built, written the plain way here, on random networks: ties with
people left out (a restricted view's), edges whose ends are not among the ties,
self-loops, repeated pairs, organisations shared and blank. The whole read of the 100k
data set was compared the same way, array for array, when the change was made."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Mapping

import pytest

from relmanager.domain import network
from relmanager.domain import network_graph as ng
from relmanager.domain.network import (
    HUB_STEP,
    DerivedKind,
    Edge,
    RelationKind,
    build_network,
    step_cost,
)
from relmanager.domain.network_graph import EdgeData, Ties


def _plain_compact(ties: Mapping[int, float], merged: Iterable[tuple[int, int, EdgeData]],
                   organisations: Iterable[tuple[int, str]], hub_step: EdgeData) -> tuple:
    """What main's compact (b637bea) built, the plain way: the ids sorted, each tie
    looked up, each contact found by a bisect, neighbour lists of Python lists."""
    ids = sorted(ties)
    classes: list[EdgeData] = []
    near: list[list[tuple[int, int]]] = [[] for _ in ids]
    for a, b, data in merged:
        if data not in classes:
            classes.append(data)
        i, j, code = bisect_left(ids, a), bisect_left(ids, b), classes.index(data)
        near[i].append((j, code))
        near[j].append((i, code))
    names: list[str] = []
    hub_of = [-1] * len(ids)
    members: dict[int, list[int]] = {}
    for cid, name in organisations:
        if name not in names:
            names.append(name)
        i, h = bisect_left(ids, cid), names.index(name)
        hub_of[i] = h
        members.setdefault(h, []).append(i)
    starts = [0]
    for row in near:
        starts.append(starts[-1] + len(row))
    hub_starts = [0]
    for h in range(len(names)):
        hub_starts.append(hub_starts[-1] + len(members.get(h, [])))
    return (ids, [ties[cid] for cid in ids], starts, [j for row in near for j, _ in row],
            [c for row in near for _, c in row], classes, names, hub_of, hub_starts,
            [i for h in range(len(names)) for i in members.get(h, [])], hub_step)


def _arrays(net: ng.Network) -> tuple:
    return (list(net.ids), list(net._ties), list(net._start), list(net._to),
            list(net._class), net.classes, net.hub_names, list(net._hub_of),
            list(net._hub_start), list(net._members), net.hub_step)


def _random(seed: int) -> tuple[Ties, list[Edge], list[tuple[int, str]]]:
    rng = random.Random(seed)
    ids = sorted(rng.sample(range(1, 5000), 300))
    ties = array("d", (rng.choice([-1.0, rng.random(), 0.0]) for _ in ids))
    kinds = [*RelationKind, DerivedKind.INTRODUCED, DerivedKind.MET_TOGETHER]
    pool = [*ids, 7777, 8888]  # two never among the ties
    edges = [Edge(rng.choice(pool), rng.choice(pool), rng.choice(kinds), rng.randint(1, 4))
             for _ in range(900)]
    orgs = [(cid, rng.choice(["Acme", "acme ", "Initech", "", "  ", "Umbrella"]))
            for cid in [*rng.sample(ids, 200), 7777]]
    return Ties(array("q", ids), ties), edges, orgs


@pytest.mark.parametrize("seed", range(12))
def test_a_network_is_built_as_mains_compact_built_it(seed):
    ties, edges, orgs = _random(seed)
    new = build_network(ties, edges, orgs)
    # main's path: the same merged edges and hubs, through main's compact
    merged = [(a, b, data) for a, b, data in new.edges() if isinstance(b, int)]
    order = {}  # main's compact takes the merged edges in the order the build merged them
    for a, b, _kind, _count in edges:
        key = (a, b) if a < b else (b, a)
        order.setdefault(key, len(order))
    merged.sort(key=lambda e: order[(e[0], e[1])])
    pairs = list(network._hubs(ties, orgs))  # against the Ties mapping, as main asked
    hub = EdgeData(HUB_STEP, (DerivedKind.SAME_ORGANISATION,), step_cost(HUB_STEP))
    assert _arrays(new) == _plain_compact(ties, merged, pairs, hub)
    assert _arrays(build_network(dict(ties.pairs()), edges, orgs)) == _arrays(new)
