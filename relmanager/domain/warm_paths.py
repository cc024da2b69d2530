"""Warm paths: who could introduce the user to someone, through whom, how warmly.

A path runs from the user through a contact the user knows (the first introducer) and on
through people that contact knows to the target; its strength is the product of the
user's tie to the introducer and each step's (the weakest link matters most, as in any
chain of favours). The search is a Dijkstra from the target (``Network.dijkstra``:
networkx's, written over the network's arrays), bounded by how warm a path must be and by
how many hands it may pass through.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from itertools import pairwise

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


def _steps(network: Network, chain: list[int]) -> tuple[list[int], list[float],
                                                   list[tuple[str, ...]]]:
    """Contacts, strengths and kinds of a contact-to-contact chain of inner nodes, a
    hub's two steps read as one same-organisation step."""
    people = len(network.ids)
    nodes: list[int] = [network.ids[chain[0]]]
    strengths: list[float] = []
    kinds: list[tuple[str, ...]] = []
    for u, v in pairwise(chain):
        if v >= people:  # into a hub: the step out of it completes it
            continue
        if u >= people:
            strengths.append(KIND_STRENGTH[DerivedKind.SAME_ORGANISATION])
            kinds.append((str(DerivedKind.SAME_ORGANISATION),))
        else:
            data = next(data for k, data in network.adjacent(u) if k == v)
            strengths.append(data.strength)
            kinds.append(tuple(str(kind) for kind in data.kinds))
        nodes.append(network.ids[v])
    return nodes, strengths, kinds


def may_ask(stage: Stage) -> bool:
    """Whether a warm path may go through someone at ``stage``: not the Parked (see
    :func:`warm_paths`)."""
    return stage is not Stage.PARKED


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
    source = network.index(target)
    if source < 0:
        return []
    blocked = {i for n in avoid if n != target and (i := network.index(n)) >= 0}
    strongest_tie = network.ties.strongest
    last = step_cost(WEAKEST_PATH)
    for reach in (*(r for r in _SEARCH_REACH if r < last), last):
        found = _paths_within(network, source, k, reach, blocked)
        # Someone beyond ``reach`` makes at best strongest_tie * exp(-reach): once the
        # k-th path found is at least that, searching further cannot change the k best.
        if len(found) == k and found[-1].strength >= strongest_tie * math.exp(-reach):
            break
    return found


def _paths_within(network: Network, source: int, k: int, reach: float,
                  blocked: Collection[int]) -> list[WarmPath]:
    """The k best paths whose chain from the introducer costs at most ``reach``.

    The strongest chain to an introducer is almost always short enough; when one of the
    candidates' is not, every candidate's chain is found again with the bound on its
    length (a weaker chain through fewer people is still a way in)."""
    distance, pred = network.dijkstra(source, reach, blocked)
    found = _ranked(network, source, k, blocked, distance,
                    lambda node: network.chain(pred, source, node))
    if found is None:
        distance, chains = _within_reach_and_hops(network, source, distance.keys(), reach,
                                                  blocked)
        found = _ranked(network, source, k, blocked, distance, chains.__getitem__)
    return found or []


def _ranked(network: Network, source: int, k: int, blocked: Collection[int],
            distance: Mapping[int, float], chain_to: Callable[[int], list[int]]
            ) -> list[WarmPath] | None:
    """The k strongest paths from these chains (``source``, the target, first), or None
    when one that would be offered passes through more than MAX_INTERMEDIARIES people.
    Nodes are inner numbers, people in id order, so ranking by them ranks by id."""
    ties, people = network.ties, len(network.ids)
    tie_of = network.tie_at
    ranked = sorted(
        ((tie * math.exp(-d), n) for n, d in distance.items()
         if n < people and n != source and n not in blocked and (tie := tie_of(n)) >= 0),
        reverse=True)
    found: list[WarmPath] = []
    for strength, introducer in ranked:
        if strength < WEAKEST_PATH or len(found) == k:
            break
        nodes, strengths, kinds = _steps(network, list(reversed(chain_to(introducer))))
        if len(nodes) - 1 > MAX_INTERMEDIARIES:
            return None
        found.append(WarmPath((ME, *nodes), (ties[nodes[0]], *strengths),
                              (("you",), *kinds)))
    return found


def _within_reach_and_hops(network: Network, source: int, reached: Collection[int],
                           reach: float, blocked: Collection[int]
                           ) -> tuple[dict[int, float], dict[int, list[int]]]:
    """The cheapest chain from ``source`` to each node with at most MAX_INTERMEDIARIES
    steps between people (an organisation's hub, in and out, is one step), among the
    nodes a search within ``reach`` reached: no chain of cost within ``reach`` leaves
    them. A hop-bounded Bellman-Ford, one layer per step, relaxing only from the nodes
    the last layer improved."""
    reached = set(reached) - set(blocked)
    people = len(network.ids)
    best: dict[int, tuple[float, list[int]]] = {source: (0.0, [source])}
    frontier = dict(best)
    for _ in range(MAX_INTERMEDIARIES):
        improved: dict[int, tuple[float, list[int]]] = {}
        for node, (cost, chain) in frontier.items():
            for neighbour, data in network.adjacent(node):
                if neighbour not in reached:
                    continue
                if neighbour >= people:  # a hub: in and out again is one step
                    into = cost + data.cost
                    steps = [(person, into + out.cost, [*chain, neighbour, person])
                             for person, out in network.adjacent(neighbour)
                             if person != node and person in reached]
                else:
                    steps = [(neighbour, cost + data.cost, [*chain, neighbour])]
                for person, total, path in steps:
                    known = improved.get(person) or best.get(person)
                    if total <= reach and (known is None or total < known[0]):
                        improved[person] = (total, path)
        best.update(improved)
        frontier = improved
    return ({node: cost for node, (cost, _) in best.items()},
            {node: path for node, (_, path) in best.items()})
