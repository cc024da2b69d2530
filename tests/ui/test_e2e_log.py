"""The end-to-end tests' event lines (RELMANAGER_E2E_LOG), checked in process: the
journeys in tests/e2e wait on these, so a line that stops coming, or comes with other
fields, must fail here first, with a readable message."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.ui.shell import e2e_log, e2e_switch
from relmanager.ui.shell.tray import install_reminders

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _forget_the_log_handler():
    import logging

    yield
    root = logging.getLogger("relmanager")
    for handler in [h for h in root.handlers if type(h).__name__ == "_LogLines"]:
        root.removeHandler(handler)


class Events:
    """The E2E lines written to stderr so far, parsed."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys
        self.seen: list[dict] = []

    def read(self) -> list[dict]:
        err = self._capsys.readouterr().err
        self.seen += [json.loads(line[len(e2e_log.PREFIX):]) for line in err.splitlines()
                      if line.startswith(e2e_log.PREFIX)]
        return self.seen

    def has(self, kind: str, **fields) -> bool:
        return any(e["event"] == kind and all(e.get(k) == v for k, v in fields.items())
                   for e in self.read())


def test_enabled_only_with_the_variable(monkeypatch):
    monkeypatch.delenv(e2e_switch.ENV, raising=False)
    assert not e2e_switch.enabled()
    monkeypatch.setenv(e2e_switch.ENV, "0")
    assert not e2e_switch.enabled()
    monkeypatch.setenv(e2e_switch.ENV, "1")
    assert e2e_switch.enabled()


def test_window_events_are_logged(ctx, clock, open_window, qtbot, capsys):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    window = open_window(ctx)
    events = Events(capsys)
    e2e_log.install(QApplication.instance(), ctx, window)
    window.show_page("contacts")
    qtbot.waitUntil(lambda: events.has("page", name="contacts"))
    window.show_page("board")
    qtbot.waitUntil(lambda: events.has("board"), timeout=5000)
    board = next(e for e in events.seen if e["event"] == "board")
    encounter = {c["stage"]: c for c in board["columns"]}["friendship"]
    assert [card["id"] for card in encounter["cards"]] == [ada.id]
    assert len(encounter["rect"]) == 4
    dialog = window.open_log_dialog(ada.id)
    qtbot.waitUntil(lambda: events.has("dialog", state="opened", title="Log an interaction"))
    dialog.note.setFocus()
    qtbot.waitUntil(lambda: events.has("focus", name="Note"))
    QTest.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: events.has("dialog", state="closed", title="Log an interaction"))
    assert events.has("write", what="interactions_changed", ids=[ada.id])
    assert events.has("undo_index", index=1)
    assert any(e["event"] == "status" and "Logged" in e["text"] for e in events.seen)
    window.contacts.activated.emit(ada.id)
    assert events.has("contact_opened", id=ada.id)
    window.ctx.events.follow_ups_changed.emit()
    assert events.has("write", what="follow_ups_changed")


def test_errors_logged_by_the_app_become_events(ctx, open_window, capsys):
    import logging

    window = open_window(ctx)
    e2e_log.install(QApplication.instance(), ctx, window)
    logging.getLogger("relmanager.test").error("disk on fire", exc_info=OSError("full"))
    logging.getLogger("relmanager.test").info("routine")
    events = Events(capsys).read()
    logged = [e for e in events if e["event"] == "log"]
    assert logged == [{"event": "log", "level": "ERROR", "logger": "relmanager.test",
                       "message": "disk on fire (OSError: full)"}]


def test_notifications_and_reminder_passes_are_logged(ctx, clock, open_window, qtbot,
                                                      capsys):
    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    clock.advance(days=60)
    window = open_window(ctx)
    service, tray = install_reminders(ctx, window, startup_delay_ms=10_000)
    try:
        e2e_log.watch_services(ctx)
        events = Events(capsys)
        service.check_soon()
        qtbot.waitUntil(lambda: events.has("reminder_pass"), timeout=5000)
        note = next(e for e in events.seen if e["event"] == "notification")
        assert "Ada Lovelace" in note["title"] and note["view"] == "today"  # the digest
        passed = next(e for e in events.seen if e["event"] == "reminder_pass")
        assert len(passed["shown"]) == 1 and "Ada Lovelace is cooling" in passed["shown"][0]
        assert tray.attention  # the real notify still ran
        service.timebox_changed.emit()
        assert events.has("timebox_changed")
        if tray.available:
            qtbot.waitUntil(lambda: events.has("tray"), timeout=5000)
    finally:
        ctx.services.shutdown_all()
