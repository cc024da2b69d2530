"""Repeat rules that cost hours and gigabytes are priced before they are expanded.

Each hostile calendar is read in its own process (capture's reader, and the brief's
reader of coming events), under a 1.5 GB address-space limit and a wall-clock timeout so
that a regression fails instead of swapping the machine; the bound is on the child's CPU
seconds and peak resident set. Before relmanager.interchange.calendar_bounds, an hourly
rule with 60 BYMINUTE and 60 BYSECOND values grew to 4.5 GB in two minutes, ``FREQ=HOURLY``
from the year 1 ran for minutes at 1 GB, and a daily series since 1950 took 18 CPU
seconds (the library's windows each re-walked it from its start).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from relmanager.interchange.calendar_in import scan_calendar
from tests.hostile.peak_memory import measured_run

NOW = datetime(2026, 3, 2, 9, 0)
ME = frozenset({"me@example.org"})
CPU_SECONDS = 3.0
PEAK_MB = 250

# Reads one calendar and prints its CPU seconds and findings; its peak memory is measured
# from outside (tests.hostile.peak_memory: ru_maxrss of a child forked from the pytest
# process would start at the suite's size, 346 MB by this test, and fail a cheap file).
_CHILD = """
import json, sys, time
from datetime import datetime
path, mode, now = sys.argv[1], sys.argv[2], datetime.fromisoformat(sys.argv[3])
me = frozenset({"me@example.org"})
data = open(path, "rb").read()
started = time.process_time()
if mode == "capture":
    from relmanager.interchange.calendar_in import scan_calendar
    scan = scan_calendar(data, me, now)
    found, problems = scan.occurrences, scan.problems
else:
    from relmanager.interchange.calendar_upcoming import scan_upcoming
    found, problems = len(scan_upcoming(data, me, now)), []
print(json.dumps({"cpu": time.process_time() - started, "found": found,
                  "problems": problems}))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))


def _calendar(rule_lines: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:hostile\r\n"
            f"{rule_lines}\r\nSUMMARY:x\r\nORGANIZER:mailto:me@example.org\r\n"
            "ATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def read_in_child(path: Path, mode: str, now: datetime = NOW) -> dict:
    """Capture's (or the brief's) reader on ``path`` in its own process under a 1.5 GB
    address-space limit: its CPU seconds, what it found, and its peak RSS (``peak_mb``)."""
    run = measured_run([sys.executable, "-c", _CHILD, str(path), mode, now.isoformat()],
                       timeout=120, preexec_fn=_limit_memory)
    if run.code is None:
        pytest.fail(f"{path.name} ({mode}): still expanding after 120 s")
    assert run.code == 0, run.err[-2000:]
    return {**json.loads(run.out.splitlines()[-1]), "peak_mb": run.peak_kib / 1024}


SIXTY = ",".join(map(str, range(60)))
HOSTILE = {
    # FREQ=SECONDLY under another name: 3,600 occurrences an hour since 1900
    "hourly-by-minute-and-second": "DTSTART:19000101T000000Z\r\nDTEND:19000101T000001Z\r\n"
        f"RRULE:FREQ=HOURLY;BYMINUTE={SIXTY};BYSECOND={SIXTY}",
    "hourly-from-year-1": "DTSTART:00010101T000000Z\r\nDTEND:00010101T010000Z\r\n"
        "RRULE:FREQ=HOURLY;COUNT=1000000000",
    "yearly-every-second": "DTSTART:20200101T000000Z\r\nDTEND:20200101T000001Z\r\n"
        "RRULE:FREQ=YEARLY;BYHOUR=" + ",".join(map(str, range(24)))
        + f";BYMINUTE={SIXTY};BYSECOND={SIXTY}",
    "minutely-lowercase": "DTSTART:20200101T000000Z\r\nDTEND:20200101T000001Z\r\n"
        "RRULE:freq=minutely;COUNT=1000000000",
}


@pytest.mark.parametrize("mode", ["capture", "upcoming"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_rule_too_costly_to_expand_is_left_out_in_bounded_time_and_memory(
        tmp_path, case, mode):
    path = tmp_path / f"{case}.ics"
    path.write_bytes(_calendar(HOSTILE[case]))
    result = read_in_child(path, mode)
    print(case, mode, result)
    assert result["cpu"] < CPU_SECONDS, f"{case} ({mode}): {result['cpu']:.1f} CPU s"
    assert result["peak_mb"] < PEAK_MB, f"{case} ({mode}): {result['peak_mb']:.0f} MB"
    assert result["found"] == 0
    if mode == "capture":
        assert len(result["problems"]) == 1
        assert result["problems"][0].startswith("event 'hostile' repeats ")
        assert result["problems"][0].endswith("; left out")


def test_rules_that_never_occur_are_found_without_walking_to_the_year_9999(tmp_path):
    """The 30th of February never comes, nor a sixth Monday: dateutil checks UNTIL only
    against an occurrence, so each such rule walked to 9999 (up to 5 s); a file of fifty
    of them is now read in bounded time, each left out by name until the budget ends."""
    rules = ["FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
             "FREQ=DAILY;INTERVAL=3;BYMONTHDAY=31;BYMONTH=4,6,9,11",
             "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30"]
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:never-{i}\r\nDTSTART:20000101T090000Z\r\n"
        f"DTEND:20000101T100000Z\r\nRRULE:{rules[i % len(rules)]}\r\n"
        "ORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\n"
        for i in range(50))
    path = tmp_path / "never.ics"
    path.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}"
                     "END:VCALENDAR\r\n".encode())
    for mode in ("capture", "upcoming"):
        result = read_in_child(path, mode)
        assert result["cpu"] < CPU_SECONDS, f"{mode}: {result['cpu']:.1f} CPU s"
        assert result["found"] == 0
    problems = result_capture = read_in_child(path, "capture")["problems"]
    assert len(problems) == 50, result_capture
    assert problems[0] == ("event 'never-0' never occurs (its repeat rule matches no "
                           "date); left out")
    assert problems[-1].startswith("event 'never-49' repeats too often to be read")


