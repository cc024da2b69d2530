"""Quit after using Settings ends the process cleanly: exit code 0 and no Qt warning that a
shared object was deleted directly (each Settings dialog used to stay alive as a child of
the window until the interpreter's exit tore it down, and the process then crashed)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AppProcess

pytestmark = pytest.mark.slow


def test_quit_after_settings_exits_cleanly(app: AppProcess):
    app.cli("add", "Ada Lovelace", "--email", "ada@example.org")
    app.start()
    for _ in range(2):
        mark = app.mark()
        app.key("ctrl+comma")
        app.wait_for("dialog", state="active", cls="SettingsDialog", since=mark)
        for _page in range(6):  # walk its pages (Privacy and Sync among them)
            app.key("Down")
        app.key("Escape")
        app.wait_for("dialog", state="closed", cls="SettingsDialog", since=mark)
    app.key("ctrl+q")
    assert app.process is not None
    code = app.process.wait(60)
    app._reader.join(10)
    output = app.output()
    assert "shared QObject was deleted directly" not in output, output[-3000:]
    assert code == 0, output[-3000:]
