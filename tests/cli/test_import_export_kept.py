"""Another app's properties through the command line, each step its own process: import
the other apps' file, export it, import the same file again (a merge), export again. The
first export writes back every line the apps wrote that Relmanager does not read; the
second is the same file (nothing twice). On the code before this the export lacked every
line of other_apps.KEPT."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.store import other_apps


def _run(home: Path, db: Path, *argv: str | Path) -> str:
    done = subprocess.run([sys.executable, "-m", "relmanager", *map(str, argv[:1]),
                           "--db", str(db), *map(str, argv[1:])],
                          env={**os.environ, "RELMANAGER_HOME": str(home)},
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, (argv, done.stdout, done.stderr)
    return done.stdout + done.stderr


def test_import_export_and_import_again_in_separate_processes(tmp_path):
    home, db = tmp_path / "clihome", tmp_path / "clihome" / "cli.sqlite3"
    home.mkdir()
    source = tmp_path / "other-apps.vcf"
    source.write_bytes(other_apps.FILE.encode("utf-8"))
    _run(home, db, "import", source)
    _run(home, db, "export", "vcard", tmp_path / "first.vcf")
    first = (tmp_path / "first.vcf").read_bytes().decode("utf-8")
    for name, kept in other_apps.KEPT.items():
        assert [line for line in kept if line not in first] == [], name
    _run(home, db, "import", source)  # the same file again: merged into the same people
    _run(home, db, "export", "vcard", tmp_path / "second.vcf")
    assert (tmp_path / "second.vcf").read_bytes().decode("utf-8") == first
