"""Warm paths: who could introduce the user to someone, through whom, how warmly.

A path runs from the user through a contact the user knows (the first introducer) and on
through people that contact knows to the target; its strength is the product of the
user's tie to the introducer and each step's (the weakest link matters most, as in any
chain of favours). The search is networkx's Dijkstra from the target, bounded by how warm
a path must be and by how many hands it may pass through.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx is imported where a graph is built or searched (it takes
    # ~0.2 s, most of a command line's start-up, and most commands draw no graph)
    import networkx as nx

from relmanager.domain.network import (
    KIND_STRENGTH,
    ME,
    DerivedKind,
    Network,
    step_cost,
)
from relmanager.domain.stages import Stage


@dataclass(frozen=True)
class WarmPath:
    """ME -> introducer(s) -> target, with the strength and the kinds of each step."""

    nodes: tuple[int, ...]
    strengths: tuple[float, ...]
    kinds: tuple[tuple[str, ...], ...]

    @property
    def strength(self) -> float:
        return math.prod(self.strengths)

    @property
    def introducer(self) -> int:
        """The contact the user would ask first."""
        return self.nodes[1]


#: A tie of one's own at least this strong needs no introduction; paths are then only
#: other ways in (the Network page and `relmanager paths` say so first).
OWN_TIE_ENOUGH = 0.5
#: Paths weaker than this are not warm (two "knows" steps after a fair tie still are).
WEAKEST_PATH = 0.03


#: People a warm path may pass through before the target, the first introducer
#: included: ME -> A -> B -> C -> target at most. A favour asked along a longer chain is
#: not an introduction anyone makes (each extra hand halves the odds), and the bound
#: keeps a path to anyone a walk of the close neighbourhood, not of 100,000 people.
MAX_INTERMEDIARIES = 3
#: The search reaches out in these steps of cost (-log strength): most people have k
#: warm paths within the first one or two, and a step out is only taken when the paths
#: found so far could still be beaten by someone further away.
_SEARCH_REACH = (1.2, 2.3)


def _steps(network: Network, chain: list[int | str]) -> tuple[list[int], list[float],
                                                              list[tuple[str, ...]]]:
    """Contacts, strengths and kinds of a contact-to-contact chain, a hub's two steps
    read as one same-organisation step."""
    nodes: list[int] = [int(chain[0])]
    strengths: list[float] = []
    kinds: list[tuple[str, ...]] = []
    for u, v in pairwise(chain):
        data = network.graph.edges[u, v]
        if isinstance(v, str):  # into a hub: the step out of it completes it
            continue
        if isinstance(u, str):
            strengths.append(KIND_STRENGTH[DerivedKind.SAME_ORGANISATION])
            kinds.append((str(DerivedKind.SAME_ORGANISATION),))
        else:
            strengths.append(data["strength"])
            kinds.append(tuple(str(kind) for kind in data["kinds"]))
        nodes.append(int(v))
    return nodes, strengths, kinds


def not_to_ask(stages: Mapping[int, Stage]) -> frozenset[int]:
    """Whom a warm path never goes through: the Parked contacts (see
    :func:`warm_paths`)."""
    return frozenset(cid for cid, stage in stages.items() if stage is Stage.PARKED)


def warm_paths(network: Network, target: int, k: int = 5,
               avoid: Collection[int] = frozenset()) -> list[WarmPath]:
    """The ``k`` strongest paths from the user to ``target`` through contacts the user
    knows, one per first introducer (five ways in, not one way five times), strongest
    first. The user's direct tie to ``target`` is not an introduction and is left out.

    Paths through anyone in ``avoid`` (the Parked contacts: people the user has set
    aside are no one to ask a favour of) are left out entirely, not ranked last: a
    4% chain through a parked contact was offered first for someone the user knows
    well (review 18 #12). ``target`` itself may be parked.

    A chain through more than MAX_INTERMEDIARIES people is not offered, and the search
    reaches only as far out as the k best can lie (issue 25: k=5 paths in 500 ms among
    100,000 people)."""
    import networkx as nx  # 0.2 s to import: only when a graph is at hand
    graph = network.graph
    if target not in graph:
        return []
    blocked = set(avoid) - {target}
    if blocked:
        graph = nx.restricted_view(graph, [n for n in blocked if n in graph], [])
    strongest_tie = max(network.ties.values(), default=0.0)
    last = step_cost(WEAKEST_PATH)
    for reach in (*(r for r in _SEARCH_REACH if r < last), last):
        found = _paths_within(network, graph, target, k, reach, blocked)
        # Someone beyond ``reach`` makes at best strongest_tie * exp(-reach): once the
        # k-th path found is at least that, searching further cannot change the k best.
        if len(found) == k and found[-1].strength >= strongest_tie * math.exp(-reach):
            break
    return found


def _paths_within(network: Network, graph: nx.Graph, target: int, k: int, reach: float,
                  blocked: Collection[int]) -> list[WarmPath]:
    """The k best paths whose chain from the introducer costs at most ``reach``.

    The strongest chain to an introducer is almost always short enough; when one of the
    candidates' is not, every candidate's chain is found again with the bound on its
    length (a weaker chain through fewer people is still a way in)."""
    import networkx as nx  # 0.2 s to import: only when a graph is at hand
    distance, chains = nx.single_source_dijkstra(graph, target, cutoff=reach, weight="cost")
    found = _ranked(network, target, k, blocked, distance, chains)
    if found is None:
        distance, chains = _within_reach_and_hops(graph, target, distance.keys(), reach)
        found = _ranked(network, target, k, blocked, distance, chains)
    return found or []


def _ranked(network: Network, target: int, k: int, blocked: Collection[int],
            distance: Mapping[int | str, float], chains: Mapping[int | str, list]
            ) -> list[WarmPath] | None:
    """The k strongest paths from these chains (target first), or None when one that
    would be offered passes through more than MAX_INTERMEDIARIES people."""
    ties = network.ties
    ranked = sorted(
        ((ties[n] * math.exp(-d), n) for n, d in distance.items()
         if isinstance(n, int) and n != target and n in ties and n not in blocked),
        reverse=True)
    found: list[WarmPath] = []
    for strength, introducer in ranked:
        if strength < WEAKEST_PATH or len(found) == k:
            break
        nodes, strengths, kinds = _steps(network, list(reversed(chains[introducer])))
        if len(nodes) - 1 > MAX_INTERMEDIARIES:
            return None
        found.append(WarmPath((ME, *nodes), (ties[introducer], *strengths),
                              (("you",), *kinds)))
    return found


def _within_reach_and_hops(graph: nx.Graph, target: int, reached: Collection[int | str],
                           reach: float) -> tuple[dict[int | str, float],
                                                  dict[int | str, list]]:
    """The cheapest chain from ``target`` to each node with at most MAX_INTERMEDIARIES
    steps between people (an organisation's hub, in and out, is one step), among the
    nodes a search within ``reach`` reached: no chain of cost within ``reach`` leaves
    them. A hop-bounded Bellman-Ford, one layer per step, relaxing only from the nodes
    the last layer improved."""
    reached = set(reached)
    best: dict[int | str, tuple[float, list]] = {target: (0.0, [target])}
    frontier = dict(best)
    for _ in range(MAX_INTERMEDIARIES):
        improved: dict[int | str, tuple[float, list]] = {}
        for node, (cost, chain) in frontier.items():
            for neighbour, data in graph[node].items():
                if neighbour not in reached:
                    continue
                if isinstance(neighbour, str):  # a hub: in and out again is one step
                    into = cost + data["cost"]
                    steps = [(person, into + out["cost"], [*chain, neighbour, person])
                             for person, out in graph[neighbour].items()
                             if person != node and person in reached]
                else:
                    steps = [(neighbour, cost + data["cost"], [*chain, neighbour])]
                for person, total, path in steps:
                    known = improved.get(person) or best.get(person)
                    if total <= reach and (known is None or total < known[0]):
                        improved[person] = (total, path)
        best.update(improved)
        frontier = improved
    return ({node: cost for node, (cost, _) in best.items()},
            {node: path for node, (_, path) in best.items()})
