"""Shared fixtures: every test gets its own home, database and fake clock.

``RELMANAGER_HOME`` redirects every path the app uses (see relmanager/paths.py), the
keyring is an in-memory backend, and Qt runs offscreen unless a real X display (Xvfb)
is present. Nothing here can touch the real home, keyring or tray.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

if not os.environ.get("DISPLAY"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")
# Qt complains (at WARNING) when XDG_RUNTIME_DIR is unset or shared; give it a private one.
if not os.environ.get("XDG_RUNTIME_DIR"):
    runtime = Path("/tmp") / f"relmanager-test-runtime-{os.getuid()}"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)

from relmanager import collector
from relmanager.domain.clock import FakeClock
from relmanager.store import db as store_db
from relmanager.store import first_look
from relmanager.store.models import database
from tests.memory_keyring import install_memory_keyring

START = datetime(2026, 3, 2, 9, 0, 0)  # a Monday


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """Day ``day`` of the test (day 0 is Monday 2 March 2026) at ``hour:minute``."""
    return datetime.combine(START.date() + timedelta(days=day), time(hour, minute))


@pytest.fixture(autouse=True, scope="session")
def collector_between_tests() -> Iterator[tuple[int, int, int]]:
    """The cyclic collector as the window runs it (relmanager.services.ui_collector):
    never on its own, on a worker thread or inside an event handler, only where it is
    asked to: here between two tests, on the main thread (and from the UI collector's
    timer in tests that start the live app with ``app.open_window``)."""
    thresholds = gc.get_threshold()
    with collector.driven():
        yield thresholds


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  collector_between_tests: tuple[int, int, int]) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("RELMANAGER_HOME", str(home))
    monkeypatch.delenv("RELMANAGER_DB", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    install_memory_keyring(monkeypatch)
    yield home
    # The test's garbage, young or promoted once (a test allocates far more between two
    # collections than the window between two ticks), and every tenth time the rest.
    gc.collect(1)
    if gc.get_count()[2] >= collector_between_tests[2]:
        gc.collect()
    first_look.drop_opening()  # a window's opening its test never asked for
    store_db.close_db()
    database.initialize(None)


@pytest.fixture
def clock() -> FakeClock:
    """The test's clock: passed to the store, the context and ``cli.main(..., clock=)``
    (there is no clock global to patch)."""
    return FakeClock(START)


@pytest.fixture
def db_path(isolated_home: Path) -> Path:
    return isolated_home / "data" / "test.sqlite3"


@pytest.fixture
def db(db_path: Path, clock: FakeClock):
    """An opened, migrated, empty database bound to the models."""
    return store_db.init_db(db_path, clock=clock)


def pytest_terminal_summary(terminalreporter) -> None:
    """How many generated bad inputs the fuzzing tests tried (in the report, not as a
    test: a test that only prints can never fail)."""
    import sys

    for module, what in (("tests.reliability.test_bad_input", "bad inputs"),
                         ("tests.interchange.test_malformed", "malformed inputs")):
        tried = getattr(sys.modules.get(module), "TRIED", None)
        if tried and any(tried.values()):
            counts = ", ".join(f"{n} {kind}" for kind, n in tried.items())
            terminalreporter.write_line(f"{what} tried: {counts}")
