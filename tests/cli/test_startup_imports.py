"""A command line pays only for what it uses. ``relmanager list`` races ``khard list`` in
the benchmarks, and its start-up is almost all imports: networkx (about 0.2 s) for the
commands that build the graph only; and each command's area (the demo generator,
merging, the network's scores, the activity log, ...) only when that command runs, which
took ``list`` from 610 to 402 million instructions (bench/README.md, the khard row)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from relmanager import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _loaded(tmp_path, *argv: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``relmanager ARGV``."""
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_a_command_that_draws_no_graph_never_imports_networkx(tmp_path):
    db = str(tmp_path / "people.sqlite3")
    assert "networkx" not in _loaded(tmp_path, "add", "Ada Lovelace", "--db", db)
    assert "networkx" not in _loaded(tmp_path, "list", "--db", db, "ada")
    # ... nor one that searches the network: the search runs on its arrays (networkx
    # draws the Network page's ego network only)
    assert "networkx" not in _loaded(tmp_path, "paths", "Ada Lovelace", "--db", db)


def _areas(loaded: set[str]) -> set[str]:
    return {name.rsplit(".", 1)[1] for name in loaded
            if name.startswith("relmanager.commands.")} - {"common"}


def test_list_imports_its_own_area_and_nothing_that_draws_parses_cards_or_writes(tmp_path):
    db = str(tmp_path / "people.sqlite3")
    loaded = _loaded(tmp_path, "list", "--db", db, "--search", "nakamura")
    unneeded = {"PySide6", "shiboken6", "vobject", "icalendar", "networkx", "keyring",
                "relmanager.ui", "relmanager.sync", "relmanager.interchange",
                "relmanager.store.activity", "relmanager.store.demo",
                "relmanager.store.merge", "relmanager.store.importer",
                # the log file rotates once it is full, and a database that cannot be
                # written is copied aside: neither is a listing's everyday cost
                "logging.handlers", "tempfile"}
    assert sorted(unneeded & loaded) == []
    assert _areas(loaded) == {"listing"}  # and the listing did run


def test_help_lists_every_command_and_imports_no_area(tmp_path):
    loaded = _loaded(tmp_path, "--help")
    assert _areas(loaded) == set()
    assert not {"peewee", "relmanager.store"} & loaded


def test_each_command_loads_its_area_alone(tmp_path):
    """``sync`` also loads ``sync_conflicts``, which hangs ``sync conflicts`` on it."""
    for name, area in (("move", "contacts"), ("strength", "network"), ("sync", "sync")):
        loaded = _loaded(tmp_path, name, "--help")
        expected = {area, "sync_conflicts"} if name == "sync" else {area}
        assert _areas(loaded) == expected, name
