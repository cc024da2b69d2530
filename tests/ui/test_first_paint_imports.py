"""What the window's first paint does not wait for: modules that the cold start used to
import before it, and that nothing on the way to that paint uses (bench/README.md, "Cold
start"). A fresh process, as a person starts the app: ``--quit-after-paint`` on a small
database, with the modules loaded at the ``painted`` line written out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relmanager.cli import main

ROOT = Path(__file__).resolve().parents[2]

#: Runs the app as ``python -m relmanager`` does, and at its "painted" line (the first
#: populated paint of the contact list) prints which of the named modules are loaded, or
#: of the named PySide6 types built (PySide6 builds a type's Python class, with all its
#: enums, when Python first touches it: "PySide6.QtWidgets.QStyle").
PROBE = """
import io, runpy, sys
watched = sys.argv.pop(1).split(",")
def built(name):
    module, _, attr = name.rpartition(".")
    return name in sys.modules or (module in sys.modules and attr in vars(sys.modules[module]))
class Tap(io.TextIOBase):
    def __init__(self, real):
        self.real, self.done = real, False
    def write(self, text):
        if not self.done and text.startswith("painted"):
            self.done = True
            loaded = [name for name in watched if built(name)]
            self.real.write("loaded " + ",".join(loaded) + "\\n")
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

#: Loaded before the first paint until the eighth round, used by none of it.
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

#: Loaded before the first paint until the sixteenth round: the records on the way
#: (ChannelSpec, Cadence, ContactFilter, AppContext, ...) are NamedTuples or plain
#: classes now, as Python 3.11 compiles each dataclass's generated methods at import.
NOT_BEFORE_FIRST_PAINT_15 = ("dataclasses",)


def _loaded_at_first_paint(tmp_path: Path, names: tuple[str, ...], probe: str = PROBE
                           ) -> list[str]:
    """Starts the app once (in ``tmp_path``'s home: a second call is a second start);
    ``probe`` another that writes its own "loaded" line (test_column_paddings)."""
    db = tmp_path / "start.sqlite3"
    if not db.exists():
        assert main(["--db", str(db), "demo", "--contacts", "60", "--interactions", "120",
                     "--quiet"]) == 0
    env = {**os.environ, "RELMANAGER_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", probe, ",".join(names), "--db", str(db),
                          "--quit-after-paint"], capture_output=True, text=True,
                         timeout=120, cwd=ROOT, env=env, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1] == "painted", out.stdout
    assert lines[0].startswith("loaded "), out.stdout
    return [name for name in lines[0].removeprefix("loaded ").split(",") if name]


#: Loaded before the first paint until the twenty-third round: the store was opened
#: before the window was built. The first page is now read through ``sqlite3`` alone
#: (store/first_look.py) and the store opened by the first read after that paint.
NOT_BEFORE_FIRST_PAINT_22 = (
    "peewee",
    "relmanager.store.models",
    "relmanager.store.db",
    "relmanager.store.queries",
    "relmanager.store.migrations",
    "socket",  # peewee's, with the two below (~20 M instructions)
    "uuid",
    "decimal",
)


def test_the_first_paint_waits_for_no_module_it_does_not_use(tmp_path):
    # The probe sees what it is asked about: the first look's reads are loaded by then
    # (the list's first rows are read through them), so the empty rest is not a blind
    # probe.
    loaded = _loaded_at_first_paint(
        tmp_path, ("relmanager.store.contact_rows", *NOT_BEFORE_FIRST_PAINT,
                   *NOT_BEFORE_FIRST_PAINT_7, *NOT_BEFORE_FIRST_PAINT_15,
                   *NOT_BEFORE_FIRST_PAINT_22))
    assert loaded == ["relmanager.store.contact_rows"]


def test_a_start_after_the_first_builds_no_qstyle_type_before_its_first_paint(tmp_path):
    # QStyle's Python type (11 enums, 566 members: 45 M instructions) came with the
    # column widths' pixel metrics; a start now fits them to the paddings the last start
    # measured after its paint (column_widths). The first start still measures them: it
    # shows that the probe sees the type.
    style = "PySide6.QtWidgets.QStyle"
    assert _loaded_at_first_paint(tmp_path, (style,)) == [style]
    assert _loaded_at_first_paint(tmp_path, (style,)) == []
