"""The real app beside another program that holds the database's write lock for longer
than SQLite's 5 s busy timeout (a long import in a terminal, a backup tool, a second
client): nothing the app does on its own may freeze the window, end in the crash dialog,
or say a reminder it could not record; once the lock is gone it says it, once.

Before: the catch-up reminder pass shown the digest, then waited 5 s on the UI thread to
record it and threw "database is locked" into the crash dialog ("Something went wrong").
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import AppProcess
from tests.lock_holder import write_lock_held

pytestmark = pytest.mark.slow

MONDAY_9 = "2026-03-02T09:00:00"


def test_a_reminder_due_under_another_programs_lock_is_said_once_after_it(app_factory):
    app: AppProcess = app_factory(RELMANAGER_FAKE_NOW=MONDAY_9)
    app.cli("add", "Ada Lovelace", "--stage", "development", at="2026-01-10T09:00:00")
    app.cli("log", "Ada Lovelace", "--channel", "phone", "--when", "2026-01-10 09:00",
            at="2026-01-10T09:00:00")
    with write_lock_held(app.db, 20) as holder:
        started = time.monotonic()
        app.start()  # the catch-up pass runs 1.5 s after the window is up: under the lock
        app.wait_for("log", timeout=30, level="WARNING",
                     message=lambda m: "reminders held back" in (m or ""))
        assert time.monotonic() - started < 19, "the lock went before the pass ran"
        app.ensure_not_logged("notification")
        app.ensure_not_logged("dialog", cls="CrashDialog")
        # The window answers meanwhile: a page key shows its page at once.
        mark = app.mark()
        app.key("ctrl+3")
        app.wait_for("page", timeout=3, since=mark)
        assert holder.stdout.readline().strip() == "released"
    said = app.wait_for("notification", timeout=60,
                        body=lambda b: "Ada Lovelace" in (b or ""))
    assert said
    time.sleep(4)  # a second pass would say it again within this
    told = [n for n in app.events("notification") if "Ada Lovelace" in (n.get("body") or "")]
    assert len(told) == 1, told
    app.ensure_not_logged("dialog", cls="CrashDialog")
    announced = app.sql("SELECT kind FROM notification_state WHERE kind = 'digest'")
    assert announced, "said but not recorded"
