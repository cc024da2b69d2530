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


def test_a_huge_summary_and_name_are_cut_in_the_meetings_entry(tray_window, people, clock,
                                                              qtbot):
    """A calendar's 100,000-character summary (ESC, override) and a contact's huge name
    made a menu item as wide as they were; each is cut and shown by the display rule."""
    from relmanager.domain.limits import MAX_TEXT
    from relmanager.store.models import Contact
    from relmanager.store.upcoming_models import UpcomingEvent

    tray = tray_window
    ann, _bob = people
    UpcomingEvent.update(summary="\u202eS" + "S" * MAX_TEXT + "\x1b").execute()
    Contact.update(display_name="A" * MAX_TEXT).where(Contact.id == ann.id).execute()
    clock.set(LUNCH - timedelta(hours=1))
    tray.feed.changed()
    meetings = choose(qtbot, open_tray_menu(qtbot, tray), "Meetings (2)")
    texts = menu_texts(meetings)
    assert len(texts) == 2 and all(t.startswith("Tue ") for t in texts), texts
    for text in texts:
        assert len(text) < 200 and "\x1b" not in text and "\u202e" not in text, text[:300]
    assert meetings.sizeHint().width() < 1366  # on a laptop's screen
