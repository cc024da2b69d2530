"""Names with a right-to-left override stay inside themselves in the command line's output.

The window isolated contact text (relmanager.domain.text.isolated); the command line
printed it raw, so ``relmanager list`` showed "Ann <RLO>evil  development  warm ..." with
the override open over the stage, the warmth and the rest of the line, in any terminal
or viewer that honours it. Every command that prints names runs here for real, in its own
process, and each line that names the contact must have closed every level the name
opened where our words start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.bidi_levels import RLO, open_after

ANN = f"Ann {RLO}evil"


def _run(db: Path, *argv: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "relmanager", "--db", str(db), *argv],
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)
    return done.returncode, (done.stdout + done.stderr).splitlines()


def test_every_line_that_prints_a_name_closes_its_override(tmp_path):
    db = tmp_path / "bidi.sqlite3"
    said: dict[str, list[str]] = {}
    steps = [
        ("add", ["add", ANN, "--email", "ann@x.org", "--org", f"{RLO}Org"]),
        ("add other", ["add", "Bob Roe", "--email", "bob@x.org"]),
        ("add again", ["add", ANN, "--email", "ann2@x.org", "--org", f"{RLO}Org"]),
        ("list", ["list"]),
        ("log", ["log", "ann@x.org", "bob@x.org", "--channel", "email"]),
        ("move", ["move", "ann@x.org", "friendship"]),
        ("move again", ["move", "ann@x.org", "friendship"]),
        ("history", ["history", "bob@x.org"]),
        ("relate", ["relate", "ann@x.org", "bob@x.org", "--as", "introduced-by"]),
        ("strength", ["strength", "ann@x.org"]),
        ("paths", ["paths", "ann@x.org"]),
        ("ambiguous", ["log", ANN, "--channel", "email"]),
        ("duplicates", ["duplicates"]),
        ("merge preview", ["merge", "ann@x.org", "ann2@x.org", "--dry-run"]),
    ]
    for step, argv in steps:
        _code, lines = _run(db, *argv)
        said[step] = [line for line in lines if "evil" in line]
    for step in ("add", "list", "log", "move", "move again", "history", "relate",
                 "strength", "ambiguous", "duplicates", "merge preview"):
        assert said[step], (step, said)
    for step, lines in said.items():
        for line in lines:
            assert set(open_after(line, "evil")) == {0}, (step, ascii(line))
    listed = said["list"]
    assert len(listed) == 2 and all(" encounter " in line for line in listed), listed
    # the column stays where it was: the controls take no column, the padding follows
    assert {line.index(" encounter ") - line.count("\u2068") - line.count("\u2069")
            for line in listed} == {7 + 2 + 32 + 1}
