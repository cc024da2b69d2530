"""Reading the header fields of local mail: mbox files and Maildir folders (issue 24).

Only the header block of each message is read, and only From, To, Cc, Date, Message-ID,
In-Reply-To, List-Id and Precedence are kept: a body is skipped line by line and never
held, stored or parsed. Every line is read with a length limit and every header block
with a size limit, so a 10 MB header line or a file that is one endless line costs a
bounded amount of memory; such a message is reported by number and the rest are read.

mbox is read by a small streaming scanner rather than :class:`mailbox.mbox`, which opens
the user's mailbox for writing (``rb+``) and keeps a table of every message's offsets;
Maildir is read with :class:`mailbox.Maildir` (read-only, one file per message).
"""

from __future__ import annotations

import contextlib
import hashlib
import mailbox
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.parser import HeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from relmanager.domain.capture import MailHeaders, norm_address
from relmanager.domain.limits import MAX_NAME
from relmanager.interchange.source_words import kind_problem, os_problem

#: One header line longer than this is not mail a person wrote; the message is reported.
MAX_LINE = 64 * 1024
#: All the header lines of one message together.
MAX_HEADER_BLOCK = 256 * 1024

_ADDRESS_RE = re.compile(r"^[^\s@<>()\[\],;:\"\x00-\x1f\x7f]{1,64}@[^\s@<>()\[\],;:\"\x00-\x1f\x7f]"
                         r"{1,253}$")


class HeaderError(ValueError):
    """One message's header cannot be used; the message says why."""


class NotMboxError(HeaderError):
    """A file that is not an mbox (said by :func:`read_mail` with the file's name)."""


@dataclass
class MailScan:
    """What a mail source gave: usable headers and one line per message that was not."""

    source: str
    messages: list[MailHeaders] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seen: int = 0


def _address(text: str) -> str:
    address = norm_address(text)
    return address if _ADDRESS_RE.match(address) else ""


#: One plain address, bare or in angle brackets after a simple name: most headers. Those
#: skip the full RFC 5322 parser, which was most of the time of a 100,000-message capture.
_SIMPLE_RE = re.compile(r'^\s*(?:[^,"()<>;:\\]*<([^<>\s,]+)>|([^<>\s,"()]+))\s*$')
_NEEDS_PARSER = re.compile(r'["()\\;:]')
#: The only header fields capture reads (lower case); every other line is dropped unparsed.
WANTED = frozenset({b"from", b"to", b"cc", b"date", b"message-id", b"in-reply-to",
                    b"list-id", b"precedence"})


