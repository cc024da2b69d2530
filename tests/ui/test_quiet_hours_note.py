"""Issue 22 item 15: in quiet hours (22:00-07:00 by default) the tray's tooltip and Today
say that reminders are held until 07:00; Today's note goes for good with one click, and
both follow the clock when quiet hours end."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.domain.stages import Stage
from relmanager.store.contacts import create_contact
from relmanager.ui.shell.tray import install_reminders
from relmanager.ui.today.quiet_note import DISMISSED_KEY

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
HELD = "held until 07:00"


@pytest.fixture
def evening(ctx, clock, qtbot, open_window):
    create_contact(clock, "Ada Lovelace", stage=Stage.DEVELOPMENT)
    clock.advance(hours=14)  # Monday 23:00: quiet
    window = open_window(ctx)
    window.show_page("today")
    service, tray = install_reminders(ctx, window, startup_delay_ms=0)
    qtbot.waitUntil(service.timer.isActive, timeout=5000)
    yield window, tray
    for running in reversed(ctx.services.running()):
        running.shutdown()


def _reloaded(window, qtbot) -> None:
    today = window.today
    with qtbot.waitSignal(today.loader.loaded, timeout=5000):
        today.refresh()


def test_tray_tooltip_and_today_say_reminders_are_held_until_the_morning(evening, clock,
                                                                           qtbot):
    window, tray = evening
    # read on the tray's worker: the tooltip says it when the answer lands
    qtbot.waitUntil(lambda: f"Quiet hours: reminders {HELD}" in tray.icon.toolTip(),
                    timeout=5000)
    note = window.today.quiet_note
    qtbot.waitUntil(note.isVisible, timeout=5000)
    assert HELD in note.text.text()
    assert tray.quiet_timer.isActive()  # wakes for the morning (or the resync before)

    clock.advance(hours=8, minutes=30)  # Tuesday 07:30
    tray.quiet_timer.timeout.emit()
    qtbot.waitUntil(lambda: "Quiet hours" not in tray.icon.toolTip(), timeout=5000)
    window.today._quiet_timer.timeout.emit()  # Today's own wake-up at the end of quiet
    qtbot.waitUntil(lambda: not note.isVisible(), timeout=5000)


def test_got_it_puts_todays_note_away_for_good(evening, ctx, clock, qtbot):
    window, tray = evening
    note = window.today.quiet_note
    qtbot.waitUntil(note.isVisible, timeout=5000)
    QTest.mouseClick(note.got_it, Qt.MouseButton.LeftButton)
    assert not note.isVisible()
    assert ctx.settings.value(DISMISSED_KEY, False, type=bool)
    clock.advance(days=1)  # the next evening: Today stays quiet about it ...
    _reloaded(window, qtbot)
    assert not note.isVisible()
    tray.icon.setToolTip("")  # what the tooltip says next is the new read's
    tray.update_status()
    qtbot.waitUntil(lambda: HELD in tray.icon.toolTip(), timeout=5000)  # ... it still says it
