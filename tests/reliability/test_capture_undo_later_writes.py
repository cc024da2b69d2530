"""Undoing a capture deleted the interactions it wrote even when the user had written on
them since (found by branch rwrite, fixed: an edited captured interaction is the user's).

A meeting captured from the calendar, then given a note in the window (History: "Agreed
to send the proposal", saved and acknowledged), is deleted, note and all, by
``relmanager undo-capture``, with no word about it (undo-import at least names the
interactions it takes with it). The sibling of the undo-import defect fixed on branch
rwrite (``test_import_undo_later_writes.py``). Expected: an interaction written to since
the capture stays (its capture mark dropped), or the undo says what it would take and asks.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.reliability.live_app import run_cli

CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//test//EN\r
BEGIN:VEVENT\r
UID:coffee@example.org\r
DTSTAMP:20261101T090000Z\r
DTSTART:20261120T100000Z\r
DTEND:20261120T110000Z\r
SUMMARY:Coffee\r
ORGANIZER:mailto:me@example.org\r
ATTENDEE:mailto:ada@example.org\r
ATTENDEE:mailto:me@example.org\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _ok(db: Path, *argv: str) -> str:
    done = run_cli(db, *argv)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_undoing_a_capture_keeps_a_note_written_since(db_path: Path, tmp_path: Path,
                                                      clock) -> None:
    from relmanager.store import event_edits
    from relmanager.store.db import close_db, init_db
    from relmanager.store.models import Interaction

    db_path.parent.mkdir(parents=True, exist_ok=True)
    calendar = tmp_path / "calendar.ics"
    calendar.write_text(CALENDAR, encoding="utf-8")
    _ok(db_path, "add", "Ada Lovelace", "--email", "ada@example.org")
    _ok(db_path, "me", "--email", "me@example.org")
    assert "1 interaction" in _ok(db_path, "capture", "calendar", str(calendar))

    init_db(db_path, clock=clock)  # the window's store: the note as History saves it
    try:
        (captured,) = [i.id for i in Interaction.select()]
        event_edits.edit_event(captured, True, note="Agreed to send the proposal")
    finally:
        close_db()

    _ok(db_path, "undo-capture", "1")
    with sqlite3.connect(db_path) as conn:
        notes = [n for (n,) in conn.execute("SELECT note FROM interaction")]
    assert notes == ["Agreed to send the proposal"]
    # Still known as captured: the same capture run again does not double the meeting.
    _ok(db_path, "capture", "calendar", str(calendar))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (1,)
