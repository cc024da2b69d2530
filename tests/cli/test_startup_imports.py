"""A command line pays only for what it uses: networkx takes about 0.2 s to import, most
of a `relmanager list`'s start-up (the race against khard in the benchmarks), and only
the commands that build the graph need it."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from relmanager import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print("networkx" in sys.modules, file=sys.stderr)
"""


def _imports_networkx(tmp_path, *argv: str) -> bool:
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    return done.stderr.strip().splitlines()[-1] == "True"


def test_a_command_that_draws_no_graph_never_imports_networkx(tmp_path):
    db = str(tmp_path / "people.sqlite3")
    assert not _imports_networkx(tmp_path, "add", "Ada Lovelace", "--db", db)
    assert not _imports_networkx(tmp_path, "list", "--db", db, "ada")
    # ... nor one that searches the network: the search runs on its arrays (networkx
    # draws the Network page's ego network only)
    assert not _imports_networkx(tmp_path, "paths", "Ada Lovelace", "--db", db)
