"""A calendar's text is priced before icalendar builds it (relmanager.interchange.calendar_size).

Before: one event with 200,000 alarms (17 MB) took 19 CPU seconds and 526 MB in capture's
reader, and one with 90,000 alarms 7.6 s and 250 MB; the capture read none of the alarms.
Each case is read in its own process under the memory limit and timeout of
tests/hostile/test_calendar_rules.py, and measured there (CPU seconds, peak RSS).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relmanager.interchange import calendar_size
from relmanager.interchange.calendar_in import scan_calendar
from relmanager.sync.entries import EntryError, parse_calendar_entry
from tests.hostile.peak_memory import measured_run
from tests.hostile.test_calendar_rules import ME, NOW, read_in_child

ALARM = ("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Reminder\r\n"
         "END:VALARM\r\n")


def _event(uid: str, extra: str = "") -> str:
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:20260210T090000Z\r\n"
            "DTEND:20260210T100000Z\r\nSUMMARY:x\r\nORGANIZER:mailto:me@example.org\r\n"
            f"ATTENDEE:mailto:a@x.org\r\n{extra}END:VEVENT\r\n")


def _write(path: Path, *events: str) -> Path:
    with path.open("w", encoding="ascii", newline="") as out:
        out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n")
        for event in events:
            out.write(event)
        out.write("END:VCALENDAR\r\n")
    return path


@pytest.mark.parametrize("mode", ["capture", "upcoming"])
def test_an_event_with_90000_alarms_is_left_out_by_name_and_the_rest_is_read(tmp_path, mode):
    path = _write(tmp_path / "alarms.ics", _event("kept"), _event("alarms", ALARM * 90_000))
    result = read_in_child(path, mode, NOW.replace(month=2, day=1) if mode == "upcoming"
                            else NOW)
    print(mode, result["cpu"], result["peak_mb"])
    assert result["cpu"] < 1.5, f"{result['cpu']:.1f} CPU s"  # was 7.6
    assert result["peak_mb"] < 120, f"{result['peak_mb']:.0f} MB"  # was 250
    assert result["found"] == 1
    if mode == "capture":
        assert result["problems"] == [
            "event 'alarms' has 90,000 components inside it (alarms or others; a real one "
            "has a few, and more than 100 are not read); left out"]


def test_a_folded_begin_line_is_counted_as_the_parser_reads_it():
    """icalendar unfolds before it reads 'BEGIN': a boundary folded in two is one."""
    folded = "BEG\r\n IN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nEND:VALARM\r\n"
    data = _calendar_bytes(_event("kept"), _event("folded", folded * 150))
    scan = scan_calendar(data, ME, NOW)
    assert [c.source_key for c in scan.candidates] == ["kept"]
    assert scan.problems[0].startswith("event 'folded' has 150 components inside it")


def test_an_event_of_too_many_lines_is_left_out():
    lines = "ATTENDEE:mailto:b@x.org\r\n" * (calendar_size.MAX_COMPONENT_LINES + 1)
    scan = scan_calendar(_calendar_bytes(_event("kept"), _event("huge", lines)), ME, NOW)
    assert [c.source_key for c in scan.candidates] == ["kept"]
    assert scan.problems == [f"event 'huge' has {calendar_size.MAX_COMPONENT_LINES + 9:,} "
                             "lines (more than the 20,000 one may have); left out"]


def _calendar_bytes(*events: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n" + "".join(events)
            + "END:VCALENDAR\r\n").encode()


def test_a_17_mb_calendar_of_a_million_lines_is_refused_by_the_cli_and_nothing_is_written(
        tmp_path):
    """The attacker's file through the real command line, in its own process: refused in
    words within a second and 150 MB, and the database as it was."""
    path = _write(tmp_path / "huge.ics", _event("alarms", ALARM * 200_000))
    db = tmp_path / "r.db"
    env = {**os.environ, "RELMANAGER_DB": str(db)}
    cli = [sys.executable, "-m", "relmanager.cli"]
    for argv in (["add", "Ann", "--email", "a@x.org"], ["me", "--email", "me@example.org"]):
        assert measured_run([*cli, *argv], env).code == 0
    started = time.perf_counter()
    done = subprocess.run([*cli, "capture", "calendar", str(path)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.perf_counter() - started
    assert done.returncode == 1, done.stderr
    assert ("has 1,000,013 lines, more than the 500,000 a calendar may have to be read"
            in done.stderr and "nothing was read" in done.stderr), done.stderr
    run = measured_run([*cli, "capture", "calendar", str(path)], env)
    assert run.code == 1 and run.peak_kib < 150 * 1024, f"{run.peak_kib / 1024:.0f} MB"  # was 648
    assert elapsed < 10, f"{elapsed:.1f} s"  # was 20 s and more, most of it CPU
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from interaction").fetchone() == (0,)


def test_a_synced_task_with_too_many_alarms_is_not_read():
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VTODO\r\nUID:t-1\r\n"
            "X-RELMANAGER-CONTACT:c\r\nSUMMARY:x\r\n" + ALARM * 200 + "END:VTODO\r\n"
            "END:VCALENDAR\r\n")
    with pytest.raises(EntryError, match=r"^/j/t-1\.ics: not read: vtodo 't-1' has 200 "
                                         r"components inside it"):
        parse_calendar_entry(text, "/j/t-1.ics")
