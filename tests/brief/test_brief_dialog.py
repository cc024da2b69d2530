"""The brief dialog (issue 24, item 6): opened from the tray's notice, it shows every
person's brief as plain text; "Log it" is offered only after the meeting and logs it
once, with real clicks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from relmanager.interchange.calendar_upcoming import read_upcoming
from relmanager.services.context import AppContext, make_settings
from relmanager.store import capture, upcoming
from relmanager.store.contacts import update_contact
from relmanager.store.models import Interaction
from relmanager.ui.brief.brief_dialog import BriefDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LUNCH = datetime(2026, 3, 3, 14, 0)


@pytest.fixture
def ctx(db, db_path, clock, tmp_path):
    return AppContext.create(clock, db_path, settings=make_settings(tmp_path / "ui.ini"))


@pytest.fixture
def lunch(people, calendar_file, clock):
    ann, _bob = people
    update_contact(clock, ann.id, notes="", intent="<b>bold</b> & <img src=x>")
    occurrences = read_upcoming(calendar_file, capture.me_addresses(), clock.now())
    upcoming.replace_upcoming(str(calendar_file), occurrences, clock.now())
    return upcoming.upcoming(clock.now())[0]


def _open(ctx, qtbot, meeting_id) -> BriefDialog:
    dialog = BriefDialog(ctx, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.meeting is not None, timeout=5000)
    return dialog


def test_brief_shows_everyone_in_plain_text(ctx, qtbot, lunch, clock):
    clock.set(LUNCH - timedelta(minutes=10))
    dialog = _open(ctx, qtbot, lunch.id)
    text = dialog.text.toPlainText()
    assert "Ann Lee" in text and "Bob Roe" in text
    assert "Intent: <b>bold</b> & <img src=x>" in text  # as typed, never markup
    assert "Common ground: python, workshops" in text
    assert dialog.heading.textFormat() == Qt.TextFormat.PlainText
    assert "with Ann Lee and Bob Roe" in dialog.heading.text()
    assert not dialog.log_button.isEnabled()
    assert "after the meeting ends at 15:00" in dialog.status.text()


def test_log_it_after_the_meeting_once(ctx, qtbot, lunch, clock):
    clock.set(LUNCH + timedelta(hours=1, minutes=5))
    dialog = _open(ctx, qtbot, lunch.id)
    assert dialog.log_button.isEnabled()
    with qtbot.waitSignal(ctx.events.interactions_changed):
        qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    assert "Logged for 2 people" in dialog.status.text()
    assert not dialog.log_button.isEnabled()
    rows = list(Interaction.select())
    assert len(rows) == 2 and len({r.group_key for r in rows}) == 1
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)  # disabled: nothing
    dialog.log_it()  # even called again: the store writes nothing twice
    assert Interaction.select().count() == 2
    again = _open(ctx, qtbot, lunch.id)
    assert not again.log_button.isEnabled() and "Logged on" in again.status.text()


def test_a_missing_meeting_is_said_not_shown_empty(ctx, qtbot, db):
    dialog = BriefDialog(ctx, 999)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.heading.text() == "Could not read the brief.",
                    timeout=5000)
    assert "no upcoming meeting number 999" in dialog.text.toPlainText()


def test_the_tray_notice_opens_the_brief(ctx, qtbot, lunch, clock, open_window):
    from relmanager.ui.shell.tray import TrayController

    window = open_window(ctx)
    tray = TrayController(ctx, window)
    tray.notify("Meeting with Ann Lee and Bob Roe in 10 min: brief", "", f"brief:{lunch.id}")
    tray.icon.messageClicked.emit()
    assert isinstance(tray.brief, BriefDialog) and tray.brief.meeting_id == lunch.id
    qtbot.waitUntil(lambda: tray.brief.meeting is not None, timeout=5000)
    tray.brief.close()
    tray.shutdown()
