"""Cutting a vCard file into cards, and a card into logical lines, one card at a time.

The file stays the bytes it was read as (or, for UTF-16/32, those re-encoded as UTF-8);
nothing holds a list of its lines or its cards. A list of lines cost about 60 bytes a
line over the text, so a 60 MB file of four-byte lines took 2.8 GB, against the issue 19
bound of three times the file plus 150 MB; a list of cards did the same for a file of
many empty cards. Instead:

* ``BEGIN:VCARD`` and ``END:VCARD`` lines are found by a regular expression over the
  bytes (in C, without visiting the lines between them), and :class:`CardSpans` hands
  out one card's place at a time; line numbers are counted from newlines as it goes.
* A card is decoded only when it is read, and alone: UTF-8, with the per-line
  Windows-1252 fallback of :func:`relmanager.interchange.textio.decode_bytes`. A card of
  a few MB or less is decoded and split in one go (the common case, and the fast one);
  a larger card line by line, so that a 60 MB card of tiny lines never becomes a list,
  and one emoji in it does not make the whole card four bytes a character.
* Folded lines, quoted-printable soft line breaks and unindented 2.1 base64 blocks are
  joined into logical lines (the rules of ``vobject.base.getLogicalLines``), reading the
  physical lines as they come.

vobject's own reader (``readComponents``) streams too, but builds a ``ContentLine``
object for every line (see ``vcard_in`` for why it is not used at all).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from relmanager.interchange.vcard_card import LONGEST_LINE

__all__ = ["BadLines", "CardSpans", "Span", "card_lines", "logical_lines"]

#: A card up to this size is decoded and split into a list of lines at once (some 60
#: bytes a line: 60 MB for four-byte lines); a larger one is read a block of this size
#: at a time. Big enough that a card of 100,000 e-mail addresses is still one block, and
#: read as fast as any.
SMALL_CARD = 4 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
#: What ``str.strip`` would remove around a mark, in ASCII: the old reader compared
#: ``line.strip().upper()`` (a mark never starts with blanks: that would be a fold).
_BLANKS = rb"[ \t\r\x0b\x0c\x1c-\x1f]"
_MARK = re.compile(rb"^(?:(B)EGIN|END):VCARD" + _BLANKS + rb"*$", re.M | re.I)
#: A line with something on it other than blanks: a stray line between cards.
_FILLED = re.compile(rb"^" + _BLANKS + rb"*[^\s\x1c-\x1f]", re.M)
_B64_LINE = re.compile(r"^[A-Za-z0-9+/=]+$")


@dataclass
class Span:
    """One card's place in the file."""

    number: int
    line: int  # of the BEGIN:VCARD line, 1-based
    start: int  # offset of the line after BEGIN:VCARD
    end: int  # offset of the END:VCARD line, or where the card was cut off
    broken: str = ""  # why the card has no END:VCARD


def without_bom(data: bytes) -> bytes:
    """``data`` without leading UTF-8 byte order marks, and with lone-CR line ends (old
    Mac files) made LF, so that the rest has one kind of line end to look for. Copies
    only in those two rare cases."""
    start = 0
    while data.startswith(_BOM, start):
        start += len(_BOM)
    if start:
        data = data[start:]
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    return data


