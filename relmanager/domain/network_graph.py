"""The network's graph, stored in flat arrays: what lets the Network page hold 100,000
people in a few megabytes.

A networkx graph of the 100k data set (a dict of neighbours per person, a dict of
attributes per edge, a hub edge per person with an organisation) took ~75 MB, and the
tie facts it was scored from another ~70 MB, most of the app's peak memory (issue 23's
``memory`` row: 4.7x the empty window). Here each person is an index into sorted arrays
of ids and tie strengths; edges between people are a compressed adjacency list (CSR: one
offset per person, one neighbour and one edge class per edge end) whose classes, the few
distinct (strength, kinds) pairs, are shared; an organisation's hub is one index per
person and one member list per organisation. ~10 bytes a person, ~12 an edge.

Node numbers inside: people ``0..n-1`` (in id order), organisation hubs ``n..n+h-1``.
Outside, nodes are contact ids and hubs their ``org:<name>`` labels, as before.

The search (:meth:`Network.dijkstra`) is networkx's ``single_source_dijkstra`` written
over these arrays, step for step (the same neighbour order, the same tie-breaking by
push order, the same sums), so paths come out as they did from networkx; the benchmark's
``graph.paths`` floor still runs networkx's own on a graph of the same edges.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from itertools import count
from typing import NamedTuple

#: A tie value meaning "not among the ties" (a node of the graph the view left out).
_NO_TIE = -1.0


class EdgeData(NamedTuple):
    """What an edge says: the strongest kind's strength, every kind seen, and the cost of
    the step in a search (``-log strength``). Shared by every edge of the same class."""

    strength: float
    kinds: tuple
    cost: float


class Ties(Mapping[int, float]):
    """Contact id -> the user's tie (0..1), read from the network's arrays."""

    __slots__ = ("_ids", "_len", "_ties", "strongest")

    def __init__(self, ids: array, ties: array) -> None:
        self._ids, self._ties = ids, ties
        self._len = sum(1 for tie in ties if tie != _NO_TIE)
        #: The strongest tie (0 with none): a bound every search starts from.
        self.strongest = max((tie for tie in ties if tie != _NO_TIE), default=0.0)

    def __getitem__(self, contact: int) -> float:
        i = bisect_left(self._ids, contact)
        if i < len(self._ids) and self._ids[i] == contact and self._ties[i] != _NO_TIE:
            return self._ties[i]
        raise KeyError(contact)

    def __iter__(self) -> Iterator[int]:
        return (cid for cid, tie in zip(self._ids, self._ties, strict=True) if tie != _NO_TIE)

    def __len__(self) -> int:
        return self._len

    def __contains__(self, contact: object) -> bool:
        """Mapping's own asks ``self[contact]`` and catches its KeyError: a build asks
        ~300,000 times (edges, organisations) and the exception was most of each ask."""
        ids = self._ids
        i = bisect_left(ids, contact)
        return i < len(ids) and ids[i] == contact and self._ties[i] != _NO_TIE

    def arrays(self) -> tuple[array, array]:
        """The ids among the ties and their ties, in id order: new arrays."""
        if self._len == len(self._ids):
            return array("q", self._ids), array("d", self._ties)
        kept = list(self.pairs())
        return array("q", (cid for cid, _ in kept)), array("d", (tie for _, tie in kept))

    def pairs(self) -> Iterator[tuple[int, float]]:
        """(id, tie) in id order, without a lookup per id."""
        return ((cid, tie) for cid, tie in zip(self._ids, self._ties, strict=True)
                if tie != _NO_TIE)


class Network:
    """Contacts joined to each other, and the user's tie to each (``ties``). The user's
    own edges are not in the graph: 100,000 of them would make every search walk through
    the user; paths start from ``ties``.

    People at one organisation are joined through one hub per organisation
    (``org:<name>``), so a 5,000-person employer adds 5,000 entries, not 12 million; the
    hub's two steps multiply to the strength of a same-organisation edge. Built by
    :func:`relmanager.domain.network.build_network`."""

    def __init__(self, ids: array, ties: array, adjacency: tuple[array, array, array],
                 classes: list[EdgeData], hubs: tuple[list[str], array, array, array],
                 hub_step: EdgeData) -> None:
        self.ids, self._ties = ids, ties
        self._start, self._to, self._class = adjacency
        self.classes = classes
        self.hub_names, self._hub_of, self._hub_start, self._members = hubs
        self.hub_step = hub_step
        self._hub_index = {name: h for h, name in enumerate(self.hub_names)}
        self.ties = Ties(ids, ties)

    # -- nodes ------------------------------------------------------------------------
    def index(self, contact: int) -> int:
        """The node number of ``contact``, or -1 when it is not in the network."""
        i = bisect_left(self.ids, contact)
        return i if i < len(self.ids) and self.ids[i] == contact else -1

    def __contains__(self, node: object) -> bool:
        if isinstance(node, str):
            return node in self._hub_index
        return isinstance(node, int) and self.index(node) >= 0

    def tie_at(self, node: int) -> float:
        """The tie of inner node ``node``, or -1 for a hub or someone not among the ties."""
        return self._ties[node] if node < len(self.ids) else _NO_TIE

    def label(self, node: int) -> int | str:
        """The contact id or hub label of an inner node number."""
        n = len(self.ids)
        return self.ids[node] if node < n else self.hub_names[node - n]

    def restricted(self, keep: Collection[int]) -> Network:
        """The same graph with ties only to ``keep`` (a filtered view's people)."""
        ties = array("d", (tie if cid in keep else _NO_TIE
                           for cid, tie in zip(self.ids, self._ties, strict=True)))
        return Network(self.ids, ties, (self._start, self._to, self._class), self.classes,
                       (self.hub_names, self._hub_of, self._hub_start, self._members),
                       self.hub_step)

    # -- edges ------------------------------------------------------------------------
    def _people_of(self, i: int) -> Iterator[tuple[int, EdgeData]]:
        classes = self.classes
        for e in range(self._start[i], self._start[i + 1]):
            yield self._to[e], classes[self._class[e]]

    def edge(self, a: int, b: int) -> EdgeData | None:
        """The edge between two contacts (not through a hub), if any."""
        i, j = self.index(a), self.index(b)
        if i < 0 or j < 0:
            return None
        return next((data for k, data in self._people_of(i) if k == j), None)

    def hub(self, contact: int) -> str | None:
        """The organisation hub ``contact`` is joined to, if any."""
        i = self.index(contact)
        return None if i < 0 or self._hub_of[i] < 0 else self.hub_names[self._hub_of[i]]

    def members(self, hub: str) -> list[int]:
        """The contacts joined to ``hub``, in the order they were added."""
        h = self._hub_index.get(hub)
        if h is None:
            return []
        return [self.ids[m] for m in self._members[self._hub_start[h]:self._hub_start[h + 1]]]

    def neighbours(self, contact: int) -> list[int]:
        """The contacts ``contact`` has an edge with (hubs aside), in the order added."""
        i = self.index(contact)
        return [] if i < 0 else [self.ids[j] for j, _ in self._people_of(i)]

    def edges(self) -> Iterator[tuple[int | str, int | str, EdgeData]]:
        """Every edge once: between contacts (``a < b``), then contact to hub."""
        for i, a in enumerate(self.ids):
            for j, data in self._people_of(i):
                if i < j:
                    yield a, self.ids[j], data
        for i, h in enumerate(self._hub_of):
            if h >= 0:
                yield self.ids[i], self.hub_names[h], self.hub_step

    def number_of_edges(self) -> int:
        return len(self._to) // 2 + sum(1 for h in self._hub_of if h >= 0)

    def adjacent(self, node: int) -> Iterator[tuple[int, EdgeData]]:
        """(node, edge) next to an inner node: people first, then the hub, as networkx
        kept them (a person's hub edge was added after every edge between people)."""
        n = len(self.ids)
        if node >= n:
            h = node - n
            step = self.hub_step
            for m in self._members[self._hub_start[h]:self._hub_start[h + 1]]:
                yield m, step
            return
        yield from self._people_of(node)
        if self._hub_of[node] >= 0:
            yield n + self._hub_of[node], self.hub_step

    # -- search -----------------------------------------------------------------------
    def dijkstra(self, source: int, cutoff: float, blocked: Collection[int] = ()
                 ) -> tuple[dict[int, float], dict[int, int]]:
        """Cheapest cost from inner node ``source`` to each node within ``cutoff``, and
        each reached node's predecessor on its cheapest chain: networkx's
        ``_dijkstra_multisource`` over the arrays (the same order of neighbours, ties
        broken by push order, the same additions), ``blocked`` nodes left out as
        ``restricted_view`` left them."""
        adjacent = self.adjacent
        dist: dict[int, float] = {}
        seen = {source: 0.0}
        pred: dict[int, int] = {}
        counter = count()
        fringe = [(0.0, next(counter), source)]
        push, pop = heapq.heappush, heapq.heappop
        while fringe:
            d, _, v = pop(fringe)
            if v in dist:
                continue
            dist[v] = d
            for u, data in adjacent(v):
                if u in blocked:
                    continue
                vu = d + data.cost
                if vu > cutoff or u in dist:
                    continue
                if u not in seen or vu < seen[u]:
                    seen[u] = vu
                    push(fringe, (vu, next(counter), u))
                    pred[u] = v
        return dist, pred

    def chain(self, pred: Mapping[int, int], source: int, node: int) -> list[int]:
        """The inner nodes from ``source`` to ``node`` along ``pred``."""
        chain = [node]
        while node != source:
            node = pred[node]
            chain.append(node)
        chain.reverse()
        return chain


def id_arrays(ties: Mapping[int, float]) -> tuple[array, array]:
    """The ids of ``ties`` in order and their ties: the arrays a network keeps."""
    if isinstance(ties, Ties):  # already in id order: no sort, no lookup a person
        return ties.arrays()
    ids = array("q", sorted(ties))
    return ids, array("d", (ties[cid] for cid in ids))


def compact(arrays: tuple[array, array], index: Callable[[int], int],
            merged: Iterable[tuple[int, int, EdgeData]],
            organisations: Iterable[tuple[int, str]], hub_step: EdgeData) -> Network:
    """The arrays from the ties (:func:`id_arrays`), the merged edges between contacts
    (each pair once) and (contact, hub label) pairs, in the order given (that order is
    the neighbours'); ``index`` gives a contact's place in the ids."""
    ids, ties_array = arrays
    n = len(ids)

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
    start = _offsets(degree)
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
    hub_start = _offsets(size)
    place = array("q", hub_start)
    members = array("q", bytes(8 * (len(joined) // 2)))
    for k in range(0, len(joined), 2):
        h = joined[k + 1]
        members[place[h]] = joined[k]
        place[h] += 1
    return Network(ids, ties_array, (start, to, edge_class), classes,
                   (names, hub_of, hub_start, members), hub_step)


def _offsets(counts: array) -> array:
    """Running sums of ``counts`` (whose first entry is 0): each list's start."""
    total = 0
    for k, value in enumerate(counts):
        total += value
        counts[k] = total
    return counts
