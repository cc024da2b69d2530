"""The Capture preview says its counts in words that agree (stranger2's finding 15): a
calendar with two events still to come said "Left out: 2 event not over yet". Driven
through the page: a real .ics typed in as a source, Preview clicked."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from relmanager.store import capture
from tests.ui.test_capture_page import ME, _open, _type, _wait, people  # noqa: F401


def _event(uid: str, start: datetime, status: str = "CONFIRMED",
           hours: int = 1) -> str:
    end = start + timedelta(hours=hours)
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
            f"DTEND:{end:%Y%m%dT%H%M%SZ}\r\nSUMMARY:Lunch\r\nSTATUS:{status}\r\n"
            f"ORGANIZER:mailto:{ME}\r\nATTENDEE:mailto:ada@example.com\r\nEND:VEVENT\r\n")


def _calendar(path: Path, now: datetime) -> Path:
    events = (_event("past", now - timedelta(days=3))
              + _event("fair", now - timedelta(days=1), hours=72)  # began, not over
              + _event("course", now - timedelta(days=2), hours=30 * 24)
              + _event("off", now - timedelta(days=5), status="CANCELLED"))
    path.write_text(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{events}"
                    "END:VCALENDAR\r\n", encoding="utf-8")
    return path


def test_the_preview_counts_agree_with_their_nouns(open_window, ctx, qtbot, people,  # noqa: F811
                                                   tmp_path, clock):
    capture.add_me([ME])
    ics = _calendar(tmp_path / "work.ics", clock.now())
    page = _open(open_window, ctx, qtbot)
    _type(qtbot, page.sources.path, str(ics))
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    text = page.panel.summary.text()
    assert "1 interaction with 1 person would be captured from 1 source." in text, text
    assert "Left out: 1 event cancelled; 2 events not over yet." in text, text
