"""What the window states without being asked: the status bar's network summary and the
profile header's give-and-take line. Each was once blank after a one-line deletion with
every test still green (issue 20)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from tests.ui.conftest import profile_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _says(text: str, *parts: str) -> bool:
    return all(part in text for part in parts)


def test_status_bar_counts_contacts_and_those_going_cold(ctx, clock, open_window, qtbot):
    old = create_contact(clock, "Old Friend", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [old.id], "phone")
    clock.advance(days=60)
    create_contact(clock, "New Friend", stage=Stage.FRIENDSHIP)
    window = open_window(ctx)
    qtbot.waitUntil(lambda: _says(window.counts.text(), "2 contacts", "1 going cold"),
                    timeout=5000)
    create_contact(clock, "Third", stage=Stage.FRIENDSHIP)
    window.ctx.events.contacts_changed.emit([])  # what every writer announces
    qtbot.waitUntil(lambda: _says(window.counts.text(), "3 contacts", "1 going cold"),
                    timeout=5000)


def test_profile_header_states_the_give_and_take(ctx, clock, open_window, qtbot):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", exchange=Exchange.GIVE)
    clock.advance(timedelta(days=1))
    log_interaction(clock, [ada.id], "phone", exchange=Exchange.GIVE)
    window = open_window(ctx)
    window.show_contact(ada.id)
    profile_shown(window.profile, qtbot)
    qtbot.waitUntil(lambda: "given 2 more than you took" in window.profile.header.balance.text(),
                    timeout=5000)


def test_the_summary_is_counted_off_the_ui_thread(ctx, clock, open_window, qtbot):
    """Two counts over the whole network ran on the UI thread 300 ms after each change."""
    from relmanager.store.models import database

    create_contact(clock, "Ada Lovelace", stage=Stage.FRIENDSHIP)
    window = open_window(ctx)
    qtbot.waitUntil(lambda: _says(window.counts.text(), "1 contact"), timeout=5000)
    create_contact(clock, "Grace Hopper", stage=Stage.FRIENDSHIP)
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        window.status.update_counts()
        window.status.wait()
    finally:
        conn.set_trace_callback(None)
    assert _says(window.counts.text(), "2 contacts", "0 going cold")
    assert statements == []
