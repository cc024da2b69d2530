"""Why a capture source cannot be read, as one plain sentence naming the file once (review
18, item 9). The readers' libraries say what went wrong in their own words (a Python
byte string, the parser's internals); a user is told what the file is not and where, and
never sees raw bytes, reprs or the same path twice.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

#: A content line of iCalendar (RFC 5545 3.1): NAME[;PARAM...]:VALUE.
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


def plain(text: str, limit: int = 80) -> str:
    """Text from a file, made safe to show: printable characters only, one line."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())[:limit]


def kind_problem(path: Path, *, folder_ok: bool) -> str | None:
    """What is wrong with ``path`` as a source before it is opened (a missing file, a
    folder where a file is wanted, a named pipe or a device, which a read would block on
    or stream from forever), or None for a regular file (or a folder when that is ok)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"{path} does not exist (no such file or folder)"
    except OSError as error:
        return f"{path} cannot be read ({(error.strerror or 'an error').lower()})"
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return None
    if stat.S_ISDIR(mode):
        return f"{path} is a folder, not a calendar file"
    what = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "special")
    return f"{path} is not a file or folder (it is {what})"


def os_problem(path: str | os.PathLike[str], error: OSError) -> str:
    """An OSError as a sentence: the path once, the system's reason in words."""
    return f"{path} cannot be read ({(error.strerror or 'an error').lower()})"


def why_not_calendar(data: bytes) -> str:
    """Why ``data`` is not iCalendar, in words: binary data, the missing BEGIN line, or
    the first line that is not a content line (its number, never its bytes)."""
    if b"\x00" in data[:65536]:
        return "it holds binary data"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((line for line in lines if line.strip()), "")
    if first.strip().upper() != "BEGIN:VCALENDAR":
        return "it does not begin with BEGIN:VCALENDAR"
    for number, line in enumerate(lines, 1):
        if not line.strip() or line[:1] in (" ", "\t"):
            continue
        if not _CONTENT_LINE.match(line):
            return f"line {number} cannot be read"
    return "its contents cannot be read as iCalendar"