class CardSpans:
    """The cards of ``data`` in order, one at a time; counts the lines outside any card
    (``stray``, the first at line ``first_stray``) as it passes them. A 2.1 ``AGENT``
    property may embed a whole card: that one stays inside its card."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.stray = 0
        self.first_stray = 0
        self._counted = 0  # the offset up to which newlines were counted,
        self._line = 1  # and the line number there

    def line_at(self, offset: int) -> int:
        """The line number at ``offset`` (never before the last one asked for)."""
        self._line += self.data.count(b"\n", self._counted, offset)
        self._counted = offset
        return self._line

    def _strays(self, start: int, end: int) -> None:
        if start >= end:
            return
        for match in _FILLED.finditer(self.data, start, end):
            if not self.stray:
                self.first_stray = self.line_at(match.start())
            self.stray += 1

    def __iter__(self) -> Iterator[Span]:
        data = self.data
        begin = -1  # offset of the open card's first line, -1 outside a card
        line = 0
        nested = 0
        after = 0  # the first offset not yet looked at
        number = 0
        for mark in _MARK.finditer(data):
            at = mark.start()
            if begin < 0:
                self._strays(after, at)
            after = mark.end() + 1
            if mark.group(1) is not None:  # BEGIN:VCARD
                if begin < 0:
                    begin, line = after, self.line_at(at)
                elif _agent_before(data, begin, at):
                    nested += 1  # a 2.1 AGENT property embeds a whole card: skip it
                else:
                    number += 1
                    yield Span(number, line, begin, at, "no END:VCARD before the next card")
                    begin, line = after, self.line_at(at)
            elif nested:
                nested -= 1
            elif begin >= 0:
                number += 1
                yield Span(number, line, begin, at)
                begin = -1
        if begin >= 0:
            number += 1
            yield Span(number, line, begin, len(data),
                       "the file ends before END:VCARD (truncated?)")
        else:
            self._strays(after, len(data))


def _agent_before(data: bytes, begin: int, at: int) -> bool:
    """Whether the last property line before offset ``at`` (a BEGIN:VCARD line inside
    a card) is an AGENT: the only property that may hold a whole card."""
    end = at - 1
    while end > begin:
        start = data.rfind(b"\n", begin, end) + 1 or begin
        line = data[start:end]
        if line[:1] not in (b" ", b"\t") and line.strip():
            return line.split(b":", 1)[0].split(b";", 1)[0].strip().upper() == b"AGENT"
        end = start - 1
    return False


class BadLines(list[int]):
    """Line numbers whose bytes were neither UTF-8 nor Windows-1252 (the first
    ``limit``; the problems list names these, the rest are not listed)."""

    limit = 20

    def add(self, number: int) -> None:
        if len(self) < self.limit:
            self.append(number)


def _decode_line(raw: bytes | memoryview, number: int, bad: BadLines) -> str:
    try:
        return str(raw, "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return str(raw, "cp1252")
    except UnicodeDecodeError:
        bad.add(number)
        return str(raw, "cp1252", "replace")


def card_lines(data: bytes, span: Span, bad: BadLines) -> Iterable[str]:
    """The physical lines of a card (without BEGIN and END:VCARD), decoded; a list for a
    card of up to :data:`SMALL_CARD` bytes, read a block of lines at a time above that."""
    end = span.end - 1 if span.end > span.start else span.start  # not END's line break
    if end - span.start > SMALL_CARD:
        return _blocks(data, span.start, end, span.line + 1, bad)
    return _decoded_lines(data[span.start:end], span.line + 1, bad)


def _decoded_lines(chunk: bytes | memoryview, number: int, bad: BadLines) -> list[str]:
    """``chunk`` (whole lines) decoded and split as ``decode_bytes`` and ``split_lines``
    would, the line numbers starting at ``number``."""
    try:
        text = str(chunk, "utf-8")
    except UnicodeDecodeError:
        text = "\n".join(_decode_line(raw, line, bad)
                         for line, raw in enumerate(bytes(chunk).split(b"\n"), number))
    if not text:
        return []
    if text.count("\n") == text.count("\r\n"):  # CRLF throughout: split in C
        lines = text.split("\r\n")
        if lines[-1].endswith("\r"):
            lines[-1] = lines[-1][:-1]
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _blocks(data: bytes, start: int, end: int, number: int,
            bad: BadLines) -> Iterator[str]:
    """The lines from ``start`` to ``end``, decoded :data:`SMALL_CARD` bytes at a time
    (cut at line ends), so a giant card is never a list of all its lines."""
    view = memoryview(data)  # a block decoded from a view is not copied first
    while True:
        stop = data.rfind(b"\n", start, min(start + SMALL_CARD, end)) \
            if start + SMALL_CARD < end else -1
        if stop <= start:  # the rest, or one line longer than a block
            stop = data.find(b"\n", start + 1, end) if start + SMALL_CARD < end else -1
            if stop < 0:
                stop = end
        lines = _decoded_lines(view[start:stop], number, bad)
        yield from lines or [""]
        if stop >= end:
            return
        number += len(lines) or 1
        del lines  # before the next block is read: one block's lines at a time
        start = stop + 1


def logical_lines(lines: Iterable[str], first: int) -> Iterable[tuple[int, str]]:
    """A card's logical lines as (line no, text): continuation lines joined. ``first``
    is the number of the first physical line."""
    if isinstance(lines, list) and not any(
            line[:1] in (" ", "\t") or line[-1:] == "=" or ":" not in line for line in lines):
        # No line that could continue another (folded, after a quoted-printable soft
        # break, bare base64): every non-blank line stands alone. Most cards are like
        # this, and this costs a fifth of the joining loop below.
        return ((number, line) for number, line in enumerate(lines, first) if line.strip())
    return _joined_lines(lines, first)


def _joined_lines(lines: Iterable[str], first_number: int) -> Iterator[tuple[int, str]]:
    """Join folded, quoted-printable and bare-base64 continuation lines; yield (line no,
    text). Past :data:`LONGEST_LINE`, continuations are dropped unread."""
    parts: list[str] = []
    first = 0
    length = 0  # of the parts so far
    qp = b64 = False
    for number, line in enumerate(lines, first_number):
        if parts:
            if qp and parts[-1].endswith("="):
                if length <= LONGEST_LINE:
                    parts.append("\n")
                    parts.append(line)
                    length += len(line) + 1
                continue
            if line[:1] in (" ", "\t"):
                if length <= LONGEST_LINE:
                    parts.append(line[1:])
                    length += len(line)
                continue
            if b64 and ":" not in line and _B64_LINE.match(line):
                if length <= LONGEST_LINE:
                    parts.append(line)
                    length += len(line)
                continue
            yield first, "".join(parts)
            parts = []
        if not line.strip():
            continue
        parts = [line]
        length = len(line)
        first = number
        colon = line.find(":")
        if line.find(";", 0, colon) >= 0:
            head = line[:colon].upper()
            qp = "QUOTED-PRINTABLE" in head
            b64 = "BASE64" in head or "ENCODING=B" in head
        else:
            qp = b64 = False
    if parts:
        yield first, "".join(parts)
