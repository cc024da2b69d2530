"""Quitting with edits in a contact's form that cannot be saved must not drop them.

Closing the window saves the open form's edits (as leaving the contact does). When that
save failed (another program held the database past the writer's wait, or a field was
wrong), the window closed anyway and the tray's Quit ended the app: the edits were lost,
with "Not saved" written in a window that was already gone. Now the first close is
refused and says so (no modal box: nothing blocks); the window and the app stay, the
edits save once the database is free, and a second close would drop them.

From outside: a second process holds ``BEGIN IMMEDIATE`` on the live database while the
real tray's Quit runs.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from relmanager.store.models import Contact
from relmanager.ui.shell import tray as tray_module
from tests.reliability.live_app import live_app_after
from tests.reliability.test_locked_tray_writes import write_lock_held
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class _App:
    """Stands in for QCoreApplication in the tray's module: records a quit instead of
    ending the test's event loop."""

    quits = 0

    @classmethod
    def quit(cls) -> None:
        cls.quits += 1


def _organisation(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT organisation FROM contact").fetchone()[0]


def test_quit_with_edits_the_database_refuses_keeps_them(db_path: Path, qtbot,
                                                                  tmp_path: Path,
                                                                  monkeypatch) -> None:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("add", "Ada Lovelace"),)) as live:
        crashed: list[BaseException] = []
        monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: crashed.append(error))
        monkeypatch.setattr(tray_module, "QCoreApplication", _App)
        _App.quits = 0
        ada = Contact.get().id
        live.window.show_contact(ada)
        profile_shown(live.window.profile, qtbot)
        profile = live.window.profile
        qtbot.waitUntil(lambda: profile.built and profile.contact_id == ada)
        QTest.keyClicks(profile.form.organisation, "Analytical Engines")
        assert profile.save_button.isEnabled()
        failures: list[str] = []
        live.ctx.events.write_failed.connect(failures.append)
        with write_lock_held(db_path, 8):
            live.ctx.services.tray.quit()
            assert _App.quits == 0, "the app quit with the edits unsaved"
            assert live.window.isVisible()
            assert any("Not closed" in f and "close again" in f for f in failures), failures
            assert profile.form.organisation.text() == "Analytical Engines"
        assert profile.save()
        assert _organisation(db_path) == "Analytical Engines"
        live.ctx.services.tray.quit()  # saved: nothing stands in the way now
        assert _App.quits == 1 and not crashed


def test_quit_with_a_typed_log_note_asks_as_esc_does(db_path: Path, qtbot, tmp_path: Path,
                                                      monkeypatch) -> None:
    """Esc with a typed note in the Log dialog asks before dropping it; the tray's Quit
    closed the window (and the dialog with it) and ended the app: the note was gone."""
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("add", "Ada Lovelace"),)) as live:
        monkeypatch.setattr(tray_module, "QCoreApplication", _App)
        _App.quits = 0
        log = live.window.open_log_dialog(Contact.get().id)
        qtbot.waitExposed(log)
        QTest.keyClicks(log.note, "She liked the Bernoulli table")
        live.ctx.services.tray.quit()
        assert _App.quits == 0, "the app quit and dropped the typed note"
        assert live.window.isVisible() and log.isVisible()
        assert log.discard_bar.isVisible()
        assert log.note.toPlainText() == "She liked the Bernoulli table"
        log.discard()  # the user's own choice, then Quit ends the app
        live.ctx.services.tray.quit()
        assert _App.quits == 1
