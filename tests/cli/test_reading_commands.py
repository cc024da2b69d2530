"""A command that only reads (``list``, ``history``, ``check``, ...) opens a current
database without writing anything: from outside, in processes of their own.

* a database file made read-only (0444) answers ``list``, and nothing beside it is
  made (SQLite in WAL mode would leave a read-only ``-shm`` and ``-wal`` there, which later
  stop the owner's own writes);
* a read-only folder too (SQLite cannot make its WAL index there: the old open failed);
* while another process holds the write lock, ``list`` answers at once even when the
  every-open upkeep would have to write (a password in an old sync address: the old open
  waited out the busy timeout and failed "in use by another program"); the next writing
  open does the upkeep.

Every file is hashed by this process after the command's process has exited (this one
never holds a connection to it). As root, the command runs without the capabilities
that let root write any file (``setpriv``), so the permissions hold for it as for a user.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relmanager.store import migrations, schema_level
from tests.lock_holder import write_lock_held

ROOT = Path(__file__).resolve().parents[2]
_CAPS = "-dac_override,-dac_read_search,-fowner"


def _unprivileged() -> list[str]:
    """The prefix that runs a command as bound by file permissions as a user is."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's capabilities")
    return ["setpriv", "--bounding-set", _CAPS, "--inh-caps", _CAPS]


def _run(db: Path, *argv: str, prefix: list[str] | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [*(prefix or []), sys.executable, "-m", "relmanager", argv[0], "--db", str(db),
               *argv[1:]]
    return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=timeout)


def _folder(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file in ``folder``: its hash and mode."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
            for p in sorted(folder.iterdir())}


@pytest.fixture
def people(tmp_path: Path) -> Path:
    """A database with two people, made and closed by the command line."""
    folder = tmp_path / "people"
    folder.mkdir()
    db = folder / "relmanager.sqlite3"
    for name in ("Ada Lovelace", "Bo Brandt"):
        assert _run(db, "add", name).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["relmanager.sqlite3"]
    return db


def _listed(done: subprocess.CompletedProcess) -> list[str]:
    assert done.returncode == 0, done.stderr
    return sorted(row["name"] for row in json.loads(done.stdout))


def test_list_reads_a_read_only_file_and_leaves_nothing_beside_it(people):
    people.chmod(0o444)
    before = _folder(people.parent)
    try:
        listed = _run(people, "list", "--json", prefix=_unprivileged())
        checked = _run(people, "check", prefix=_unprivileged())
    finally:
        after = _folder(people.parent)
        people.chmod(0o600)
    assert _listed(listed) == ["Ada Lovelace", "Bo Brandt"]
    assert checked.returncode == 0 and "ok" in checked.stdout, checked.stderr
    assert after == before


def test_list_reads_a_database_in_a_read_only_folder(people):
    people.chmod(0o444)
    people.parent.chmod(0o555)
    before = _folder(people.parent)
    try:
        listed = _run(people, "list", "--json", prefix=_unprivileged())
        history = _run(people, "history", "Ada", prefix=_unprivileged())
    finally:
        after = _folder(people.parent)
        people.parent.chmod(0o700)
        people.chmod(0o600)
    assert _listed(listed) == ["Ada Lovelace", "Bo Brandt"]
    assert history.returncode == 0, history.stderr
    assert after == before


#: Every command that only reads, beyond ``list``/``history``/``check`` above: each must
#: answer on a read-only file in a read-only folder and leave the folder as it was
#: (``imports`` and ``duplicates`` refused there, "the database cannot be written", and
#: made -wal/-shm beside a 0444 file in a writable one).
LISTING_COMMANDS = [("imports",), ("duplicates",), ("duplicates", "--json"), ("me",),
                    ("sync", "conflicts"), ("captures",), ("meetings",), ("strength", "Ada"),
                    ("paths", "Ada"), ("ideas",)]


@pytest.mark.parametrize("folder_mode", [0o555, 0o755], ids=["read-only-folder", "folder"])
def test_every_listing_command_answers_on_a_read_only_database(people, folder_mode):
    people.chmod(0o444)
    people.parent.chmod(folder_mode)
    before = _folder(people.parent)
    try:
        done = [_run(people, *argv, prefix=_unprivileged()) if argv[0] != "sync" else
                _run_sync_listing(people) for argv in LISTING_COMMANDS]
    finally:
        after = _folder(people.parent)
        people.parent.chmod(0o700)
        people.chmod(0o600)
    for argv, result in zip(LISTING_COMMANDS, done, strict=True):
        assert result.returncode == 0, (argv, result.stderr)
    assert after == before


def _run_sync_listing(db: Path) -> subprocess.CompletedProcess:
    """``sync conflicts`` takes ``--db`` after its own word."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [*_unprivileged(), sys.executable, "-m", "relmanager", "sync", "conflicts",
               "--db", str(db)]
    return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)


def _old_sync_address(db: Path) -> None:
    """A sync account as older versions stored it: the password inside the address."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('sync.account', ?)",
                     (json.dumps({"url": "https://me:hunter2@dav.example/"}),))
    conn.close()


def test_list_answers_at_once_while_another_process_writes(people):
    _old_sync_address(people)
    with write_lock_held(people, 30):
        started = time.monotonic()
        listed = _run(people, "list", "--json")
        took = time.monotonic() - started
    assert _listed(listed) == ["Ada Lovelace", "Bo Brandt"]
    assert took < 4.5, f"{took:.1f} s: it waited for the write lock"  # busy timeout: 5 s
    # The upkeep the reader left is done by the next open that writes.
    assert _run(people, "add", "Cy Clarke").returncode == 0
    conn = sqlite3.connect(people)
    (value,) = conn.execute("SELECT value FROM setting WHERE key = 'sync.account'").fetchone()
    conn.close()
    assert "hunter2" not in value


def test_a_reading_command_on_a_current_file_loads_no_migrations(people):
    probe = ("import sys; from relmanager import cli; cli.main(sys.argv[1:]); "
             "print('relmanager.store.migrations' in sys.modules, file=sys.stderr)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", probe, "list", "--db", str(people)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                          check=False)
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr


def test_the_migrations_end_at_the_version_readers_compare_with():
    assert len(migrations.STEPS) + 1 == schema_level.LATEST == migrations.LATEST


def test_a_reading_command_takes_back_a_killed_import_before_it_lists(people, clock):
    """A killed import's mark is what a reader does not skip: ``list`` would otherwise
    show its half-written contacts as imported. The opening takes it back first, as any
    open does, and lists what is left."""
    import json as json_

    from relmanager.store import import_parts
    from relmanager.store.contacts import create_contact
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import Contact, ImportBatch, Setting

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    init_db(people, clock=clock)
    batch = ImportBatch.create(source="big.vcf", format="vcard", added=2)
    for name in ("Half Imported", "Never Finished"):
        contact = create_contact(clock, name)
        Contact.update(import_batch=batch.id).where(Contact.id == contact.id).execute()
    Setting.create(key=f"{import_parts.UNFINISHED}{batch.id}", value=json_.dumps(
        {"pid": int(gone.stdout), "started": None, "last_tag": 0, "lock": None}))
    close_db()
    assert _listed(_run(people, "list", "--json")) == ["Ada Lovelace", "Bo Brandt"]
    conn = sqlite3.connect(people)
    marks = conn.execute("SELECT count(*) FROM setting WHERE key LIKE 'import_unfinished.%'"
                         ).fetchone()[0]
    conn.close()
    assert marks == 0
