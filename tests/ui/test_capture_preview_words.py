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


def test_the_preview_names_each_message_it_could_not_read(
        open_window, ctx, qtbot, people, tmp_path, clock):  # noqa: F811
    """A damaged mbox entry and a Maildir file that cannot be read are named in the
    preview by file and place, and said to be skipped (stranger3 #11: it said "1 message
    or event could not be read and was left out", naming neither)."""
    capture.add_me([ME])
    when = clock.now() - timedelta(days=3)
    good = (f"From - {when:%a %b %d %H:%M:%S %Y}\nMessage-ID: <m{{n}}@t>\n"
            f"Date: {when:%a, %d %b %Y %H:%M:%S} +0000\nFrom: {ME}\n"
            "To: ada@example.com\nSubject: hi\n\nbody\n\n")
    mbox = tmp_path / "Sent.mbox"
    broken = f"From - {when:%a %b %d %H:%M:%S %Y}\nMessage-ID: <bad@t>\nFrom: {ME}\n\nx\n\n"
    mbox.write_text(good.format(n=1) + broken + good.format(n=3), encoding="utf-8")
    offset = len(good.format(n=1).encode())
    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1700000000.M1.host:2,S").write_text(good.format(n=4).split("\n", 1)[1])
    (maildir / "cur" / "1700000001.M2.host:2,S").write_text(broken.split("\n", 1)[1])
    page = _open(open_window, ctx, qtbot)
    for source in (mbox, maildir):
        _type(qtbot, page.sources.path, str(source))
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, page)
    text = page.panel.summary.text()
    assert (f"Skipped, could not be read: {mbox}, message 2 (byte {offset}): no readable "
            "Date header.") in text, text
    assert (f"Skipped, could not be read: {maildir}, message 2 (file 1700000001.M2.host): "
            "no readable Date header.") in text, text