def _addresses(values: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    raws: list[str] = []
    for value in values:
        text = str(value)
        # A list of plain addresses ("a@x, Bo <b@y>") is split at its commas; anything
        # quoted, commented or grouped goes to the full parser.
        parts = text.split(",") if not _NEEDS_PARSER.search(text) else [text]
        simple = [_SIMPLE_RE.match(part) for part in parts]
        if all(simple):
            raws += [m.group(1) or m.group(2) for m in simple if m]
        else:
            raws += [raw for _name, raw in getaddresses([text])]
    for raw in raws:
        address = _address(raw)
        if address and address not in out:
            out.append(address)
    return tuple(out)


def _wanted_fields(block: bytes) -> bytes:
    """The header lines (with their folded continuations) of the fields capture reads:
    Received chains, DKIM signatures and the Subject are never parsed at all."""
    kept: list[bytes] = []
    keep = False
    for line in block.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if keep:
                kept.append(line)
            continue
        keep = line.split(b":", 1)[0].strip().lower() in WANTED
        if keep:
            kept.append(line)
    return b"".join(kept)


Fields = dict[str, list[str]]  # lower-case name -> values, in the block's order


def _quick_fields(block: bytes) -> Fields | None:
    """The wanted fields of a plain header block, as :func:`_parsed_fields` reads them,
    in one pass and without the email package's parser (two thirds of the header
    reading of a 100,000-message capture). ``None`` for anything not plain: a lone CR,
    a wanted name with spaces around it or without a colon; those go to the parser,
    so every block reads the same either way (tested block by block)."""
    if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
        return None
    fields: Fields = {}
    parts: list[bytes] = []
    key = ""
    for line in block.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if parts:
                parts.append(line)
            continue
        if parts:
            fields.setdefault(key, []).append(_unfolded(parts))
            parts = []
        name, colon, _rest = line.partition(b":")
        lower = name.strip().lower()
        if lower not in WANTED:
            continue
        if not colon or lower != name.lower():
            return None
        key = lower.decode("ascii")
        parts = [line[len(name) + 1:]]
    if parts:
        fields.setdefault(key, []).append(_unfolded(parts))
    return fields


def _unfolded(parts: list[bytes]) -> str:
    """compat32's value of one field: the first line's text after the colon without its
    leading blanks, then the continuation lines as they are, the last line end cut."""
    value = b"".join(parts).decode("utf-8", "replace")
    return value.lstrip(" \t").rstrip("\r\n")


def _parsed_fields(block: bytes) -> Fields:
    """The wanted fields as the email package's header parser reads them (compat32)."""
    text = _wanted_fields(block).decode("utf-8", "replace")
    msg = HeaderParser(policy=compat32).parsestr(text, headersonly=True)
    fields: Fields = {}
    for name, value in msg.items():
        fields.setdefault(name.lower(), []).append(str(value))
    return fields


def _message_id(value: str | None) -> str:
    text = " ".join(str(value or "").split())
    match = re.search(r"<[^<>\s]{1,900}>", text)
    if match:
        return match.group(0)
    return f"<{text[:900]}>" if text and " " not in text else ""


#: "Ann O'Neil <ann@x.org>": a name of words alone before one address in angle brackets,
#: read without the full RFC 5322 parser (``getaddresses`` was a third of the header
#: parsing of a large capture, for a name this regular expression reads the same).
_NAMED_RE = re.compile(r"^\s*([\w .'\-=?]*?)\s*<([^<>\s,\"()\[\]]+)>\s*$")


def _display_name(values: list[str]) -> str:
    """The first From's display name, decoded (RFC 2047) and made one line; ""
    when there is none or it is only the address again. Whitespace and control
    characters become one space (a contact's name holds none: ``clean_name``), so
    "山田<U+3000>太郎" and "Jean<NBSP>Dupont" keep two words; format characters (a
    Persian name's ZWNJ, bidi marks and overrides) are kept as they came, as an import
    keeps them, for the display rule to show (``domain.text.visible``). It dropped every
    non-printable character, so those names ran together and lost their joiners."""
    if not values:
        return ""
    text = str(values[0])
    named = _NAMED_RE.match(text)
    found = [named.groups()] if named else getaddresses([text])
    if not found:  # "From:" with nothing after it: no name (it raised IndexError)
        return ""
    name, raw = found[0]
    if "=?" in name:  # encoded words; anything else decodes to itself
        with contextlib.suppress(ValueError, LookupError, UnicodeError):
            name = str(make_header(decode_header(name)))
    name = " ".join("".join(ch if ch.isprintable() or unicodedata.category(ch) == "Cf"
                            else " " for ch in name).split()).strip("'\" ")
    if not name or ("@" in name and norm_address(name) == norm_address(raw)):
        return ""
    return name[:MAX_NAME]


#: "Thu, 05 Dec 2026 12:00:00 +0000", what every current client writes.
_PLAIN_DATE = re.compile(r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
                         r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) "
                         r"(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def _date(text: str) -> datetime:
    """``email.utils.parsedate_to_datetime`` with the plain form read by one regular
    expression (the library's tokenising was a tenth of the header reading); any other
    form, and "-0000" (no known zone: a naive result), goes to the library. Raises what
    it raises (tested against it)."""
    plain = _PLAIN_DATE.fullmatch(text)
    if plain is None or plain.group(7, 8, 9) == ("-", "00", "00"):
        return parsedate_to_datetime(text)
    day, month, year, hour, minute, second, sign, zone_h, zone_m = plain.groups()
    offset = int(zone_h) * 3600 + int(zone_m) * 60
    return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute),
                    int(second), tzinfo=timezone(timedelta(
                        seconds=-offset if sign == "-" else offset)))


def parse_headers(block: bytes) -> MailHeaders:
    """The capture fields of one header block. 8-bit bytes are read as UTF-8 (what
    every current client sends) with anything else replaced, never raised on."""
    fields = _quick_fields(block)
    if fields is None:
        fields = _parsed_fields(block)

    def first(name: str) -> str | None:
        values = fields.get(name)
        return values[0] if values else None

    froms = _addresses(fields.get("from", []))
    raw_date = first("date")
    try:
        date = _date(str(raw_date)) if raw_date else None
    except (TypeError, ValueError, IndexError, OverflowError):
        date = None
    if date is None:
        raise HeaderError("no readable Date header")
    if date.tzinfo is not None:
        date = date.astimezone().replace(tzinfo=None)
    recipients = _addresses([*fields.get("to", []), *fields.get("cc", [])])
    message_id = _message_id(first("message-id"))
    if not message_id:
        # A stable stand-in, so a re-run still recognises the message.
        digest = hashlib.sha256("\n".join(
            [*froms, *recipients, str(raw_date)]).encode("utf-8", "replace")).hexdigest()
        message_id = f"<sha256-{digest[:40]}@relmanager.invalid>"
    return MailHeaders(
        message_id=message_id, sender=froms[0] if froms else "", recipients=recipients,
        date=date, in_reply_to=_message_id(first("in-reply-to")),
        list_id=" ".join(str(first("list-id") or "").split())[:200],
        precedence=" ".join(str(first("precedence") or "").split())[:40],
        sender_name=_display_name(fields.get("from", [])))


