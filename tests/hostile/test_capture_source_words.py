"""Capture's errors are one clear sentence naming the file once (review 18, item 9):
binary junk, a calendar that breaks at a line, a named pipe, a device, a folder; never raw
bytes, a Python repr or the path twice, and nothing is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relmanager.cli import main
from relmanager.store import capture
from relmanager.store.models import Interaction

JUNK = bytes(range(256)) * 8
BROKEN = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\x01\x02 garbage \xff\xfe here\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def cli(db, db_path: Path, clock, capsys):
    capture.add_me(["me@example.org"])

    def call(*argv: str) -> str:
        assert main([*argv[:2], "--db", str(db_path), *argv[2:]], clock=clock) == 1
        err = capsys.readouterr().err
        assert "b'" not in err and "\\x" not in err and "\\r\\n" not in err
        assert "Errno" not in err and "Traceback" not in err
        assert Interaction.select().count() == 0 and capture.batches() == []
        return err

    return call


def _once(err: str, path: Path) -> None:
    assert err.count(str(path)) == 1, err


def test_calendar_errors_are_sentences(cli, tmp_path):
    work = tmp_path / "work.ics"
    work.write_bytes(BROKEN)
    err = cli("capture", "calendar", str(work))
    assert f"{work} is not a calendar file (line 3 cannot be read)" in err
    _once(err, work)
    work.write_bytes(JUNK)
    err = cli("capture", "calendar", str(work))
    assert f"{work} is not a calendar file (it holds binary data)" in err
    work.write_bytes(b"\xef\xbb\xbfhello\r\n")
    assert "does not begin with BEGIN:VCALENDAR" in cli("capture", "calendar", str(work))
    err = cli("capture", "calendar", str(tmp_path))
    assert f"{tmp_path} is a folder, not a calendar file" in err


def test_a_named_pipe_or_device_is_not_a_file_or_folder(cli, tmp_path):
    fifo = tmp_path / "fifo.mbox"
    os.mkfifo(fifo)
    err = cli("capture", "mail", str(fifo))  # would block for ever if opened
    assert f"{fifo} is not a file or folder (it is a named pipe)" in err
    _once(err, fifo)
    err = cli("capture", "calendar", str(fifo))
    assert f"{fifo} is not a file or folder (it is a named pipe)" in err
    err = cli("capture", "mail", "/dev/zero")
    assert "/dev/zero is not a file or folder (it is a device)" in err
    _once(err, Path("/dev/zero"))


def test_mail_errors_name_the_path_once(cli, tmp_path):
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(JUNK)
    err = cli("capture", "mail", str(junk))
    assert f"{junk} is not an mbox file" in err
    _once(err, junk)
    gone = tmp_path / "gone.mbox"
    err = cli("capture", "mail", str(gone))
    assert f"{gone} does not exist" in err
    _once(err, gone)
