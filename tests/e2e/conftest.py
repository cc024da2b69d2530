"""The real app as a separate process, driven by real X input, watched through its log.

In the style of qutebrowser's end2end tests (tests/end2end/fixtures/testprocess.py):
``python -m relmanager --db TMP`` runs under the test's X server (Xvfb, from scripts/test)
with a window manager (openbox) and a tray (trayer), with ``RELMANAGER_E2E_LOG=1`` so it
writes one ``E2E {json}`` line per user-visible event on stderr. A reader thread parses
them; a test waits with :meth:`AppProcess.wait_for` (never a sleep), proves something did
not happen with :meth:`AppProcess.ensure_not_logged`, and fails on any unexpected ERROR
line. Input goes through ``xdotool`` (XTEST: the same path as a keyboard and a mouse);
results are read back with the CLI (``relmanager list --json``) and ``sqlite3``, never the
app's internals. A failed test leaves a screenshot and the process output in
``$RELMANAGER_E2E_ARTIFACTS`` (default ``.ci/artifacts/e2e``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("RELMANAGER_E2E_ARTIFACTS") or ROOT / ".ci" / "artifacts" / "e2e")
PREFIX = "E2E "
#: ERROR lines a test may declare expected with ``app.expect_error(...)``; any other fails.
DEFAULT_TIMEOUT = 20.0


def _missing_tools() -> list[str]:
    return [t for t in ("xdotool", "openbox", "trayer", "sqlite3") if shutil.which(t) is None]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not os.environ.get("DISPLAY"):
        reason = "needs a real X server (run through scripts/test)"
    elif _missing_tools():
        reason = f"needs {', '.join(_missing_tools())} (scripts/test installs them)"
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def window_manager() -> Iterator[None]:
    """openbox on the test's display (so windows can be activated and raised as on a
    desktop); the tray (trayer) is started by scripts/test, or here when it is not."""
    started: list[subprocess.Popen[bytes]] = []
    probe = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                           capture_output=True, text=True, check=False) \
        if shutil.which("xprop") else None
    if probe is None or "window id" not in probe.stdout:
        started.append(subprocess.Popen(["openbox", "--sm-disable"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    if not os.environ.get("RELMANAGER_TEST_TRAY"):
        started.append(subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel",
             "--width", "120", "--height", "24"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(0.5)  # the WM claims the screen; nothing to wait on but its own start
    yield
    for process in started:
        process.terminate()
        process.wait(5)


@dataclass
class Line:
    """One line of the app's stderr: an event when it starts with ``E2E ``."""

    raw: str
    event: dict[str, Any] | None
    seen_at: float = field(default_factory=time.monotonic)
    waited: bool = False  # already returned by a wait_for


def _matches(record: dict[str, Any], criteria: dict[str, Any]) -> bool:
    for key, want in criteria.items():
        have = record.get(key)
        if callable(want):
            if not want(have):
                return False
        elif isinstance(want, str) and isinstance(have, str):
            if want not in have:
                return False
        elif have != want:
            return False
    return True


