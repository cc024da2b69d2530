"""A time box outlives a restart of the app with its people: whom it was started for is
named again on Today, in the tray's "Spend it on" and in the end-of-box question. They
were held in the tray's memory only: after a quit and a new start the running box said
"Time box running · 11:59 left" with nobody named (stranger6). Two runs of the real
window and tray on one database, the box started from the tray menu."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext, make_settings
from relmanager.store import preferences
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from tests.conftest import at
from tests.ui.tray_menu import choose, menu_texts, open_tray_menu, start_tray, stop_services

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = ("Ada Lovelace", "Bo Berg", "Cy Young")


def _named(window) -> bool:
    text = window.today.timebox_text.text()
    return all(name in text for name in PEOPLE)


def _three_to_see(clock) -> None:
    create_contact(clock, "Ada Lovelace", stage=Stage.DEVELOPMENT)
    cy = create_contact(clock, "Cy Young", stage=Stage.RECOGNITION)
    clock.advance(days=60)  # Ada: far past a development rhythm
    create_contact(clock, "Bo Berg", stage=Stage.ENCOUNTER)  # met today: fresh
    create_follow_up(clock, cy.id, "send the slides", clock.now() - timedelta(days=1))


@pytest.mark.parametrize("started", ["from the tray menu", "by the schedule"])
def test_the_running_box_names_its_people_after_a_restart(started, db, db_path, clock,
                                                           tmp_path, open_window, qtbot):
    clock.set(at(0, 8, 0))
    _three_to_see(clock)
    if started == "by the schedule":
        preferences.save_plan("small", 15, "0,1,2,3,4,5,6", clock.now().strftime("%H:%M"))
    first = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    window = open_window(first)
    window.show_page("today")
    service, tray = start_tray(window, qtbot)
    if started == "by the schedule":
        service.check()  # the box's start, from the service's timer
    else:
        choose(qtbot, open_tray_menu(qtbot, tray), "Start time box")
    qtbot.waitUntil(lambda: _named(window), timeout=5000)
    tray.menu.hide()
    stop_services(first)  # the app quits with the box running
    window.shutdown()
    window.close()

    clock.advance(minutes=3)
    again = AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))
    window = open_window(again)
    window.show_page("today")
    service, tray = start_tray(window, qtbot)
    try:
        qtbot.waitUntil(lambda: _named(window), timeout=5000)
        assert "Spend it on (3)" in menu_texts(open_tray_menu(qtbot, tray))
        tray.menu.hide()
        clock.advance(minutes=12)
        service.check()  # the box's end, from the service's timer
        qtbot.waitUntil(lambda: window.log_dialog is not None
                        and window.log_dialog.box_prompt is not None, timeout=5000)
        prompt = window.log_dialog.box_prompt.text()
        assert all(name in prompt for name in PEOPLE), prompt
        window.log_dialog.reject()
    finally:
        stop_services(again)
