"""The window with every page visited and loaded does not import networkx: the Network
page's ego network is plain dicts (``domain.ego_graph``). networkx, imported for that
alone, was ~22 MB of the app's peak resident set (bench/README.md, fifteenth round). A
fresh process, as the ``memory`` benchmark runs it: ``--quit-after-paint`` on a small
database visits every page and waits for its data, and the modules loaded when it
prints its ``rss`` line are written out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relmanager.cli import main
from tests.ui.test_first_paint_imports import PROBE, ROOT

#: The same tap as the first-paint test's, at the line printed after the last page.
AFTER_EVERY_PAGE = PROBE.replace('text.startswith("painted")', 'text.startswith("rss ")')


def test_every_page_loaded_without_networkx(tmp_path: Path) -> None:
    db = tmp_path / "pages.sqlite3"
    assert main(["--db", str(db), "demo", "--contacts", "80", "--interactions", "300",
                 "--quiet"]) == 0
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home")}
    watched = ("relmanager.ui.network.ego_scene", "relmanager.domain.ego_graph",
               "networkx")
    out = subprocess.run([sys.executable, "-c", AFTER_EVERY_PAGE, ",".join(watched),
                          "--db", str(db), "--quit-after-paint"], capture_output=True,
                         text=True, timeout=180, cwd=ROOT, env=env, check=False)
    assert out.returncode == 0, out.stderr
    loaded = [line for line in out.stdout.splitlines() if line.startswith("loaded ")]
    assert len(loaded) == 1, out.stdout
    # the Network page was built and drew its ego network: the answer is not blind
    assert loaded[0].removeprefix("loaded ").split(",") == [
        "relmanager.ui.network.ego_scene", "relmanager.domain.ego_graph"], out.stdout
