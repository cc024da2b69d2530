"""The tray menu's "Meetings" entry (review 18, item 4): a missed brief bubble must not
leave the brief to the CLI. The menu lists the day's meetings with contacts, read on the
tray's worker like its other entries; each opens its brief, and one over and not logged
offers "Log it…"."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from relmanager.interchange.calendar_upcoming import read_upcoming
from relmanager.services.context import AppContext
from relmanager.store import capture, upcoming
from relmanager.store.models import Interaction
from tests.ui.tray_menu import choose, menu_texts, open_tray_menu, start_tray

LUNCH = datetime(2026, 3, 3, 14, 0)


@pytest.fixture
def tray_window(people, calendar_file, db_path, clock, open_window, qtbot):
    occurrences = read_upcoming(calendar_file, capture.me_addresses(), clock.now())
    upcoming.replace_upcoming(str(calendar_file), occurrences, clock.now())
    ctx = AppContext.create(clock, db_path)
    window = open_window(ctx)
    _service, tray = start_tray(window, qtbot)
    yield tray
    ctx.services.shutdown_all()


def test_meetings_entry_opens_a_coming_meetings_brief(tray_window, clock, qtbot):
    tray = tray_window
    clock.set(LUNCH - timedelta(hours=1))
    tray.feed.changed()
    meetings = choose(qtbot, open_tray_menu(qtbot, tray), "Meetings (2)")
    assert menu_texts(meetings) == [
        "Tue 14:00 Lunch about the workshop · Ann Lee and Bob Roe",
        "Tue 23:00 Late call · Ann Lee"]
    choose(qtbot, meetings, "Tue 23:00 Late call · Ann Lee")
    qtbot.waitUntil(lambda: tray.brief is not None and tray.brief.isVisible())
    late = upcoming.upcoming(clock.now())[1]
    assert tray.brief.meeting_id == late.id


def test_an_ended_meeting_offers_log_it(tray_window, clock, qtbot):
    tray = tray_window
    clock.set(LUNCH + timedelta(hours=1, minutes=30))
    tray.feed.changed()
    meetings = choose(qtbot, open_tray_menu(qtbot, tray), "Meetings (2)")
    lunch = choose(qtbot, meetings, "Tue 14:00 Lunch about the workshop", prefix=True)
    assert menu_texts(lunch) == ["Brief…", "Log it…"]
    choose(qtbot, lunch, "Log it…")
    qtbot.waitUntil(lambda: tray.brief is not None and tray.brief.log_button.isEnabled(),
                    timeout=5000)
    QTest.keyClick(tray.brief, Qt.Key.Key_Return)  # "Log it" is the default button
    qtbot.waitUntil(lambda: Interaction.select().count() == 2, timeout=5000)
