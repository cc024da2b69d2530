"""What the window's first paint does not wait for: modules that the cold start used to
import before it, and that nothing on the way to that paint uses, and threads it used to
start (bench/README.md, "Cold start"). A fresh process, as a person starts the app:
``--quit-after-paint`` on a database of a few hundred people (the list's scroll bar
shows), with the modules loaded and the process's threads at the ``painted`` line
written out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.cli import main

ROOT = Path(__file__).resolve().parents[2]

#: Runs the app as ``python -m relmanager`` does, and at its "painted" line (the first
#: populated paint of the contact list) prints which of the named modules are loaded and
#: the names of the process's threads.
PROBE = """
import io, os, runpy, sys
watched = sys.argv.pop(1).split(",")
class Tap(io.TextIOBase):
    def __init__(self, real):
        self.real, self.done = real, False
    def write(self, text):
        if not self.done and text.startswith("painted"):
            self.done = True
            loaded = [name for name in watched if name in sys.modules]
            self.real.write("loaded " + ",".join(loaded) + "\\n")
            threads = [open(f"/proc/self/task/{task}/comm").read().strip()
                       for task in os.listdir("/proc/self/task")]
            self.real.write("threads " + ",".join(threads) + "\\n")
        return self.real.write(text)
    def flush(self):
        self.real.flush()
sys.stdout = Tap(sys.stdout)
sys.argv[0] = "relmanager"
runpy.run_module("relmanager", run_name="__main__", alter_sys=True)
"""

#: Loaded before the first paint until the sixth round, used by none of it.
NOT_BEFORE_FIRST_PAINT = (
    "playhouse.sqlite_ext",  # three lines of DDL (store/fields.py)
    "relmanager.store.profile_reads",  # read when a contact is first shown
    "relmanager.ui.shell.crash_dialog",  # shown by the hook on an error (crash_hook.py)
)

#: Loaded before the first paint until the seventh round, used by none of it.
NOT_BEFORE_FIRST_PAINT_7 = (
    "relmanager.store.import_merge",  # taking back a killed import's merges (import_parts)
    "relmanager.store.relations",  # ... which restore relations
    "relmanager.ui.shell.e2e_log",  # the end-to-end tests' lines (e2e_switch says if on)
    "relmanager.store.contacts",  # the list's context menu (contact_menu)
    "relmanager.ui.contacts.contact_menu",
    "relmanager.store.validation",  # a mail link's address check (plain.mailto)
    "html",  # a tooltip's escaping (plain.tip)
    "secrets",  # a new encryption key (store.encryption)
)


@pytest.fixture(scope="module")
def first_paint(tmp_path_factory) -> tuple[list[str], list[str]]:
    """The watched modules loaded, and the names of the process's threads, at the app's
    first paint (one start for the tests below)."""
    return _at_first_paint(tmp_path_factory.mktemp("start"),
                           ("peewee", *NOT_BEFORE_FIRST_PAINT, *NOT_BEFORE_FIRST_PAINT_7))


def _at_first_paint(tmp_path: Path, names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    db = tmp_path / "start.sqlite3"
    assert main(["--db", str(db), "demo", "--contacts", "300", "--interactions", "600",
                 "--quiet"]) == 0
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", PROBE, ",".join(names), "--db", str(db),
                          "--quit-after-paint"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, env=env, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[2] == "painted", out.stdout
    assert lines[0].startswith("loaded "), out.stdout
    assert lines[1].startswith("threads "), out.stdout
    return ([name for name in lines[0].removeprefix("loaded ").split(",") if name],
            lines[1].removeprefix("threads ").split(","))


def test_the_first_paint_waits_for_no_module_it_does_not_use(first_paint):
    # The probe sees what it is asked about: peewee is loaded by then (the list's first
    # rows are read through it), so an empty answer below is not a blind probe.
    loaded, _threads = first_paint
    assert loaded == ["peewee"]


def test_the_first_paint_starts_no_thread_of_qt_s_image_pool(first_paint):
    # Fusion's scroll bar groove is a gradient, which Qt's raster engine fills on a pool
    # of threads it starts then (two on two cores); the list's bar is on screen at the
    # first paint, and the UI thread waited for them. Drawn flat, it starts none: the
    # one pooled thread left is the list's own worker, which read its first rows.
    _loaded, threads = first_paint
    assert threads.count("Thread (pooled)") == 1, threads