def test_a_daily_series_since_1950_is_read_whole_and_fast(tmp_path):
    path = tmp_path / "daily.ics"
    path.write_bytes(_calendar("DTSTART:19500101T090000Z\r\nDTEND:19500101T100000Z\r\n"
                               "RRULE:FREQ=DAILY"))
    result = read_in_child(path, "capture")
    assert result["cpu"] < CPU_SECONDS, f"{result['cpu']:.1f} CPU s"
    assert result["problems"] == []
    assert result["found"] == 3650  # ten years (of 365 days) back from NOW, each day


def test_a_count_rule_ends_at_its_count_and_the_file_budget_is_shared(monkeypatch):
    """A short COUNT series from long ago costs its count, not its years; and once the
    file's budget of occurrences is spent, the next costly series is left out by name.
    (The budget is lowered here to keep the test quick.)"""
    from relmanager.interchange import calendar_bounds

    monkeypatch.setattr(calendar_bounds, "MAX_WINDOW_OCCURRENCES", 5_000)
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\nDTEND:{start[:9]}235900Z\r\n"
        f"RRULE:{rule}\r\nORGANIZER:mailto:me@example.org\r\nATTENDEE:mailto:a@x.org\r\n"
        "END:VEVENT\r\n"
        for uid, start, rule in (
            ("old-short", "19000101T090000Z", "FREQ=HOURLY;COUNT=3"),
            ("daily-1", "19500101T090000Z", "FREQ=DAILY"),
            ("weekly", "20200101T090000Z", "FREQ=WEEKLY"),
            ("daily-2", "19500101T090000Z", "FREQ=DAILY")))
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n{body}END:VCALENDAR\r\n".encode()
    scan = scan_calendar(data, ME, NOW)
    assert len(scan.problems) == 1, scan.problems
    assert scan.problems[0].startswith("event 'daily-2' repeats too often to be read (about ")
    assert "beyond what one file may have" in scan.problems[0]
    keys = {c.source_key.split("|")[0] for c in scan.candidates}
    assert keys == {"daily-1", "weekly"}  # old-short's three hours were in 1900


def _zone(tzid: str, rule_a: str, rule_b: str) -> str:
    return (f"BEGIN:VTIMEZONE\r\nTZID:{tzid}\r\nBEGIN:STANDARD\r\nDTSTART:00011028T030000\r\n"
            f"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:{rule_a}\r\nEND:STANDARD\r\n"
            "BEGIN:DAYLIGHT\r\nDTSTART:00010325T020000\r\nTZOFFSETFROM:+0100\r\n"
            f"TZOFFSETTO:+0200\r\nRRULE:{rule_b}\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n")


def _zoned_calendar(zone: str, tzid: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\n" + zone
            + f"BEGIN:VEVENT\r\nUID:zoned\r\nDTSTART;TZID={tzid}:20260210T100000\r\n"
            f"DTEND;TZID={tzid}:20260210T110000\r\nORGANIZER:mailto:me@example.org\r\n"
            "ATTENDEE:mailto:a@x.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


@pytest.mark.parametrize("mode", ["capture", "upcoming"])
def test_a_time_zone_that_changes_every_hour_is_refused_before_it_is_walked(tmp_path, mode):
    """dateutil walks a VTIMEZONE's rules from their DTSTART on every offset asked for:
    a zone changing every hour from the year 1 ran past three minutes and 1.5 GB."""
    path = tmp_path / "zone.ics"
    path.write_bytes(_zoned_calendar(
        _zone("Loop", "FREQ=HOURLY", "FREQ=HOURLY;BYMINUTE=30"), "Loop"))
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode, NOW.isoformat()], check=False,
        capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    assert child.returncode == 1, child.stderr[-2000:]
    assert ("CalendarError: " in child.stderr and "its time zone 'Loop' changes its offset "
            "by a rule repeating hourly" in child.stderr), child.stderr[-2000:]


def test_a_real_time_zone_is_read():
    berlin = _zone("W. Europe Standard Time", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                   "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    scan = scan_calendar(_zoned_calendar(berlin, "W. Europe Standard Time"), ME, NOW)
    assert scan.problems == [] and [c.source_key for c in scan.candidates] == ["zoned"]
