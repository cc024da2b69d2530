"""The ego network the Network page draws, as a plain adjacency of dicts.

It was a ``networkx.Graph``, and networkx was imported for nothing else in the window:
importing it (390 modules, 285 of them its own) added ~22 MB to the app's resident
set (18 MB of it anonymous), more than the 2,000 people it held. This keeps only the part
the page uses, in networkx's orders: nodes in the order they were added, ``edges()`` as
``Graph.edges(data=True)`` yields them (each node's neighbours in the order they were
joined, an edge once, from the node added first). ``tests/domain/test_ego_graph.py``
compares the two on random graphs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

Node = Hashable
EdgeAttributes = dict[str, Any]


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

    def edges(self) -> Iterator[tuple[Node, Node, EdgeAttributes]]:
        """Each edge once, with its attributes, as ``Graph.edges(data=True)`` yields
        them: every node's neighbours in the order they were joined, from the node
        added first."""
        seen: set[Node] = set()
        for node, neighbours in self._adjacency.items():
            for neighbour, attributes in neighbours.items():
                if neighbour not in seen:
                    yield node, neighbour, attributes
            seen.add(node)
