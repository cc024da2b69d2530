"""Quitting with edits in a contact's form that cannot be saved must not drop them.

Closing the window saves the open form's edits (as leaving the contact does). When that
save failed (another program held the database past the writer's wait, or a field was
wrong), the window closed anyway and the tray's Quit ended the app: the edits were lost,
with "Not saved" written in a window that was already gone. Now the close asks first;
keeping the edits keeps the window (and the app) open, and they save once the database is
free.

From outside: a second process holds ``BEGIN IMMEDIATE`` on the live database while the
real tray's Quit runs.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from relmanager.store.models import Contact
from relmanager.ui.shell import tray as tray_module
from tests.reliability.live_app import live_app_after
from tests.reliability.test_locked_tray_writes import write_lock_held

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


def test_quit_with_edits_the_database_refuses_asks_and_keeps_them(db_path: Path, qtbot,
                                                                  tmp_path: Path,
                                                                  monkeypatch) -> None:
    with live_app_after(db_path, qtbot, tmp_path / "relmanager.log",
                        (("add", "Ada Lovelace"),)) as live:
        monkeypatch.setattr(sys, "excepthook", lambda *_exc: None)
        monkeypatch.setattr(tray_module, "QCoreApplication", _App)
        ada = Contact.get().id
        live.window.show_contact(ada)
        profile = live.window.profile
        qtbot.waitUntil(lambda: profile.built and profile.contact_id == ada)
        QTest.keyClicks(profile.form.organisation, "Analytical Engines")
        assert profile.save_button.isEnabled()
        asked: list[str] = []

        def keep_editing() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox):
                QTimer.singleShot(30, keep_editing)
                return
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.Cancel).click()

        with write_lock_held(db_path, 8):
            QTimer.singleShot(30, keep_editing)
            live.ctx.services.tray.quit()
            assert asked and "not saved" in asked[0], asked
            assert _App.quits == 0, "the app quit with the edits unsaved"
            assert live.window.isVisible()
            assert profile.form.organisation.text() == "Analytical Engines"
        assert profile.save()
        assert _organisation(db_path) == "Analytical Engines"
