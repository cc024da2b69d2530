"""The profile's Follow-ups and Give & take tabs read on a worker, never on the UI thread:
every statement of that thread's own connection is traced across a click on a contact
and across a change that reloads the tabs (a follow-up added elsewhere, an interaction
logged); an answer for a contact no longer chosen is dropped, and a failed read is said
in the tab (never an empty "no follow-ups")."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from relmanager.domain.stages import Stage
from relmanager.store import follow_ups, reciprocity
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.ui.contacts.follow_ups_panel import FollowUpsPanel
from relmanager.ui.contacts.reciprocity_panel import ReciprocityPanel
from tests.ui.conftest import profile_shown, refresh_list, ui_statements

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def window(ctx, clock, qtbot, open_window):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER)
    bo = create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER)
    log_interaction(clock, [ada.id], "phone", exchange="give")
    follow_ups.create_follow_up(clock, ada.id, "Send the notes",
                                clock.now() + timedelta(days=2))
    win = open_window(ctx)
    win.show_page("contacts")
    refresh_list(win, qtbot)
    win.ids = (ada.id, bo.id)
    return win


def _tabs(profile) -> tuple[FollowUpsPanel, ReciprocityPanel]:
    (listed,) = [p for p in profile.panels if isinstance(p, FollowUpsPanel)]
    (balance,) = [p for p in profile.panels if isinstance(p, ReciprocityPanel)]
    return listed, balance


def _tab_reads(contact_id: int, now) -> set[str]:
    """What the two tabs' reads look like on the UI thread's connection."""
    return set(ui_statements(lambda: (follow_ups.for_contact(contact_id),
                                      reciprocity.last_year(contact_id, now),
                                      reciprocity.ever(contact_id))))


def test_a_selection_reads_the_two_tabs_on_the_worker(window, clock, qtbot):
    ada_id = window.ids[0]
    reads = _tab_reads(ada_id, clock.now())
    assert any("follow_up" in s for s in reads) and any("exchange" in s for s in reads)
    profile = window.profile
    model, table = window.contacts.model, window.contacts.table
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Ada Lovelace")
    spot = table.visualRect(model.index(row, 0)).center()

    def select_and_wait() -> None:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        profile_shown(profile, qtbot, ada_id)

    on_ui = ui_statements(select_and_wait)
    assert not reads & set(on_ui), reads & set(on_ui)
    listed, balance = _tabs(profile)
    assert listed.list.topLevelItemCount() == 1
    assert listed.list.topLevelItem(0).text(0) == "Send the notes"
    assert balance.labels["gives"].text() == "1"


def test_a_change_reloads_the_tabs_on_the_worker(window, ctx, clock, qtbot):
    ada_id = window.ids[0]
    profile = window.profile
    profile.set_contact(ada_id)
    profile_shown(profile, qtbot, ada_id)
    follow_ups.create_follow_up(clock, ada_id, "Call back", clock.now() + timedelta(days=1))
    log_interaction(clock, [ada_id], "phone", exchange="give")
    reads = _tab_reads(ada_id, clock.now())
    listed, balance = _tabs(profile)

    def announce_and_wait() -> None:
        ctx.events.follow_ups_changed.emit()
        ctx.events.interactions_changed.emit([ada_id])
        qtbot.waitUntil(lambda: listed.list.topLevelItemCount() == 2
                        and balance.labels["gives"].text() == "2", timeout=5000)
        profile_shown(profile, qtbot, ada_id)

    on_ui = ui_statements(announce_and_wait)
    assert not reads & set(on_ui), reads & set(on_ui)


def test_an_answer_for_a_contact_left_is_dropped(window, ctx, qtbot):
    ada_id, bo_id = window.ids
    panel = FollowUpsPanel(ctx)
    qtbot.addWidget(panel)
    panel.set_contact(ada_id)
    panel.set_contact(bo_id)  # before Ada's rows landed
    qtbot.wait(200)
    assert panel.contact_id == bo_id
    assert panel.list.topLevelItemCount() == 0 and panel.isEnabled()


def test_a_failed_read_of_a_tab_is_said_in_it(window, ctx, qtbot, monkeypatch):
    ada_id = window.ids[0]
    profile = window.profile
    profile.set_contact(ada_id)
    profile_shown(profile, qtbot, ada_id)

    def broken(*_args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(follow_ups, "rows_for_contact", broken)
    ctx.events.follow_ups_changed.emit()
    panel = _tabs(profile)[0]
    qtbot.waitUntil(lambda: panel.failure.isVisibleTo(panel), timeout=5000)
    assert "follow-ups" in panel.failure.message.text()
    assert panel.list.topLevelItemCount() == 0  # no stale rows under the message
    monkeypatch.undo()
    panel.failure.retry_button.click()
    qtbot.waitUntil(lambda: panel.list.topLevelItemCount() == 1, timeout=5000)
    assert not panel.failure.isVisibleTo(panel)


def test_an_interaction_logged_reads_the_tabs_once(window, ctx, clock, qtbot, monkeypatch):
    """The profile's own read brings the tabs' rows: an interaction logged with the
    contact shown is read there, not again by each tab (each read its rows a second
    time, on the same worker)."""
    ada_id = window.ids[0]
    profile = window.profile
    profile.set_contact(ada_id)
    profile_shown(profile, qtbot, ada_id)
    calls: list[int] = []
    real = follow_ups.rows_for_contact
    monkeypatch.setattr(follow_ups, "rows_for_contact",
                        lambda cid: calls.append(cid) or real(cid))
    log_interaction(clock, [ada_id], "phone", exchange="give")
    ctx.events.interactions_changed.emit([ada_id])
    listed, balance = _tabs(profile)
    qtbot.waitUntil(lambda: balance.labels["gives"].text() == "2", timeout=5000)
    profile.reader.wait()
    qtbot.wait(50)
    assert calls == [ada_id]
    assert listed.list.topLevelItemCount() == 1
