"""The tray controller driving the real main window: menu, snooze, close behaviour."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.store import follow_ups, introductions, preferences, today_reads
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, StageChange, database
from relmanager.ui.shell.main_window import MainWindow
from relmanager.ui.today import today_queries
from tests.ui.tray_menu import choose, menu_texts, open_tray_menu, start_tray

REAL_TRAY = os.environ.get("RELMANAGER_TEST_TRAY") == "1" and os.environ.get(
    "QT_QPA_PLATFORM") != "offscreen"


@pytest.fixture
def setup(db, db_path, clock, qtbot):
    ctx = AppContext.create(clock, db_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    service, tray = start_tray(window, qtbot)
    yield ctx, window, service, tray
    ctx.services.shutdown_all()


def test_menu_lists_going_cold_and_snoozes(setup, clock, qtbot):
    ctx, _window, service, tray = setup
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    create_contact(clock, "Pat", stage=Stage.PARKED)
    clock.advance(days=400)
    texts = menu_texts(open_tray_menu(qtbot, tray))
    assert texts[:2] == ["Show window", "Log interaction…"]
    assert "Going cold (1)" in texts and "Quit" in texts
    cold_menu = choose(qtbot, tray.menu, "Going cold (1)")
    ada_menu = choose(qtbot, cold_menu, "Ada · usually every 6 weeks", prefix=True)
    choose(qtbot, ada_menu, "Snooze 1 week")
    # the one read Today, the tray and the digest take snoozes from
    assert today_reads.snoozed_contacts(clock.now()) == {ada.id: clock.now() + timedelta(days=7)}
    assert "Going cold (0)" in menu_texts(open_tray_menu(qtbot, tray))
    assert ctx.services.reminders is service


def test_without_tray_close_really_closes(setup, qtbot):
    _ctx, window, _service, tray = setup
    if tray.available:
        pytest.skip("a tray is present")
    window.show()
    window.close()
    assert not window.isVisible()


@pytest.mark.tray
@pytest.mark.skipif(not REAL_TRAY, reason="needs trayer under Xvfb")
def test_real_tray_close_to_tray_and_show(setup, qtbot):
    ctx, window, _service, tray = setup
    qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=5000)
    tray.start()
    window.show()
    window.close()
    assert not window.isVisible()
    assert ctx.settings.value("tray/close_hint_shown", False, type=bool)
    choose(qtbot, open_tray_menu(qtbot, tray), "Show window")
    qtbot.waitUntil(window.isVisible)


def test_start_and_stop_time_box_from_menu(setup, clock, qtbot, monkeypatch):
    _ctx, window, _service, tray = setup
    opened: list[object] = []
    monkeypatch.setattr(window, "open_log_dialog", lambda cid=None: opened.append(cid))
    choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    clock.advance(minutes=4)
    assert "Stop time box (11 min left)" in menu_texts(open_tray_menu(qtbot, tray))
    choose(qtbot, tray.menu, "Stop time box", prefix=True)
    assert opened == [None]


def test_park_from_going_cold_menu_is_undoable(setup, clock, qtbot):
    ctx, _window, _service, tray = setup
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.advance(days=400)
    cold_menu = choose(qtbot, open_tray_menu(qtbot, tray), "Going cold (1)")
    choose(qtbot, choose(qtbot, cold_menu, "Ada · usually every 6 weeks", prefix=True), "Park")
    assert Contact.get_by_id(ada.id).stage == "parked"
    assert StageChange.select().where(StageChange.contact == ada.id,
                                      StageChange.to_stage == "parked").count() == 1
    assert "Going cold (0)" in menu_texts(open_tray_menu(qtbot, tray))  # parked: quiet
    tray.menu.hide()
    ctx.undo_stack.undo()
    assert Contact.get_by_id(ada.id).stage == "friendship"


def test_countdown_ticks_in_tooltip_and_today(setup, clock, qtbot):
    _ctx, window, _service, tray = setup
    tray.start_box()
    qtbot.waitUntil(tray.ticker.isActive, timeout=5000)  # once the worker's read lands
    clock.advance(minutes=4, seconds=30)
    qtbot.waitUntil(lambda: window.today.timebox_text.text()
                    == "Time box running  ·  10:30 left", timeout=3000)
    assert "Time box: 10:30 left" in tray.icon.toolTip()
    clock.advance(minutes=11)
    qtbot.waitUntil(lambda: not tray.ticker.isActive(), timeout=3000)
    assert window.today.timebox_text.text() == "Time box over: log what you did?"


def test_a_tick_of_the_countdown_reads_nothing(setup, clock, qtbot, monkeypatch):
    """The countdown is computed from the box's start and planned minutes held in memory;
    the status is read again only on a change (an interaction logged, the box stopped)."""
    _ctx, window, _service, tray = setup
    monkeypatch.setattr(window, "open_log_dialog", lambda cid=None: None)
    tray.start_box()
    qtbot.waitUntil(lambda: "Time box: 15:00 left" in tray.icon.toolTip(), timeout=5000)
    statements: list[str] = []
    conn = database.connection()  # the UI thread's
    conn.set_trace_callback(statements.append)
    try:
        for second in range(1, 6):
            clock.advance(seconds=1)
            tray.ticker.timeout.emit()
            assert f"Time box: 14:{60 - second:02d} left" in tray.icon.toolTip()
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    assert window.today.timebox_text.text() == "Time box running  ·  14:55 left"
    tray.stop_box()
    qtbot.waitUntil(lambda: window.today.timebox_text.text() == "No time box running",
                    timeout=5000)
    assert not tray.ticker.isActive()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_digest_badges_icon_and_box_end_click_opens_log_dialog(setup, clock, qtbot):
    _ctx, window, service, tray = setup
    tray.start_box()
    clock.advance(minutes=16)
    shown = service.check()
    assert [n.kind for n in shown] == ["timebox_end"]
    assert tray.attention
    tray.icon.messageClicked.emit()  # a click on the balloon: no way to send it as input
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible(),
                    timeout=3000)
    open_tray_menu(qtbot, tray)
    assert not tray.attention
    tray.menu.hide()
    window.log_dialog.reject()


def test_menu_shows_names_as_typed(setup, clock, qtbot):
    """An ampersand in a name is not a shortcut marker: the menu shows it."""
    _ctx, _window, _service, tray = setup
    create_contact(clock, "Tom & Jerry", stage=Stage.FRIENDSHIP)
    clock.advance(days=400)
    cold_menu = choose(qtbot, open_tray_menu(qtbot, tray), "Going cold (1)")
    assert cold_menu.actions()[1].text().startswith("Tom && Jerry · usually every 6 weeks")
    tray.menu.hide()


def test_the_status_is_read_off_the_ui_thread(setup, ctx, clock, qtbot):
    """The running box, the week's figure and quiet hours are read on the tray's worker
    (they were read on the UI thread at start, on every interaction logged and every
    settings change); the tooltip and Today follow when the answer lands."""
    ctx, window, _service, tray = setup
    tray.start_box()
    qtbot.waitUntil(lambda: "Time box: 15:00 left" in tray.icon.toolTip(), timeout=5000)
    tray.ticker.stop()  # no tick moves the tooltip: only the status read does
    clock.advance(minutes=5)
    statements: list[str] = []
    conn = database.connection()  # the UI thread's own connection
    conn.set_trace_callback(statements.append)
    try:
        ctx.events.settings_changed.emit()  # connected to update_status
        tray.quiet_timer.timeout.emit()  # quiet hours begin or end: also update_status
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    assert "Time box: 15:00 left" in tray.icon.toolTip()  # nothing shown before it lands
    qtbot.waitUntil(lambda: "Time box: 10:00 left" in tray.icon.toolTip(), timeout=5000)
    assert window.today.timebox_text.text() == "Time box running  ·  10:00 left"


def test_opening_the_menu_reads_nothing_on_the_ui_thread(setup, clock, qtbot):
    """The menu is built from what the worker read (at 100,000 contacts that read took
    ~440 ms on the UI thread); an old answer is read again there and the menu rebuilt
    in place when it lands."""
    _ctx, _window, _service, tray = setup
    tray.feed.wait()
    create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    clock.advance(days=400)  # what the tray holds is now old
    statements: list[str] = []
    conn = database.connection()  # the UI thread's own connection
    conn.set_trace_callback(statements.append)
    try:
        tray.menu.aboutToShow.emit()
        assert "Going cold (0)" in menu_texts(tray.menu)  # at once, from memory
    finally:
        conn.set_trace_callback(None)
    assert statements == []
    tray.feed.wait()
    assert "Going cold (1)" in menu_texts(tray.menu)  # rebuilt in place by the worker's read


def test_menu_offers_to_hide_a_shown_window_and_to_show_a_hidden_one(setup, qtbot):
    """A first user read "Show window" on a shown window as a fault: the first item
    says what it will do, also in a menu that stays built (no new data to rebuild it)."""
    _ctx, window, _service, tray = setup
    window.show()
    qtbot.waitUntil(window.isVisible)
    assert menu_texts(open_tray_menu(qtbot, tray))[0] == "Hide window"
    choose(qtbot, tray.menu, "Hide window")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert menu_texts(open_tray_menu(qtbot, tray))[0] == "Show window"
    choose(qtbot, tray.menu, "Show window")
    qtbot.waitUntil(window.isVisible)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    assert tray.menu.actions()[0].text() == "Show window"


def _snooze_from(qtbot, tray, title: str, entry: str, choice: str) -> None:
    sub = choose(qtbot, open_tray_menu(qtbot, tray), title, prefix=True)
    item = choose(qtbot, sub, entry, prefix=True)
    assert item is not None, f"{entry!r} has no submenu: {menu_texts(sub)}"
    assert menu_texts(item)[:2] == ["Open", "Log…"] and choice in menu_texts(item)
    choose(qtbot, item, choice)


def test_a_follow_up_and_an_introduction_are_snoozed_alone_from_the_tray(setup, clock,
                                                                         qtbot):
    """Follow-ups due and Introductions list each reminder with Open, Log… and snoozes
    that say what they silence, and silence only that: snoozing one of Bo's two
    follow-ups snoozed both, and the introduction "Ana → Cy" was snoozed under Cy, so
    Cy's own follow-up went quiet too (stranger4 4c, 4d). One rule
    (``domain.priority.snooze_key``): Today marks just the snoozed ones, the menu and the
    digest leave out just them."""
    _ctx, _window, service, tray = setup
    # The digest at 21:00: nothing is said (and recorded) while the menu is driven.
    preferences.save(digest_time="21:00")
    people = {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
              for n in ("Ana", "Bo", "Cy", "Di")}
    intro = introductions.create_introduction(clock, requester_id=people["Ana"],
                                              target_id=people["Cy"])
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    clock.advance(days=FOLLOW_UP_AFTER_DAYS, hours=1)
    due = clock.now() - timedelta(hours=2)
    for name, title in (("Bo", "send Bo the slides"), ("Bo", "call Bo about June"),
                        ("Cy", "thank Cy"), ("Di", "send Di the slides")):
        follow_ups.create_follow_up(clock, people[name], title, due)
    texts = menu_texts(open_tray_menu(qtbot, tray))
    assert "Follow-ups due (4)" in texts and "Introductions (1)" in texts

    _snooze_from(qtbot, tray, "Follow-ups due", "Bo: send Bo the slides",
                 "Snooze this follow-up 1 week")
    _snooze_from(qtbot, tray, "Introductions", "Ana → Cy:", "Snooze this introduction 1 month")

    now = clock.now()
    assert today_reads.snoozed_contacts(now) == {}  # nobody is snoozed as a person
    texts = menu_texts(open_tray_menu(qtbot, tray))
    assert "Follow-ups due (3)" in texts and "Introductions (0)" in texts
    left = menu_texts(choose(qtbot, tray.menu, "Follow-ups due", prefix=True))
    assert [t.split(" (")[0] for t in left] == ["Bo: call Bo about June", "Cy: thank Cy",
                                               "Di: send Di the slides"], left
    tray.menu.hide()
    # Today keeps every one, and marks the two snoozed (and only them).
    today = today_queries.load(now)
    rows = [" ".join(cells) for _cid, cells, _w in today.follow_ups + today.intros]
    snoozed = [row for row in rows if "snoozed until" in row]
    assert len(rows) == 5 and len(snoozed) == 2, rows
    assert any("send Bo the slides" in row for row in snoozed), snoozed
    assert any("Ana → Cy" in row for row in snoozed), snoozed
    # The evening's digest says Bo's other follow-up and Cy's: only the snoozed are left out.
    clock.set(clock.now().replace(hour=21, minute=5))
    digests = [n for n in service.compute(clock.now()).notices if n.kind == "digest"]
    assert len(digests) == 1, digests
    said = digests[0].title + "\n" + digests[0].body
    assert "call Bo about June" in said and "thank Cy" in said and "Di" in said, said
    assert "send Bo the slides" not in said and "→" not in said, said
