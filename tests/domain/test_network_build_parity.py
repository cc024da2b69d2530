"""The network's arrays built with a dict of each person's place (issue 23's graph.build
row) are the arrays main built with a bisect of the id array a lookup, held to main's
``compact`` copied here on random networks: ties with people left out (a restricted
view's), edges whose ends are not among the ties, self-loops, repeated pairs,
organisations shared and blank. The whole read of the 100k data set was compared the
same way, array for array, when the change was made."""

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


def _old_compact(ties: Mapping[int, float], merged: Iterable[tuple[int, int, EdgeData]],
            organisations: Iterable[tuple[int, str]], hub_step: EdgeData) -> ng.Network:
    """main's compact (b637bea), as it was: the ids sorted, each tie looked up, each
    contact found by a bisect of the id array."""
    ids = array("q", sorted(ties))
    ties_array = array("d", (ties[cid] for cid in ids))
    n = len(ids)

    def index(cid: int) -> int:
        return bisect_left(ids, cid)

    classes: list[EdgeData] = []
    class_of: dict[EdgeData, int] = {}
    ends = array("q")
    codes = array("H")
    degree = array("q", bytes(8 * (n + 1)))
    for a, b, data in merged:
        code = class_of.get(data)
        if code is None:
            code = class_of[data] = len(classes)
            classes.append(data)
        i, j = index(a), index(b)
        ends.append(i)
        ends.append(j)
        codes.append(code)
        degree[i + 1] += 1
        degree[j + 1] += 1
    start = ng._offsets(degree)
    fill = array("q", start)
    to = array("q", bytes(8 * len(ends)))
    edge_class = array("H", bytes(2 * len(ends)))
    for e, code in enumerate(codes):
        i, j = ends[2 * e], ends[2 * e + 1]
        to[fill[i]], edge_class[fill[i]] = j, code
        fill[i] += 1
        to[fill[j]], edge_class[fill[j]] = i, code
        fill[j] += 1
    del ends, codes, fill

    names: list[str] = []
    hub_index: dict[str, int] = {}
    hub_of = array("q", [-1]) * n
    joined = array("q")  # (contact, hub) pairs, flat, in the order given
    for cid, name in organisations:
        h = hub_index.get(name)
        if h is None:
            h = hub_index[name] = len(names)
            names.append(name)
        i = index(cid)
        hub_of[i] = h
        joined.append(i)
        joined.append(h)
    size = array("q", bytes(8 * (len(names) + 1)))
    for k in range(1, len(joined), 2):
        size[joined[k] + 1] += 1
    hub_start = ng._offsets(size)
    place = array("q", hub_start)
    members = array("q", bytes(8 * (len(joined) // 2)))
    for k in range(0, len(joined), 2):
        h = joined[k + 1]
        members[place[h]] = joined[k]
        place[h] += 1
    return ng.Network(ids, ties_array, (start, to, edge_class), classes,
                   (names, hub_of, hub_start, members), hub_step)



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
    assert _arrays(new) == _arrays(_old_compact(ties, merged, pairs, hub))
    assert _arrays(build_network(dict(ties.pairs()), edges, orgs)) == _arrays(new)
