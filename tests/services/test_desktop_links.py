"""Whether the desktop has a mail program, asked of a real ``xdg-mime`` process (a small
script on PATH standing in for the desktop's answer)."""

from __future__ import annotations

import os
import stat

import pytest

from relmanager.services.desktop_links import handler_missing


def _xdg_mime(tmp_path, monkeypatch, body: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "xdg-mime"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")


@pytest.mark.parametrize(("body", "missing"), [
    ("exit 0", True),                                  # no default: say so
    ("echo thunderbird.desktop", False),                # a mail program
    ("echo oops >&2; exit 5", False),                  # cannot tell: Qt decides
    ('[ "$3" = x-scheme-handler/mailto ] && echo mutt.desktop', False),
])
def test_what_xdg_mime_says(tmp_path, monkeypatch, body, missing):
    _xdg_mime(tmp_path, monkeypatch, body)
    assert handler_missing("mailto") is missing


def test_without_xdg_mime_it_cannot_tell(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert handler_missing("mailto") is False


def test_a_hanging_xdg_mime_is_given_up_on(tmp_path, monkeypatch):
    _xdg_mime(tmp_path, monkeypatch, "sleep 10")
    assert handler_missing("mailto") is False
