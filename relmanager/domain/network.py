"""Who knows whom: the user's network as a graph, warm paths and introduction ideas.

The user is one node (``ME``); each contact is a node joined to the user by the tie
strength of that relationship (domain.ties). Contacts are joined to each other by edges
the user entered (colleague, partner, family, friend, introduced-by, knows) and by edges
derived from what was logged (an introduction made, people met together, the same
organisation). Entered and derived edges are kept apart: the user's word is never
overwritten by an inference, and an inference says what it was inferred from.

"Who can introduce me to X" is searched in this graph by domain.warm_paths. The graph is
kept in flat arrays (domain.network_graph: ~100 bytes a person, where networkx took ten
times that), and the ego network the Network page draws in plain dicts
(domain.ego_graph): the window no longer imports networkx.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import NamedTuple

from relmanager.domain.ego_graph import EgoGraph
from relmanager.domain.network_graph import EdgeData, Network, compact, id_arrays
from relmanager.domain.relations import RelationKind

#: The user's node.
ME = 0


class DerivedKind(StrEnum):
    """Edges inferred from the log; never stored as the user's word."""

    INTRODUCED = "introduced"  # the user (or someone) introduced them to each other
    MET_TOGETHER = "met-together"  # both took part in one logged interaction
    SAME_ORGANISATION = "same-organisation"

    @property
    def label(self) -> str:
        return {"introduced": "Introduced", "met-together": "Met together",
                "same-organisation": "Same organisation"}[self.value]


EdgeKind = RelationKind | DerivedKind

#: How strongly each kind of edge suggests that one would introduce the user to the
#: other (0..1). Entered kinds say more than inferred ones.
KIND_STRENGTH: dict[EdgeKind, float] = {
    RelationKind.PARTNER: 0.95,
    RelationKind.FAMILY: 0.9,
    RelationKind.FRIEND: 0.8,
    RelationKind.COLLEAGUE: 0.65,
    RelationKind.INTRODUCED_BY: 0.6,
    RelationKind.KNOWS: 0.45,
    DerivedKind.INTRODUCED: 0.55,
    DerivedKind.MET_TOGETHER: 0.4,
    DerivedKind.SAME_ORGANISATION: 0.3,
}
#: An organisation with more contacts than this says little about who knows whom (a
#: large employer), and would add a clique of edges quadratic in its size.
SAME_ORGANISATION_LIMIT = 25
#: Each further meeting together adds to a met-together edge, up to this strength.
MET_TOGETHER_MAX = 0.75


def edge_strength(kind: EdgeKind, count: int) -> float:
    """How strongly an edge of ``kind`` suggests an introduction; for met-together,
    ``count`` is how many logged interactions the two shared."""
    base = KIND_STRENGTH[kind]
    if kind is DerivedKind.MET_TOGETHER and count > 1:
        return min(MET_TOGETHER_MAX, base + 0.05 * (count - 1))
    return base


class Edge(NamedTuple):
    """One edge between two contacts, entered or derived. A tuple, not a dataclass: the
    store reads some 150,000 of them for each network build (issue 25's 3 s budget)."""

    a: int
    b: int
    kind: EdgeKind
    count: int = 1  # for met-together: how many logged interactions they shared

    @property
    def derived(self) -> bool:
        return isinstance(self.kind, DerivedKind)

    @property
    def strength(self) -> float:
        return edge_strength(self.kind, self.count)


def organisation_node(name: str) -> str | None:
    """The hub node of an organisation (names compare case- and space-insensitively),
    or None for a blank one."""
    key = " ".join(name.casefold().split())
    return f"org:{key}" if key else None


#: The strength of one step to or from an organisation's hub: two steps make a
#: same-organisation edge.
HUB_STEP = math.sqrt(KIND_STRENGTH[DerivedKind.SAME_ORGANISATION])


def step_cost(strength: float) -> float:
    # A path's strength is the product of its steps', so its cost is the sum of -log.
    return -math.log(max(strength, 1e-6))


def build_network(ties: Mapping[int, float], edges: Iterable[Edge],
                  organisations: Mapping[int, str] | Iterable[tuple[int, str]] | None = None
                  ) -> Network:
    """The network from the user's ties, the edges between contacts (entered and
    derived) and each contact's organisation (a mapping, or (contact, name) pairs: the
    store streams them rather than hold 100,000 names). Between two contacts the
    strongest edge wins; every kind seen is kept on the edge (``kinds``) so a path can
    say why."""
    arrays = id_arrays(ties)
    ids = arrays[0]

    def place(cid: int) -> int:
        """A person's place in the ids. A dict of the places, built for the build, was
        ~12% faster (graph.build 1.42x against 1.61x its floor) but held ~8 MB more at
        the window's peak, which then read 3.00x its floor (168 MB; budget 3x) against
        2.85x (160 MB) with this bisect (bench/README.md, twenty-first round)."""
        return bisect_left(ids, cid)

    merged: dict[tuple[int, int], tuple[float, tuple]] = {}
    strengths: dict[tuple[EdgeKind, int], float] = {}  # a few kinds and counts
    for a, b, kind, count in edges:
        if a == b or a not in ties or b not in ties:
            continue
        key = (a, b) if a < b else (b, a)
        strength = strengths.get((kind, count))
        if strength is None:
            strength = strengths[kind, count] = edge_strength(kind, count)
        known = merged.get(key)
        if known is None:
            merged[key] = (strength, (kind,))
        else:
            kinds = known[1] if kind in known[1] else (*known[1], kind)
            merged[key] = (max(known[0], strength), kinds)
    costs = {strength: step_cost(strength) for strength in {*strengths.values()}}
    hub = EdgeData(HUB_STEP, (DerivedKind.SAME_ORGANISATION,), step_cost(HUB_STEP))
    pairs = organisations.items() if isinstance(organisations, Mapping) else organisations
    return compact(arrays, place,
                   ((a, b, EdgeData(strength, kinds, costs[strength]))
                    for (a, b), (strength, kinds) in merged.items()),
                   _hubs(ties, pairs or ()), hub)