class AppProcess:
    """``python -m relmanager --db PATH`` with the event log on, and ways to drive it."""

    def __init__(self, db: Path, env: dict[str, str]) -> None:
        self.db = db
        self.env = env
        self.lines: list[Line] = []
        self._cursor = 0
        self._allowed_errors: list[str] = []
        self._lock = threading.Condition()
        self.process: subprocess.Popen[str] | None = None
        self.window: str | None = None

    # -- the process ----------------------------------------------------------------
    def start(self, *args: str) -> AppProcess:
        command = [sys.executable, "-m", "relmanager", *args]
        if "--demo" not in args:
            command += ["--db", str(self.db)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        bufsize=1)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for("ready", timeout=60)
        # The demo's window says it is the demo (paths.app_title): found by that title.
        self.window = self.find_window("^Relmanager — demo$" if "--demo" in args
                                       else "^Relmanager$")
        self.xdo("windowactivate", "--sync", self.window)
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for text in self.process.stdout:
            raw = text.rstrip("\n")
            record = None
            if raw.startswith(PREFIX):
                try:
                    record = json.loads(raw[len(PREFIX):])
                except json.JSONDecodeError:
                    record = None
            with self._lock:
                self.lines.append(Line(raw, record))
                self._lock.notify_all()

    def quit(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self._reader.join(10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode

    # -- the log --------------------------------------------------------------------
    def events(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [ln.event for ln in self.lines
                    if ln.event is not None and (kind is None or ln.event["event"] == kind)]

    def mark(self) -> int:
        """A point in the log: later waits look only after it."""
        with self._lock:
            self._cursor = len(self.lines)
            return self._cursor

    def wait_for(self, kind: str, timeout: float = DEFAULT_TIMEOUT, *, since: int | None = None,
                 **criteria: Any) -> dict[str, Any]:
        """The first event of ``kind`` matching ``criteria`` (substring for text, a
        callable as a predicate) after the last :meth:`mark` (or line ``since``) that no
        earlier wait returned, as qutebrowser's ``wait_for`` does: waiting for two events
        does not depend on the order they came in."""
        start = self._cursor if since is None else since
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for line in self.lines[start:]:
                    record = line.event
                    if record is not None and not line.waited and record["event"] == kind \
                            and _matches(record, criteria):
                        line.waited = True
                        return record
                left = deadline - time.monotonic()
                if left <= 0 or (self.process is not None and self.process.poll() is not None):
                    break
                self._lock.wait(min(left, 0.2))
        raise AssertionError(f"no {kind} event matching {criteria} within {timeout} s; "
                             f"the app logged:\n{self.output(40)}")

    def ensure_not_logged(self, kind: str, since: int = 0, **criteria: Any) -> None:
        """Nothing of ``kind`` matching ``criteria`` since line ``since``."""
        with self._lock:
            found = [ln.raw for ln in self.lines[since:]
                     if ln.event is not None and ln.event["event"] == kind
                     and _matches(ln.event, criteria)]
        assert not found, f"unexpectedly logged: {found}"

    def expect_error(self, text: str) -> None:
        self._allowed_errors.append(text)

    def unexpected_errors(self) -> list[str]:
        bad = []
        for line in self.lines:
            record = line.event
            if record and record["event"] == "log" and record.get("level") in ("ERROR",
                                                                                 "CRITICAL"):
                if not any(t in record.get("message", "") for t in self._allowed_errors):
                    bad.append(line.raw)
            elif line.event is None and line.raw.startswith("Traceback"):
                bad.append(line.raw)
        return bad

    def output(self, last: int | None = None) -> str:
        with self._lock:
            lines = self.lines[-last:] if last else self.lines
            return "\n".join(ln.raw for ln in lines)

    # -- input ----------------------------------------------------------------------
    def xdo(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], capture_output=True, text=True,
                              timeout=30, check=False, env=self.env)
        if done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def find_window(self, name: str) -> str:
        return self.xdo("search", "--sync", "--onlyvisible", "--name", name).splitlines()[0]

    def key(self, *keys: str) -> None:
        """Real key presses (XTEST) to whatever window has the focus."""
        self.xdo("key", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "30", text)

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.xdo("mousemove", "--sync", str(x), str(y), "click", str(button))

    def tray_menu(self) -> dict[str, Any]:
        """Right-click the tray icon; the menu's event (its items) once it is open."""
        x, y, w, h = self.wait_for("tray", timeout=30, since=0)["rect"]
        self.click(x + w // 2, y + h // 2, button=3)
        return self.wait_for("menu", state="opened", title="")

    def choose(self, menu: dict[str, Any], item: str, *, submenu: bool = False) -> None:
        """Walk down an open menu to the item starting with ``item``, with the arrow keys,
        and press Enter (or Right to open a submenu). A menu opened by the mouse has no
        current item; a submenu opened with Right starts on its first."""
        index = next(i for i, text in enumerate(menu["items"]) if text.startswith(item))
        downs = index if menu["title"] else index + 1
        self.key(*["Down"] * downs, "Right" if submenu else "Return")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["import", "-window", "root", str(path)], check=False,
                       timeout=30, env=self.env, capture_output=True)

    # -- reading results back -------------------------------------------------------
    def cli(self, *args: str, at: str | None = None, stdin: str | None = None) -> str:
        """``relmanager ARGS --db DB`` as a separate process; its stdout. ``at`` runs it
        at that moment (RELMANAGER_FAKE_NOW): people met and seen weeks ago."""
        env = dict(self.env)
        if at is not None:
            env["RELMANAGER_FAKE_NOW"] = at
            env.pop("RELMANAGER_CLOCK_RATE", None)
        done = subprocess.run([sys.executable, "-m", "relmanager", *args, "--db", str(self.db)],
                              cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60, check=False, input=stdin)
        if done.returncode != 0:
            raise AssertionError(f"relmanager {' '.join(args)}: {done.stderr}")
        return done.stdout

    def contacts(self, *args: str) -> list[dict[str, Any]]:
        return json.loads(self.cli("list", "--json", *args))

    def sql(self, query: str) -> list[dict[str, Any]]:
        """A read through the sqlite3 program (its own connection, as any reader's)."""
        done = subprocess.run(["sqlite3", "-json", "-readonly", str(self.db), query],
                              capture_output=True, text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise AssertionError(f"sqlite3 {query!r}: {done.stderr}")
        return json.loads(done.stdout or "[]")


@pytest.fixture
def e2e_env(isolated_home: Path) -> dict[str, str]:
    """The environment of every process of a test: its own home, a shared file keyring,
    the event log on."""
    env = dict(os.environ)
    env.update({
        "RELMANAGER_E2E_LOG": "1",
        "RELMANAGER_HOME": str(isolated_home),
        "PYTHON_KEYRING_BACKEND": "tests.e2e.file_keyring.FileKeyring",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        "QT_QPA_PLATFORM": "xcb",
    })
    env.pop("RELMANAGER_DB", None)
    return env


@pytest.fixture
def app_factory(request: pytest.FixtureRequest, window_manager: None, e2e_env: dict[str, str],
                tmp_path: Path) -> Iterator[Callable[..., AppProcess]]:
    """``app_factory(**env)``: an AppProcess on ``tmp_path/e2e.sqlite3`` (not started, so
    the test can seed the database through the CLI first). Torn down after the test:
    ended, checked for unexpected ERROR lines, and on failure its screenshot and output
    kept as CI artefacts."""
    made: list[AppProcess] = []

    def make(**extra_env: str) -> AppProcess:
        env = {**e2e_env, **extra_env}
        app = AppProcess(tmp_path / "e2e.sqlite3", env)
        made.append(app)
        return app

    yield make
    failed = any(getattr(request.node, f"rep_{when}", None) is not None
                 and getattr(request.node, f"rep_{when}").failed for when in ("setup", "call"))
    for number, app in enumerate(made):
        name = f"{request.node.name}-{number}"
        if failed and app.process is not None:
            app.screenshot(ARTIFACTS / f"{name}.png")
        app.quit()
        errors = app.unexpected_errors()
        if failed or errors:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            (ARTIFACTS / f"{name}.log").write_text(app.output())
        if errors and not failed:
            pytest.fail("the app logged unexpected errors:\n" + "\n".join(errors))


@pytest.fixture
def app(app_factory: Callable[..., AppProcess]) -> AppProcess:
    return app_factory()
