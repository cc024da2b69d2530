"""Who knows whom at 100,000 contacts and 1,000,000 interactions, each row against a
floor measured in the same run:

* ``graph.build``: the network read and built (tie facts, entered and derived edges,
  organisations; networkx), vs the same SQL raw plus one networkx ``add_edges_from`` of
  the same edges (absolute budget from issue 25: <= 3 s);
* ``graph.paths``: k=5 warm paths to 20 people, vs networkx's ``single_source_dijkstra``
  from the sources and with the cutoffs our search used (recorded from a run of ours), on
  a networkx graph of the same edges (absolute budget: <= 500 ms a person);
* ``graph.page``: the Network page drawing a 2,000-person ego network, from data to
  painted, vs the same number of plain ellipse and line items in a bare QGraphicsView
  painted (absolute budget: <= 300 ms);
* ``graph.zoom``: one zoom step repainted on that drawing, vs the bare view's (pan and
  zoom without visible lag).

The data set is a copy of the shared one, migrated, with a relation for about one
contact in four (the demo's ``add_relations``), so the entered edges are there too.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import Result, captured_sql, ratio_row, raw_connection, reads, replay, timed_pair

BUILD_LIMIT = 2.0
PATHS_LIMIT = 2.0
PAGE_LIMIT = 2.5
PAGE_PEOPLE = 2000


def _copy_with_relations(path: Path) -> Path:
    from relmanager.store import demo_network
    from relmanager.store.db import close_db, init_db

    target = Path(tempfile.mkdtemp(prefix="rm-bench-graph-")) / "graph.sqlite3"
    shutil.copyfile(path, target)
    init_db(target)  # migrates to the current schema
    close_db()
    conn = sqlite3.connect(target)
    first, count = conn.execute("SELECT min(id), count(*) FROM contact").fetchone()
    with conn:
        demo_network.add_relations(conn, random.Random(7), first, count, datetime.now())
    conn.close()
    return target


def benchmarks(path: Path, runs: int) -> list[Result]:
    import networkx as nx

    from relmanager.domain.warm_paths import warm_paths
    from relmanager.store import network_reads
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import database

    copy = _copy_with_relations(path)
    init_db(copy)
    today = datetime.now().date()
    results: list[Result] = []

    with captured_sql(database.connection()) as statements:
        snapshot = network_reads.read_network(today)
    queries = reads(statements)
    raw = raw_connection(copy)
    network = snapshot.network
    edges = [(a, b) for a, b, _ in network.edges()]
    # The floors' networkx graph of the same nodes and edges (costs for the searches).
    graph = nx.Graph()
    graph.add_nodes_from(network.ties)
    graph.add_edges_from((a, b, {"cost": data.cost}) for a, b, data in network.edges())

    def floor_build() -> None:
        replay(raw, queries)
        bare = nx.Graph()
        bare.add_edges_from(edges)

    ours, floor = timed_pair(lambda: network_reads.read_network(today), floor_build, runs)
    results.append(ratio_row(
        "graph.build", "network read and built, 100k contacts / 1M interactions", "ms",
        ours, floor, BUILD_LIMIT,
        floor_name="the same SQL raw + one networkx add_edges_from of the same edges",
        note=f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"))

    rng = random.Random(3)
    reachable = [n for n in network.ties if graph.degree(n) > 1]
    targets = rng.sample(reachable, min(20, len(reachable)))

    def paths() -> None:
        for target in targets:
            warm_paths(network, target, k=5)

    # The floor is the same search done by networkx alone: every Dijkstra our search
    # runs (from which person, how far out), recorded from one run of ours as the SQL
    # floors are, then called bare on the same graph. It follows the code.
    searches = _recorded_searches(paths)

    def floor_paths() -> None:
        for source, cutoff in searches:
            nx.single_source_dijkstra(graph, source, cutoff=cutoff, weight="cost")

    ours, floor = timed_pair(paths, floor_paths, runs)
    per = len(targets) or 1
    results.append(ratio_row(
        "graph.paths", "k=5 warm paths to a person", "ms",
        [s / per for s in ours], [s / per for s in floor], PATHS_LIMIT,
        floor_name="networkx's single_source_dijkstra, same sources and cutoffs, on the same edges",
        note=f"mean of {per} people; {len(searches)} searches, "
             f"{len(searches) / per:.2f} a person"))

    results.extend(_page(snapshot, runs))
    raw.close()
    close_db()
    shutil.rmtree(copy.parent, ignore_errors=True)
    return results


def _recorded_searches(run: Any) -> list[tuple[Any, float]]:
    """The (source, cutoff) of each Dijkstra that ``run`` makes (``Network.dijkstra``,
    networkx's written over the network's arrays), as networkx names the source."""
    from relmanager.domain.network_graph import Network

    searches: list[tuple[Any, float]] = []
    real = Network.dijkstra

    def recording(network: Network, source: int, cutoff: float, *args: Any) -> Any:
        searches.append((network.label(source), cutoff))
        return real(network, source, cutoff, *args)

    Network.dijkstra = recording  # type: ignore[method-assign]
    try:
        run()
    finally:
        Network.dijkstra = real  # type: ignore[method-assign]
    return searches


def _page(snapshot: Any, runs: int) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from relmanager.domain.network import ego_network
    from relmanager.store import network_reads
    from relmanager.ui.network.ego_items import Link, Person, is_derived
    from relmanager.ui.network.ego_scene import EgoView

    app = QApplication.instance() or QApplication([])
    ego = ego_network(snapshot.network, limit=PAGE_PEOPLE)
    rows = network_reads.people([n for n in ego.nodes if n])
    people = [Person(n, rows[n].name, rows[n].stage, snapshot.network.ties[n])
              for n in ego.nodes if n in rows]
    links = [Link(a, b, d["strength"], is_derived(d["kinds"]))
             for a, b, d in ego.edges() if a and b]
    view = EgoView()
    view.resize(900, 640)
    view.show()
    bare = QGraphicsView()
    bare.resize(900, 640)
    bare.show()
    app.processEvents()

    def ours() -> None:
        view.show_network(people, links)
        view.viewport().repaint()

    def floor() -> None:
        scene = QGraphicsScene()
        for n, _person in enumerate(people):
            scene.addEllipse(QRectF(n % 60 * 10, n // 60 * 10, 8, 8))
        for n in range(len(people) + len(links)):
            scene.addLine(0, n % 600, 600, n % 400)
        bare.setScene(scene)
        bare.viewport().repaint()

    ours_samples, floor_samples = timed_pair(ours, floor, runs)
    drawn = ratio_row(
        "graph.page", f"Network page drawing a {len(people):,}-person ego network", "ms",
        ours_samples, floor_samples, PAGE_LIMIT,
        floor_name="as many plain ellipse and line items in a bare view, painted",
        note=f"{len(people):,} people, {len(links):,} links among them")

    # Pan and zoom: one wheel step's repaint of the drawn network, against the bare
    # view's repaint of its plain items at the same zoom.
    def zoom_ours() -> None:
        view.zoom(1.15)
        view.viewport().repaint()

    def zoom_floor() -> None:
        bare.scale(1.15, 1.15)
        bare.viewport().repaint()

    ours_zoom, floor_zoom = timed_pair(zoom_ours, zoom_floor, max(runs, 5) * 4)
    view.close()
    bare.close()
    zoomed = ratio_row(
        "graph.zoom", "a zoom step on the 2,000-person network, repainted", "ms",
        ours_zoom, floor_zoom, PAGE_LIMIT, p95_limit=PAGE_LIMIT * 1.5,
        floor_name="the bare view of plain items, scaled and repainted",
        note="per wheel step; smooth is under ~16 ms")
    return [drawn, zoomed]
