"""Sync against a local Radicale, side by side with vdirsyncer in the same run:

- ``syncpull``: the first pull of 3,000 phone-style contacts into an empty database, vs
  vdirsyncer pulling the same collection into an empty vdir (the ratio is the figure;
  the budget is 2x);
- ``sync_noop``: a sync of an unchanged server, vs vdirsyncer's second sync of the same
  collection (nothing to do on either side), budget 2x;
- ``sync_push``: the first upload of ``BENCH_SYNC_PUSH_CONTACTS`` contacts (300 by default)
  to an empty address book, vs vdirsyncer uploading as many cards from a vdir to an empty
  address book, each on a fresh Radicale (``BENCH_SYNC_PUSH_RUNS`` runs each, 2 by default;
  Radicale stores about five cards a second whoever sends them, so the count is kept small
  and the ratio is the figure), budget 2x.

Needs radicale (a test dependency) and vdirsyncer, installed on first use into
bench/.cache/vdirsyncer (its own venv). Runs ``relmanager`` in this process with an
in-memory keyring, so nothing touches the real one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import CACHE, Result, ratio_row

CONTACTS = int(os.environ.get("BENCH_SYNC_CONTACTS", "3000"))
PUSH_CONTACTS = int(os.environ.get("BENCH_SYNC_PUSH_CONTACTS", "300"))
USER, PASSWORD = "bench", "bench-password"


def _vdirsyncer() -> Path:
    """The venv's python (run as ``python -m vdirsyncer``: a venv's scripts break when
    the folder moves, its python does not)."""
    venv = CACHE / "vdirsyncer"
    program = venv / "bin" / "python"
    if not (venv / "bin" / "vdirsyncer").exists():
        print("installing vdirsyncer into bench/.cache/vdirsyncer ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "vdirsyncer"],
                       check=True)
    return program


class _Radicale:
    def __init__(self, root: Path) -> None:
        self.root = root
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        root.mkdir(parents=True, exist_ok=True)
        (root / "users").write_text(f"{USER}:{PASSWORD}\n")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", "", "--server-hosts",
             f"127.0.0.1:{self.port}", "--storage-filesystem-folder",
             str(root / "collections"), "--auth-type", "htpasswd",
             "--auth-htpasswd-filename", str(root / "users"),
             "--auth-htpasswd-encryption", "plain", "--logging-level", "error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("radicale did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def phone_card(n: int) -> tuple[str, str]:
    """A phone's card that another Relmanager device already gave a stage and sphere (so
    the figure is the pull itself, not a first write-back of foreign cards)."""
    uid = f"bench-{n:05d}-4a1f-9c2e-{n * 7919:012d}"
    return uid, (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Phone//Contacts//EN\r\n"
        f"UID:{uid}\r\nFN:Person {n} Example\r\nN:Example;Person {n};;;\r\n"
        f"NICKNAME:P{n}\r\nEMAIL;TYPE=INTERNET,HOME:person{n}@example.org\r\n"
        f"TEL;TYPE=CELL:+44 20 7946 {n % 10000:04d}\r\n"
        f"ADR;TYPE=HOME:;;{n} High Street;London;;N1 {n % 9}AA;UK\r\n"
        f"ORG:Company {n % 300}\r\nNOTE:Met at event {n % 40}.\r\n"
        "REV:2025-01-01T00:00:00Z\r\nX-RELMANAGER-STAGE:encounter\r\n"
        "X-RELMANAGER-SPHERE:personal\r\nEND:VCARD\r\n")


def _memory_keyring() -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(Memory())


def _fill(url: str, storage: Path) -> str:
    """The address book, with CONTACTS cards written straight into Radicale's folder
    (what its PUT would store; PUTting them takes Radicale minutes, and the figure is
    the pull)."""
    book = _empty_book(url)
    folder = storage / "collections" / "collection-root" / book.strip("/")
    for uid, text in map(phone_card, range(CONTACTS)):
        (folder / f"{uid}.vcf").write_text(text, encoding="utf-8", newline="")
    return book


def _warm_sync_token(url: str, book: str) -> None:
    """Radicale keeps a history per member for sync-tokens, written the first time any
    client asks for one (12 s for 3,000 cards here): a one-time cost of the server, not
    of a pull, so it is paid before measuring."""
    from relmanager.sync.dav import DavClient

    client = DavClient(url, USER, PASSWORD, timeout=120)
    try:
        client.state(book)
    finally:
        client.close()


def _relmanager_pull(url: str, work: Path, run: int) -> tuple[float, float]:
    """(first pull ms, no-op sync ms) into a fresh database."""
    from relmanager.domain.clock import SystemClock
    from relmanager.store.db import close_db, init_db
    from relmanager.sync import account
    from relmanager.sync.engine import sync

    clock = SystemClock()
    init_db(work / f"pull-{run}.sqlite3", clock=clock)
    try:
        account.set_up(url, USER, PASSWORD)
        started = time.perf_counter()
        report = sync(clock)
        pull_ms = (time.perf_counter() - started) * 1000
        assert report.pulled == CONTACTS, report.summary()
        started = time.perf_counter()
        sync(clock)
        noop_ms = (time.perf_counter() - started) * 1000
    finally:
        close_db()
    return pull_ms, noop_ms


def _vdirsyncer_env(program: Path, base: Path, url: str, collections: str) -> dict:
    """A vdirsyncer pair of a vdir under ``base`` and the CardDAV ``url``, discovered."""
    (base / "contacts").mkdir(parents=True, exist_ok=True)
    config = base / "config"
    config.write_text(
        f'[general]\nstatus_path = "{base / "status"}/"\n\n'
        '[pair contacts]\na = "contacts_local"\nb = "contacts_remote"\n'
        f'collections = {collections}\n\n'
        f'[storage contacts_local]\ntype = "filesystem"\npath = "{base / "contacts"}/"\n'
        'fileext = ".vcf"\n\n'
        f'[storage contacts_remote]\ntype = "carddav"\nurl = "{url}"\n'
        f'username = "{USER}"\npassword = "{PASSWORD}"\n')
    env = {"VDIRSYNCER_CONFIG": str(config), "PATH": "/usr/bin:/bin",
           "HOME": str(base), "LANG": "C.UTF-8"}
    subprocess.run([str(program), "-m", "vdirsyncer", "discover"], input=b"y\n" * 4,
                   env=env, check=True, capture_output=True, timeout=120)
    return env


def _vdirsyncer_sync_ms(program: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([str(program), "-m", "vdirsyncer", "sync"], env=env, check=True,
                   capture_output=True, timeout=900)
    return (time.perf_counter() - started) * 1000


def _vdirsyncer_pull(program: Path, url: str, book: str, work: Path,
                     run: int) -> tuple[float, float]:
    """(first pull ms, no-op sync ms) of vdirsyncer into an empty vdir."""
    base = work / f"vdir-{run}"
    env = _vdirsyncer_env(program, base, f"{url.rstrip('/')}{book}", '["from b"]')
    pull_ms = _vdirsyncer_sync_ms(program, env)
    pulled = sum(1 for _ in (base / "contacts").rglob("*.vcf"))
    assert pulled == CONTACTS, pulled
    return pull_ms, _vdirsyncer_sync_ms(program, env)


def _empty_book(url: str) -> str:
    from relmanager.sync.dav import DavClient

    client = DavClient(url, USER, PASSWORD)
    try:
        return client.discover(create=True).addressbook
    finally:
        client.close()


def _book_folder(server: _Radicale, book: str) -> Path:
    return server.root / "collections" / "collection-root" / book.strip("/")


def _vdirsyncer_push(program: Path, server: _Radicale, work: Path, run: int) -> float:
    """Seconds for vdirsyncer's first upload of PUSH_CONTACTS cards from a vdir to an
    empty address book (the same phone cards the pull reads)."""
    base = work / f"vdir-push-{run}"
    book = _empty_book(server.url)
    env = _vdirsyncer_env(program, base, f"{server.url.rstrip('/')}{book}", "null")
    for uid, text in map(phone_card, range(PUSH_CONTACTS)):
        (base / "contacts" / f"{uid}.vcf").write_text(text, encoding="utf-8", newline="")
    elapsed = _vdirsyncer_sync_ms(program, env) / 1000
    stored = sum(1 for _ in _book_folder(server, book).glob("*.vcf"))
    assert stored == PUSH_CONTACTS, stored
    return elapsed


def _relmanager_push(url: str, work: Path, run: int) -> float:
    """Seconds for the first upload of PUSH_CONTACTS contacts made here."""
    from relmanager.domain.clock import SystemClock
    from relmanager.store.contacts import create_contact
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import database
    from relmanager.sync import account
    from relmanager.sync.engine import sync

    clock = SystemClock()
    init_db(work / f"push-{run}.sqlite3", clock=clock)
    try:
        with database.atomic():
            for n in range(PUSH_CONTACTS):
                create_contact(clock, f"Pushed {run} {n}",
                               emails=[f"pushed{run}.{n}@example.org"])
        # A user of its own per run, so every run is a first upload to an empty book.
        account.set_up(url, USER, PASSWORD)
        started = time.perf_counter()
        report = sync(clock)
        elapsed = time.perf_counter() - started
        assert report.pushed == PUSH_CONTACTS, report.summary()
    finally:
        close_db()
    return elapsed


def benchmarks(_db_path: Path, runs: int) -> list[Result]:
    """The sync rows; they bring their own data (a local Radicale), not the 100k set."""
    program = _vdirsyncer()
    _memory_keyring()
    work = Path(tempfile.mkdtemp(prefix="rm-bench-sync-"))
    server = _Radicale(work / "radicale")
    try:
        book = _fill(server.url, server.root)
        # Radicale builds its caches on the first read of cards written to its folder:
        # one pull not measured, so neither side pays for that.
        _vdirsyncer_pull(program, server.url, book, work, 99)
        _warm_sync_token(server.url, book)
        ours, theirs, noop, their_noop = [], [], [], []
        for run in range(max(3, runs // 2)):  # side by side, taking turns
            pull_ms, noop_ms = _vdirsyncer_pull(program, server.url, book, work, run)
            theirs.append(pull_ms)
            their_noop.append(noop_ms)
            pull_ms, noop_ms = _relmanager_pull(server.url, work, run)
            ours.append(pull_ms)
            noop.append(noop_ms)
    finally:
        server.stop()
    pushes, their_pushes = [], []
    for run in range(int(os.environ.get("BENCH_SYNC_PUSH_RUNS", "2"))):
        for side, measure in (("theirs", _vdirsyncer_push), ("ours", None)):
            empty = _Radicale(work / f"radicale-push-{side}-{run}")
            try:
                if measure is None:
                    pushes.append(_relmanager_push(empty.url, work, run))
                else:
                    their_pushes.append(measure(program, empty, work, run))
            finally:
                empty.stop()
    shutil.rmtree(work, ignore_errors=True)
    return [
        ratio_row("sync_pull", f"first pull of {CONTACTS:,} contacts", "ms", ours, theirs,
                  2.0, floor_name="vdirsyncer sync of the same collection, same run"),
        ratio_row("sync_noop", "no-op sync (unchanged server)", "ms", noop, their_noop, 2.0,
                  floor_name="vdirsyncer's second sync of the same collection (nothing to "
                             "do), same run; a command, so its start-up is in the figure"),
        ratio_row("sync_push", f"first upload of {PUSH_CONTACTS:,} contacts to an empty "
                  "address book (4 concurrent PUTs; Radicale stores about five a second)",
                  "s", pushes, their_pushes, 2.0,
                  floor_name="vdirsyncer uploading as many cards from a vdir to an empty "
                             "address book, same run"),
    ]