def _hubs(ties: Container[int], pairs: Iterable[tuple[int, str]]
          ) -> Iterator[tuple[int, str]]:
    """(contact, hub label) of the contacts in ``ties`` with an organisation."""
    hubs: dict[str, str | None] = {}  # many people share a name: fold each name once
    for contact, name in pairs:
        if contact in ties:
            node = hubs.get(name, "")
            if node == "":
                node = hubs[name] = organisation_node(name)
            if node is not None:
                yield contact, node


def ego_network(network: Network, limit: int = 2000) -> EgoGraph:
    """The user and the ``limit`` contacts with the strongest ties, joined to the user
    and to each other (same-organisation hubs read as direct edges): what the Network
    page draws."""
    # The strongest, ties kept in id order (as sorted() over all would, without a list
    # of every person).
    chosen = [cid for cid, _ in heapq.nsmallest(limit, network.ties.pairs(),
                                                 key=lambda pair: -pair[1])]
    ego = EgoGraph()
    ego.add_node(ME)
    for n in chosen:
        ego.add_edge(ME, n, strength=network.ties[n], kinds=("you",))
    members = set(chosen)
    for u in sorted(members):
        for v in network.neighbours(u):
            if v in members and not ego.has_edge(u, v):
                data = network.edge(u, v)
                assert data is not None
                ego.add_edge(u, v, strength=data.strength, kinds=data.kinds)
    hubs = {hub for n in chosen if (hub := network.hub(n)) is not None}
    for hub in hubs:
        inside = sorted(n for n in network.members(hub) if n in members)
        for a, b in combinations(inside[:SAME_ORGANISATION_LIMIT], 2):
            if not ego.has_edge(a, b):
                ego.add_edge(a, b, strength=KIND_STRENGTH[DerivedKind.SAME_ORGANISATION],
                             kinds=(DerivedKind.SAME_ORGANISATION,))
    return ego


def connected(network: Network, a: int, b: int) -> bool:
    """Whether two contacts already know each other, as far as the network says."""
    if network.edge(a, b) is not None:
        return True
    hub = network.hub(a)
    return hub is not None and hub == network.hub(b)


#: Common ground shared by more than this share of the people considered (and more than
#: the floor) is too common to suggest an introduction.
COMMON_WORD_SHARE = 0.05
COMMON_WORD_FLOOR = 10
#: ... and never more than this many people: 50 people make 1,225 pairs a word.
COMMON_WORD_MAX = 50
#: Pairs considered in all (memory stays in the megabytes however large the network).
MAX_PAIRS = 200_000


@dataclass(frozen=True)
class Suggestion:
    a: int
    b: int
    common: tuple[str, ...]  # the shared tags and intent words that suggest it


#: Ideas are for people the user knows at least this well.
IDEA_MIN_TIE = 0.3


def idea_candidates(network: Network, min_tie: float = IDEA_MIN_TIE) -> set[int]:
    """Whom :func:`introduction_ideas` may pair: the store reads only their ground."""
    return {cid for cid, strength in network.ties.pairs() if strength >= min_tie}


def introduction_ideas(network: Network, ground: Mapping[int, frozenset[str]],
                       limit: int = 20, min_tie: float = IDEA_MIN_TIE) -> list[Suggestion]:
    """Pairs of contacts the user knows well enough (tie >= ``min_tie``) who share
    common ground but are not yet connected: ideas, ranked by how much they share and
    how well the user knows both. Suggestions only; nothing is sent or recorded."""
    ties = network.ties
    known = [n for n, strength in ties.items() if strength >= min_tie and ground.get(n)]
    by_word: dict[str, list[int]] = {}
    for node in known:
        for word in ground[node]:
            by_word.setdefault(word, []).append(node)
    # A word that many share says nothing about these two in particular, and would make
    # pairs quadratic in its size: past a fixed count a word is left out.
    common_limit = min(COMMON_WORD_MAX, max(COMMON_WORD_FLOOR,
                                            int(len(known) * COMMON_WORD_SHARE)))
    shared: dict[tuple[int, int], set[str]] = {}
    for word, nodes in by_word.items():
        if len(nodes) > common_limit:
            continue
        for a, b in combinations(sorted(nodes), 2):
            shared.setdefault((a, b), set()).add(word)
            if len(shared) >= MAX_PAIRS:
                break
        if len(shared) >= MAX_PAIRS:
            break

    def rank(pair: tuple[int, int]) -> float:
        return len(shared[pair]) * ties[pair[0]] * ties[pair[1]]

    ideas: list[Suggestion] = []
    for a, b in sorted(shared, key=rank, reverse=True):
        if not connected(network, a, b):
            ideas.append(Suggestion(a, b, tuple(sorted(shared[(a, b)]))))
            if len(ideas) == limit:
                break
    return ideas
