"""Settings > Sync > Stop syncing (issue 22, item 18): one transaction through the
window's writer, the database first and then the keyring entry, and any failure said.
A failure in between leaves a stray keyring entry, never an account without password."""

from __future__ import annotations

import sqlite3

import keyring
import keyring.errors
import pytest
from PySide6.QtCore import Qt

from relmanager import secrets
from relmanager.services.context import AppContext, make_settings
from relmanager.store import settings as store_settings
from relmanager.store import sync_state
from relmanager.store.models import SyncItem
from relmanager.sync import account as accounts
from relmanager.ui.settings.sync_page import SyncPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ACCOUNT = accounts.SyncAccount(url="https://dav.example.org/", user="alice",
                               addressbook="/ab/", calendar="/cal/", secret_id="s1")


@pytest.fixture
def page(db, db_path, clock, qtbot, tmp_path):
    accounts.save(ACCOUNT)
    secrets.set_secret(accounts.SECRET, ACCOUNT.keyring_account, "hunter2")
    sync_state.enable_tracking()
    SyncItem.create(kind="contact", local_id=None, uid="u1", href="/ab/u1.vcf",
                    state="synced")
    ctx = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    widget = SyncPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.failures = []
    ctx.events.write_failed.connect(widget.failures.append)
    return widget


def _secret() -> str | None:
    return secrets.get_secret(accounts.SECRET, ACCOUNT.keyring_account)


def test_stop_syncing_forgets_the_account_pairings_and_password(page, qtbot):
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert accounts.load() is None and SyncItem.select().count() == 0
    assert _secret() is None
    assert page.result.text().startswith("Sync is off.")


def test_a_failed_database_write_keeps_account_and_password(page, qtbot, monkeypatch):
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sync_state, "disable_tracking", full)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    # One transaction: the account setting written before the failure is back too.
    assert accounts.load() == ACCOUNT and SyncItem.select().count() == 1
    assert _secret() == "hunter2"  # the keyring was not touched: the database comes first
    assert "could not be turned off" in page.result.text()
    assert page.failures and "stopping sync" in page.failures[0]


def test_a_keyring_failure_after_the_commit_is_said_and_leaves_only_a_stray_secret(
        page, qtbot, monkeypatch):
    def locked(*_args):
        raise keyring.errors.KeyringLocked("the keyring is locked")

    monkeypatch.setattr(keyring.get_keyring(), "delete_password", locked)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert accounts.load() is None and store_settings.get_value(accounts.SETTING) is None
    assert _secret() == "hunter2"  # stray, and said
    assert "could not be removed from the system keyring" in page.result.text()
    assert "the keyring is locked" in page.result.text()
