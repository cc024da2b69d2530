"""A calendar with coming meetings, written for the test's clock (START is Monday
2 March 2026, 09:00): Tuesday 14:00-15:00 with Ann Lee and Bob Roe (contacts), a
stranger and the user; Tuesday 23:00 with Ann (in quiet hours); Wednesday with only a
stranger; a cancelled one; and one Ann declined."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.services.reminders import ReminderService
from relmanager.store import capture
from relmanager.store.contacts import create_contact
from tests.recording_notifier import RecordingNotifier
from tests.ui.conftest import open_window  # noqa: F401 - the window fixture, shared

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//brief//EN
BEGIN:VEVENT
UID:lunch-1@test
DTSTAMP:20260301T000000Z
DTSTART:20260303T140000
DTEND:20260303T150000
SUMMARY:Lunch about the workshop
LOCATION:Café Nord, Storgatan 1
ORGANIZER:mailto:me@example.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:Bob@Example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:stranger@elsewhere.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.org
END:VEVENT
BEGIN:VEVENT
UID:late-call@test
DTSTAMP:20260301T000000Z
DTSTART:20260303T230000
DTEND:20260303T233000
SUMMARY:Late call
LOCATION:https://meet.jit.si/abc
ATTENDEE:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:strangers@test
DTSTAMP:20260301T000000Z
DTSTART:20260304T100000
DTEND:20260304T110000
SUMMARY:Nobody we know
ATTENDEE:mailto:stranger@elsewhere.org
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
DTSTAMP:20260301T000000Z
DTSTART:20260304T120000
DTEND:20260304T130000
STATUS:CANCELLED
ATTENDEE:mailto:ann@example.com
END:VEVENT
BEGIN:VEVENT
UID:declined@test
DTSTAMP:20260301T000000Z
DTSTART:20260304T150000
DTEND:20260304T160000
ATTENDEE;PARTSTAT=DECLINED:mailto:ann@example.com
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def calendar_file(tmp_path: Path) -> Path:
    path = tmp_path / "work.ics"
    path.write_text(ICS.replace("\n", "\r\n"), encoding="utf-8")
    return path


@pytest.fixture
def people(db, clock):
    capture.add_me(["me@example.org"])
    ann = create_contact(clock, "Ann Lee", emails=["ann@example.com"], stage=Stage.FRIENDSHIP,
                         intent="co-organise the spring workshop", how_met="conference talk",
                         where_met="Lund", tags=["workshops", "python"])
    bob = create_contact(clock, "Bob Roe", emails=["bob@example.com"],
                         stage=Stage.RECOGNITION)
    return ann, bob


@pytest.fixture
def service(db_path, clock, qapp):
    """The reminder service started on the test's clock, with what it shows recorded (the
    morning digest, if any, already cleared): ``(service, notifier)``."""
    ctx = AppContext.create(clock, db_path)
    notifier = RecordingNotifier()
    svc = ReminderService(ctx, notifier)
    svc.start()
    notifier.shown.clear()
    yield svc, notifier
    svc.shutdown()
