"""The ego network the Network page draws, as a plain adjacency of dicts.

It was a ``networkx.Graph``, and networkx was imported for nothing else in the window:
importing it (390 modules, 285 of them its own) added ~22 MB to the app's resident
set (18 MB of it anonymous), more than the 2,000 people it held. This keeps the part the
page and its tests use, in networkx's orders: nodes in the order they were added, edges
as ``Graph.edges(data=True)`` yields them (each node's neighbours in the order they were
joined, an edge once, from the node added first). ``tests/domain/test_ego_graph.py``
compares the two on random graphs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

Node = Hashable
EdgeAttributes = dict[str, Any]


class EgoEdges:
    """``graph.edges``: iterated, the (u, v) pairs; called with ``data=True``, triples;
    ``graph.edges[u, v]``, an edge's attributes."""

    def __init__(self, adjacency: dict[Node, dict[Node, EdgeAttributes]]) -> None:
        self._adjacency = adjacency

    def _triples(self) -> Iterator[tuple[Node, Node, EdgeAttributes]]:
        seen: set[Node] = set()
        for node, neighbours in self._adjacency.items():
            for neighbour, attributes in neighbours.items():
                if neighbour not in seen:
                    yield node, neighbour, attributes
            seen.add(node)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        if data:
            return self._triples()
        return iter(self)

    def __iter__(self) -> Iterator[tuple[Node, Node]]:
        return ((u, v) for u, v, _ in self._triples())

    def __len__(self) -> int:
        return sum(1 for _ in self._triples())

    def __getitem__(self, pair: tuple[Node, Node]) -> EdgeAttributes:
        u, v = pair
        return self._adjacency[u][v]


class EgoGraph:
    """An undirected graph with attributes on its edges (no self-loops are made here)."""

    def __init__(self) -> None:
        self._adjacency: dict[Node, dict[Node, EdgeAttributes]] = {}

    def add_node(self, node: Node) -> None:
        self._adjacency.setdefault(node, {})

    def add_edge(self, u: Node, v: Node, **attributes: Any) -> None:
        """Joins ``u`` and ``v`` (added if new), updating the edge's attributes as
        networkx does when it is there already."""
        existing = self._adjacency.setdefault(u, {}).get(v)
        if existing is None:
            existing = {}
            self._adjacency[u][v] = existing
            self._adjacency.setdefault(v, {})[u] = existing
        existing.update(attributes)

    def has_edge(self, u: Node, v: Node) -> bool:
        return v in self._adjacency.get(u, ())

    @property
    def nodes(self) -> list[Node]:
        return list(self._adjacency)

    @property
    def edges(self) -> EgoEdges:
        return EgoEdges(self._adjacency)

    def number_of_edges(self) -> int:
        return len(self.edges)

    def __contains__(self, node: object) -> bool:
        return node in self._adjacency

    def __len__(self) -> int:
        return len(self._adjacency)
