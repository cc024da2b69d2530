"""Issue 22 item 12, through the tray menu's real actions and the dialog's keys: starting a
time box says whom to spend it on (from going cold, fresh encounters and follow-ups), its
end asks "what did you do?" with the box's minutes, the log moves the week's minutes on
Today, and skipping is one click."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import Interaction, TimeBoxSession
from tests.ui.tray_menu import choose, menu_texts, open_tray_menu, start_tray, stop_services

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")




@pytest.fixture
def app(ctx, clock, qtbot, open_window, monkeypatch):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.DEVELOPMENT)
    cy = create_contact(clock, "Cy Young", stage=Stage.RECOGNITION)
    clock.advance(days=60)  # Ada: far past a development rhythm
    create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER)  # met today: fresh
    create_follow_up(clock, cy.id, "send the slides", clock.now() - timedelta(days=1))
    window = open_window(ctx)
    window.show_page("today")
    service, tray = start_tray(window, qtbot)
    said: list[tuple[str, str]] = []  # what the tray's bubble would show
    monkeypatch.setattr(tray.icon, "showMessage", lambda title, body, *_a: said.append(
        (title, body)))
    yield window, service, tray, said, ada
    stop_services(ctx)


def test_start_names_whom_end_asks_and_the_week_moves(app, clock, qtbot):
    window, service, tray, said, ada = app
    today = window.today
    qtbot.waitUntil(lambda: not today.loader.loading and "0 min" in today.progress_text.text(),
                    timeout=5000)
    choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    # the status is read on the tray's worker: Today names them when it lands
    qtbot.waitUntil(lambda: "Cy Young" in today.timebox_text.text(), timeout=5000)
    title, body = said[-1]
    assert title == "Time box started: 15 min for your network"
    for name in ("Ada Lovelace", "Bo Berg", "Cy Young"):  # cold, fresh, follow-up due
        assert name in body
        assert name in today.timebox_text.text()
    assert "Spend it on (3)" in menu_texts(open_tray_menu(qtbot, tray))
    tray.menu.hide()

    clock.advance(minutes=15)
    service.check()  # the service's timer at the box's end
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible(),
                    timeout=3000)
    dialog = window.log_dialog
    assert dialog.windowTitle() == "Time box over: what did you do?"
    assert dialog.minutes.value() == 15
    qtbot.keyClicks(dialog.contact, "Ada")
    QTest.keyClick(dialog.contact, Qt.Key.Key_Return)  # picks Ada
    QTest.keyClick(dialog.channel, Qt.Key.Key_Return)  # logs
    qtbot.waitUntil(lambda: window.log_dialog is None or not window.log_dialog.isVisible(),
                    timeout=3000)
    session = TimeBoxSession.get()
    logged = Interaction.get(Interaction.contact == ada.id)
    assert (logged.minutes, logged.timebox_session_id) == (15, session.id)
    qtbot.waitUntil(lambda: "15 min" in today.progress_text.text(), timeout=5000)


def test_stopping_early_asks_with_the_minutes_spent_and_skip_is_one_click(app, clock, qtbot):
    window, _service, tray, _said, _ada = app
    choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    clock.advance(minutes=6)
    choose(qtbot, open_tray_menu(qtbot, tray), "Stop time box", prefix=True)
    qtbot.waitUntil(lambda: window.log_dialog is not None and window.log_dialog.isVisible(),
                    timeout=3000)
    dialog = window.log_dialog
    assert dialog.minutes.value() == 6
    skip = next(b for b in dialog.buttons.buttons() if b.text() == "&Skip")
    QTest.mouseClick(skip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.log_dialog is None or not window.log_dialog.isVisible(),
                    timeout=3000)
    assert Interaction.select().count() == 0
    assert TimeBoxSession.get().ended_at is not None


def test_a_scheduled_box_names_whom_it_is_for_too(app, clock, qtbot):
    from relmanager.store import preferences

    window, service, tray, _said, _ada = app
    preferences.save_plan("small", 15, "0,1,2,3,4", "12:00")  # Monday; the clock is 09:00
    clock.advance(hours=3)
    service.check()  # the service's timer at the box's start: it opens the session
    qtbot.waitUntil(lambda: "Time box running: try" in window.today.timebox_text.text(),
                    timeout=3000)
    for name in ("Ada Lovelace", "Bo Berg", "Cy Young"):
        assert name in window.today.timebox_text.text()
    assert "Spend it on (3)" in menu_texts(open_tray_menu(qtbot, tray))
    tray.menu.hide()


def test_names_with_markup_stay_plain_in_the_tooltip_and_on_today(ctx, clock, qtbot,
                                                                  open_window):
    create_contact(clock, "<b>Eve</b> & Co", stage=Stage.DEVELOPMENT)
    clock.advance(days=60)
    window = open_window(ctx)
    window.show_page("today")
    _service, tray = start_tray(window, qtbot)
    try:
        choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
        qtbot.waitUntil(lambda: "Eve" in tray.icon.toolTip(), timeout=5000)  # read landed
        assert "<" not in tray.icon.toolTip()
        label = window.today.timebox_text
        assert "<b>Eve</b> & Co" in label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText
    finally:
        stop_services(ctx)
