"""The tray's writes while another program holds the database's write lock.

Every write the window makes goes through the one writer: it waits at most ~1 s for the
lock, and a write that cannot be made is said ("Not saved: ...") and leaves the database
as it was. The tray's "Snooze all for 1 hour" wrote directly instead: with a
``relmanager import`` (or any other program) holding the lock past SQLite's 5 s busy
timeout, the window froze for those 5 s and then threw "database is locked" into the
crash dialog; its sibling "Snooze 1 week" said "Not saved" in a second.

From outside: a second process holds ``BEGIN IMMEDIATE`` on the live database for 7 s
while the real tray's menu item is chosen.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from tests.lock_holder import write_lock_held
from tests.reliability.live_app import LiveApp, live_app_after
from tests.ui.tray_menu import menu_ready

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

@pytest.fixture
def live(db_path: Path, qtbot, tmp_path: Path) -> Iterator[LiveApp]:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("add", "Ada Lovelace", "--stage", "encounter"),)) as app:
        yield app


def _snooze_all_action(live: LiveApp, qtbot) -> QAction:
    tray = live.ctx.services.tray
    tray.rebuild_menu()
    # The menu's data is read on the tray's worker (reads pass the write lock in WAL):
    # "Loading…" until it lands.
    qtbot.waitUntil(lambda: menu_ready(tray), timeout=10_000)
    tray.rebuild_menu()
    found = [a for a in tray.menu.actions() if a.text() == "Snooze all for 1 hour"]
    assert found and found[0].isEnabled(), [a.text() for a in tray.menu.actions()]
    return found[0]


def _stored_snooze(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT value FROM setting WHERE key = 'snooze_all_until'"
                           ).fetchone()
    return row[0] if row else None


def test_snooze_all_under_another_programs_lock_says_not_saved_at_once(live, qtbot,
                                                                      db_path, monkeypatch):
    crashed: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: crashed.append(error))
    failures: list[str] = []
    live.ctx.events.write_failed.connect(failures.append)

    with write_lock_held(db_path, 7):
        action = _snooze_all_action(live, qtbot)
        started = time.monotonic()
        action.trigger()
        took = time.monotonic() - started
        qtbot.wait(50)

    assert not crashed, f"the crash dialog was shown: {crashed!r}"
    assert took < 2.5, f"the window froze {took:.1f} s"
    assert any("Snooze all" in f and "in use" in f for f in failures), failures
    assert _stored_snooze(db_path) is None  # nothing half-done

    # With the lock gone the same item snoozes, and says no failure.
    failures.clear()
    _snooze_all_action(live, qtbot).trigger()
    assert not failures and not crashed
    assert _stored_snooze(db_path) is not None
    assert live.ctx.services.reminders.snoozed_until is not None


def _announced(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [k for (k,) in conn.execute("SELECT kind FROM notification_state")]


def test_a_reminder_due_under_another_programs_lock_is_said_once_after_it(
        db_path: Path, qtbot, tmp_path: Path, monkeypatch) -> None:
    """The reminder pass records what it said (and opens or closes boxes) on the UI
    thread. Under a lock held past the busy timeout it froze the window for 5 s, then
    threw "database is locked" into the crash dialog, after the digest had been shown
    and before it was recorded (so it was said again, and the day's count and the
    announced keys were written in separate steps: half of them could be in). Now the
    pass records first, in one bounded transaction, and says it only once that
    committed; under the lock it says nothing and looks again soon."""
    crashed: list[BaseException] = []
    shown: list[str] = []
    commands = (("add", "Ada Lovelace", "--stage", "development"),
                ("log", "Ada Lovelace", "--channel", "email", "--when", "1 days ago",
                 "--follow-up", "Send the paper", "--follow-up-in", "0"))
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log", commands) as live:
        monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: crashed.append(error))
        tray, service = live.ctx.services.tray, live.ctx.services.reminders
        monkeypatch.setattr(tray, "notify", lambda title, body, view: shown.append(body))
        qtbot.waitUntil(lambda: not service.busy, timeout=10_000)
        from relmanager.store import preferences
        from relmanager.store.models import NotificationState

        # The app runs on the real clock (the commands in other processes do): without
        # this, its default quiet hours (22:00-07:00) held the reminder all night, and the
        # digest, said with the day's time box or in the morning, held it from midnight
        # until then.
        preferences.save(quiet_start="00:00", quiet_end="00:00", digest_time="00:00")
        NotificationState.delete().execute()  # as if nothing had been said yet
        shown.clear()
        with write_lock_held(db_path, 7):
            started = time.monotonic()
            service.check()  # what the timer runs
            took = time.monotonic() - started
            assert not crashed, f"the crash dialog was shown: {crashed!r}"
            assert took < 2.5, f"the window froze {took:.1f} s"
            assert shown == [], "said before it could be recorded"
        qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
        qtbot.wait(300)
        assert len(shown) == 1 and "Send the paper" in shown[0], shown
        assert "follow_up" in _announced(db_path)
        assert not crashed