def _read_line(fp: BinaryIO) -> tuple[bytes, bool]:
    """One line, at most MAX_LINE bytes kept; the flag says it was longer (the rest of
    it is read and dropped, in MAX_LINE pieces)."""
    line = fp.readline(MAX_LINE + 1)
    if len(line) <= MAX_LINE or line.endswith(b"\n"):
        return line, False
    while True:
        rest = fp.readline(MAX_LINE)
        if not rest or rest.endswith(b"\n"):
            return line[:MAX_LINE], True


def _header_block(fp: BinaryIO, first: bytes = b"") -> tuple[bytes, str | None, bool]:
    """Header lines up to the blank line: (block, problem or None, ended by a blank
    line). Reads no further than the blank line, so the body is not touched."""
    parts: list[bytes] = [first] if first else []
    size = len(first)
    problem = None
    while True:
        line, too_long = _read_line(fp)
        if not line:
            return b"".join(parts), problem or "the header is cut short (end of file)", False
        if line in (b"\n", b"\r\n"):
            return b"".join(parts), problem, True
        if too_long:
            problem = problem or f"a header line is longer than {MAX_LINE // 1024} KB"
            continue
        size += len(line)
        if size > MAX_HEADER_BLOCK:
            problem = problem or f"the header is larger than {MAX_HEADER_BLOCK // 1024} KB"
            continue
        parts.append(line)


def _take(scan: MailScan, number: int, where: str, block: bytes, problem: str | None) -> None:
    scan.seen += 1
    if problem is None:
        try:
            scan.messages.append(parse_headers(block))
            return
        except HeaderError as error:
            problem = str(error)
    scan.problems.append(f"message {number} ({where}): {problem}; left out")


Progress = Callable[[int, int], None]


def _mbox_blocks(fp: BinaryIO) -> Iterator[tuple[int, int, bytes, str | None]]:
    """(number, offset, header block, problem) per message of an mbox stream."""
    number = 0
    line, too_long = _read_line(fp)
    if not line.startswith(b"From "):
        raise NotMboxError("not an mbox file (it does not start with a \"From \" line)")
    while line:
        number += 1
        offset = fp.tell() - len(line)
        block, problem, ended = _header_block(fp)
        yield number, offset, block, problem
        line = b""
        while ended:
            line, too_long = _read_line(fp)
            if not line or (line.startswith(b"From ") and not too_long):
                break


def read_mbox(path: Path, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> MailScan:
    scan = MailScan(str(path))
    total = path.stat().st_size
    with path.open("rb") as fp:
        for number, offset, block, problem in _mbox_blocks(fp):
            _take(scan, number, f"byte {offset}", block, problem)
            if progress and number % 500 == 0:
                progress(fp.tell(), total)
            if cancelled and cancelled():
                scan.problems.append("cancelled: the rest of the file was not read")
                break
    return scan


def read_maildir(path: Path, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> MailScan:
    scan = MailScan(str(path))
    box = mailbox.Maildir(str(path), factory=None, create=False)
    keys = sorted(box.iterkeys())
    for number, key in enumerate(keys, 1):
        try:
            with box.get_file(key) as fp:
                block, problem, _ended = _header_block(fp)  # type: ignore[arg-type]
        except OSError as error:
            block, problem = b"", f"cannot be read ({error.strerror or error})"
        _take(scan, number, f"file {key}", block, problem)
        if progress and number % 500 == 0:
            progress(number, len(keys))
        if cancelled and cancelled():
            scan.problems.append("cancelled: the rest of the folder was not read")
            break
    return scan


def read_mail(path: str | os.PathLike[str], progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None) -> MailScan:
    """Headers of every message in ``path``: an mbox file (Thunderbird, mutt, Evolution's
    local folders), a Maildir folder (cur/new/tmp), or an Apple Mail export (a ``.mbox``
    folder holding a file named ``mbox``). Raises HeaderError for a path that is none."""
    source = Path(path)
    problem = kind_problem(source, folder_ok=True)
    if problem:
        raise HeaderError(problem)
    try:
        if source.is_dir():
            if all((source / sub).is_dir() for sub in ("cur", "new")):
                return read_maildir(source, progress, cancelled)
            if (source / "mbox").is_file():
                return _mbox_named(source, source / "mbox", progress, cancelled)
            raise HeaderError(f"{source} is a folder but not a Maildir (no cur/ and new/) "
                              "nor an Apple Mail export (no mbox file inside)")
        return _mbox_named(source, source, progress, cancelled)
    except OSError as error:
        raise HeaderError(os_problem(source, error)) from None


def _mbox_named(source: Path, path: Path, progress: Progress | None,
                cancelled: Callable[[], bool] | None) -> MailScan:
    """An mbox file read, a file that is none said with the source's name."""
    try:
        return read_mbox(path, progress, cancelled)
    except NotMboxError:
        raise HeaderError(f"{source} is not an mbox file (it does not start with a "
                          "\"From \" line)") from None


__all__ = ["HeaderError", "MailScan", "parse_headers", "read_mail"]
