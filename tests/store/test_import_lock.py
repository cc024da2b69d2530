"""The importer's lock file (relmanager.store.import_lock), seen from another process: held
while the importer runs, free once it is gone however it went (SIGKILL too), and nothing
but ``.NAME.import-<32 hex>.lock`` beside the database ever opened or removed."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from relmanager.store.import_lock import holder_alive, importer_lock, remove_leftover

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from relmanager.store.import_lock import importer_lock
with importer_lock(sys.argv[1]) as name:
    print(name, flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def _folder(tmp_path: Path) -> Path:
    """A folder of the database's own (tmp_path holds the test's home too)."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def _importer(db_file: Path) -> tuple[subprocess.Popen, str]:
    """A process holding the importer's lock on ``db_file`` until its stdin gets a line."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_file)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert child.stdout is not None
    return child, child.stdout.readline().strip()


def test_the_lock_file_is_beside_the_database_private_and_gone_afterwards(tmp_path):
    tmp_path = _folder(tmp_path)
    db_file = tmp_path / "people.sqlite3"
    with importer_lock(str(db_file)) as name:
        assert name is not None
        assert re.fullmatch(r"\.people\.sqlite3\.import-[0-9a-f]{32}\.lock", name)
        lock = tmp_path / name
        assert stat.S_IMODE(lock.stat().st_mode) == 0o600
        assert holder_alive(str(db_file), name) is True  # another open file: refused
    assert not lock.exists()
    assert list(tmp_path.iterdir()) == []
    with importer_lock(str(db_file)) as other:
        assert other != name  # a fresh name each import


def test_a_database_named_through_a_link_has_its_lock_beside_the_file_itself(tmp_path):
    real = _folder(tmp_path)
    (tmp_path / "link").symlink_to(real)
    with importer_lock(str(tmp_path / "link" / "db.sqlite3")) as name:
        assert name is not None and (real / name).exists()
        assert holder_alive(str(real / "db.sqlite3"), name) is True


def test_another_process_sees_the_importer_alive_then_gone_once_it_ends(tmp_path):
    db_file = tmp_path / "people.sqlite3"
    child, name = _importer(db_file)
    try:
        assert holder_alive(str(db_file), name) is True
        assert holder_alive(str(db_file), name) is True  # looking took no lock of its own
    finally:
        child.communicate("go\n", timeout=30)
    assert holder_alive(str(db_file), name) is None  # the file went with the lock


def test_an_importer_killed_leaves_its_file_free_and_the_leftover_is_removed(tmp_path):
    tmp_path = _folder(tmp_path)
    db_file = tmp_path / "people.sqlite3"
    child, name = _importer(db_file)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)  # waits, and closes its pipes
    assert (tmp_path / name).exists()
    assert holder_alive(str(db_file), name) is False
    assert holder_alive(str(db_file), name) is False  # the look let go of its own lock
    remove_leftover(str(db_file), name)
    assert not (tmp_path / name).exists()
    remove_leftover(str(db_file), name)  # already gone: nothing to do


@pytest.mark.parametrize("db_file", ["", ":memory:", "file:people?mode=memory"])
def test_a_database_without_a_folder_of_its_own_has_no_lock_file(db_file, tmp_path,
                                                                  monkeypatch):
    tmp_path = _folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    with importer_lock(db_file) as name:
        assert name is None
    assert list(tmp_path.iterdir()) == []
    assert holder_alive(db_file, f".x.import-{'0' * 32}.lock") is None


def test_a_lock_file_that_cannot_be_made_gives_no_lock_and_leaves_nothing(tmp_path):
    folder = _folder(tmp_path)
    with importer_lock(str(folder / "gone" / "db.sqlite3")) as name:  # no such folder
        assert name is None
    assert list(folder.iterdir()) == []


def test_a_name_that_is_not_an_import_lock_is_never_opened_or_removed(tmp_path):
    db_file = tmp_path / "people.sqlite3"
    hex32 = "0" * 32
    for name in ("keep.txt", f".people.sqlite3.import-{hex32}.lock.bak",
                 f"x.people.sqlite3.import-{hex32}.lock", f".people.sqlite3.import-{'A' * 32}.lock",
                 f".people.sqlite3.import-{hex32[1:]}.lock"):
        (tmp_path / name).write_text("mine", encoding="utf-8")
        assert holder_alive(str(db_file), name) is None
        remove_leftover(str(db_file), name)
        assert (tmp_path / name).read_text(encoding="utf-8") == "mine"
    for name in (None, 7, ["x"]):
        assert holder_alive(str(db_file), name) is None
        remove_leftover(str(db_file), name)


def test_a_lock_name_that_is_a_link_is_not_followed(tmp_path):
    """A link planted under a lock's name, to a file some live process holds locked,
    must not make a dead importer look alive."""
    db_file = tmp_path / "people.sqlite3"
    with importer_lock(str(tmp_path / "other.sqlite3")) as held:
        assert held is not None
        planted = f".people.sqlite3.import-{'1' * 32}.lock"
        (tmp_path / planted).symlink_to(tmp_path / held)
        assert holder_alive(str(db_file), planted) is None
