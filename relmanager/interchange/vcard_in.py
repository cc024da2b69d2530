"""vCard 2.1 / 3.0 / 4.0 import that reads every good card and names every bad one.

How the work is split, and why:

* The file is decoded and cut into cards here (BEGIN:VCARD .. END:VCARD), so one broken or
  truncated card costs only itself, and every problem can name its card and line.
* Folded lines, quoted-printable soft line breaks and unindented 2.1 base64 blocks are
  joined into logical lines here too (the same rules as ``vobject.base.getLogicalLines``).
* Each logical line is then parsed by vobject's content-line grammar
  (``vobject.base.parseLine``: group, name, parameters, value) in ``vcard_card``, once
  per distinct line head in the file: the heads repeat from card to card.
* vobject's component and behaviour layer (``readComponents``) is not used: it managed
  about 2,000 cards/s on this machine, most of it in ``ContentLine`` construction, against
  the 5,000 cards/s target, and its text decoding truncates unescaped commas (see
  ``vcard_values``).
* ``parseLine``'s regular expression backtracks exponentially on some malformed lines (a
  short parameter list without a colon takes minutes), so ``vcard_card`` first checks a
  line with a possessive, linear-time regex of the same grammar.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from relmanager.domain import limits
from relmanager.interchange.records import (
    ParseProblem,
    ParseResult,
    Problems,
    too_many_contacts,
)
from relmanager.interchange.textio import (
    DecodedText,
    FormatError,
    decode_bytes,
    display_name,
    looks_binary,
    read_input,
    split_lines,
)
from relmanager.interchange.vcard_card import LONGEST_LINE, CardReader, HeadCache, clip

__all__ = ["parse_vcard", "parse_vcard_bytes"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_B64_LINE = re.compile(r"^[A-Za-z0-9+/=]+$")
_REPORT_EVERY = 200
_MARKS = ("BEGIN:VCARD", "END:VCARD")
_MAX_LISTED_LINES = 20


@dataclass
class _Span:
    number: int
    begin: int  # index of the BEGIN:VCARD line
    end: int  # index of END:VCARD, or where the card was cut off
    broken: str = ""  # why the card has no END:VCARD


def _split_cards(lines: list[str]) -> tuple[list[_Span], int, int]:
    """Find the cards; return them, the number of stray lines and the first stray line."""
    spans: list[_Span] = []
    begin = -1
    nested = 0
    stray = 0
    first_stray = 0
    # Only BEGIN and END lines change the state, so one quick pass finds them and the
    # loop below visits those (and the lines between cards, for strays) only.
    marks = [idx for idx, line in enumerate(lines)
             if line[:1] in ("B", "b", "E", "e") and line.strip().upper() in _MARKS]
    after = 0  # the first line not yet looked at
    for idx in marks:
        if begin < 0:
            for gap in range(after, idx):
                if lines[gap].strip():
                    stray += 1
                    first_stray = first_stray or gap + 1
        after = idx + 1
        if lines[idx].strip().upper() == "BEGIN:VCARD":
            if begin < 0:
                begin = idx
            elif _agent_before(lines, begin, idx):
                nested += 1  # a 2.1 AGENT property embeds a whole card: skip it
            else:
                spans.append(_Span(0, begin, idx, "no END:VCARD before the next card"))
                begin = idx
        elif nested:
            nested -= 1
        elif begin >= 0:
            spans.append(_Span(0, begin, idx))
            begin = -1
    if begin >= 0:
        spans.append(_Span(0, begin, len(lines), "the file ends before END:VCARD (truncated?)"))
    else:
        for gap in range(after, len(lines)):
            if lines[gap].strip():
                stray += 1
                first_stray = first_stray or gap + 1
    for number, span in enumerate(spans, 1):
        span.number = number
    return spans, stray, first_stray


def _agent_before(lines: list[str], begin: int, idx: int) -> bool:
    for back in range(idx - 1, begin, -1):
        line = lines[back]
        if line[:1] not in (" ", "\t") and line.strip():
            return line.split(":", 1)[0].split(";", 1)[0].strip().upper() == "AGENT"
    return False


def _logical_lines(lines: list[str], start: int, end: int) -> Iterable[tuple[int, str]]:
    """The card's logical lines as (line no, text): continuation lines joined."""
    card = lines[start:end]
    if any(line[:1] in (" ", "\t") or line[-1:] == "=" or ":" not in line for line in card):
        return _joined_lines(lines, start, end)
    # No line that could continue another (folded, after a quoted-printable soft break,
    # bare base64): every non-blank line stands alone. Most cards are like this, and
    # this costs a fifth of the joining loop below.
    return [(number, line) for number, line in enumerate(card, start + 1) if line.strip()]


def _joined_lines(lines: list[str], start: int, end: int) -> Iterator[tuple[int, str]]:
    """Join folded, quoted-printable and bare-base64 continuation lines; yield (line no, text)."""
    parts: list[str] = []
    first = 0
    length = 0  # of the parts so far: past LONGEST_LINE, continuations are dropped
    qp = b64 = False
    for idx in range(start, end):
        line = lines[idx]
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
        first = idx + 1
        colon = line.find(":")
        if line.find(";", 0, colon) >= 0:
            head = line[:colon].upper()
            qp = "QUOTED-PRINTABLE" in head
            b64 = "BASE64" in head or "ENCODING=B" in head
        else:
            qp = b64 = False
    if parts:
        yield first, "".join(parts)


def _fatal(message: str, name: str) -> ParseResult:
    return ParseResult([], [ParseProblem(name, message)], "vcard", fatal=True)


def parse_vcard(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a vCard file; never raises. Problems name the card and line.

    ``progress(done, total)`` is called every few hundred cards and at the end;
    ``cancelled()`` is polled as often and stops the parse early when it returns True.
    """
    name = display_name(path)
    try:
        decoded = decode_bytes(read_input(path))  # the bytes are let go once decoded
    except FormatError as exc:
        return _fatal(exc.message, name)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(f"'{name}' could not be read: {type(exc).__name__}: {exc}", name)
    return _parse_decoded(decoded, name, progress, cancelled)


def parse_vcard_bytes(
    data: bytes,
    name: str = "<data>",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse vCard content already in memory (see :func:`parse_vcard`)."""
    try:
        return _parse_decoded(decode_bytes(data), name, progress, cancelled)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(f"'{name}' could not be read: {type(exc).__name__}: {exc}", name)


def _parse_decoded(
    decoded: DecodedText, name: str, progress: Progress | None, cancelled: Cancelled | None
) -> ParseResult:
    try:
        return _parse(decoded, name, progress, cancelled)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(f"'{name}' could not be read: {type(exc).__name__}: {exc}", name)


def _parse(
    decoded: DecodedText, name: str, progress: Progress | None, cancelled: Cancelled | None
) -> ParseResult:
    if not decoded.text or decoded.text.isspace():  # strip() would copy a 50 MB file
        return _fatal(f"'{name}' is empty.", name)
    if looks_binary(decoded.text):
        return _fatal(f"'{name}' is not a vCard file: it contains binary data.", name)
    lines = split_lines(decoded.text)
    decoded.text = ""  # the lines hold it now: one copy of a 50 MB file, not two
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    spans, stray, first_stray = _split_cards(lines)
    if not spans:
        return _fatal(f"'{name}' contains no vCard (no BEGIN:VCARD line).", name)
    problems = Problems()
    for number in decoded.bad_lines[:_MAX_LISTED_LINES]:
        problems.append(
            ParseProblem(
                f"line {number}",
                "bytes that are neither UTF-8 nor Windows-1252 were replaced by '\ufffd'",
            )
        )
    if stray:
        problems.append(
            ParseProblem(
                f"line {first_stray}",
                f"{stray} line(s) outside any BEGIN:VCARD … END:VCARD were ignored",
            )
        )
    result = ParseResult([], problems, "vcard")
    heads: HeadCache = {}
    total = len(spans)
    for done, span in enumerate(spans):
        if done % _REPORT_EVERY == 0 and done:
            if progress is not None:
                progress(done, total)
            if cancelled is not None and cancelled():
                result.cancelled = True
                problems.finish(name)
                return result
        if span.broken:
            problems.append(
                ParseProblem(
                    f"card {span.number} (line {span.begin + 1})", f"{span.broken}; card skipped"
                )
            )
            continue
        reader = CardReader(span.number, span.begin + 1, problems, heads)
        try:
            reader.read(_logical_lines(lines, span.begin + 1, span.end))
            contact = reader.finish()
        except Exception as exc:  # one bad card must not cost the others
            problems.append(
                ParseProblem(
                    reader.ref,
                    f"could not be read ({type(exc).__name__}: {clip(str(exc))}); skipped",
                )
            )
            continue
        if contact is not None:
            result.contacts.append(contact)
            if len(result.contacts) >= limits.MAX_CONTACTS_PER_FILE and done + 1 < total:
                problems.append(ParseProblem(name, too_many_contacts()))
                break
    if progress is not None:
        progress(total, total)
    problems.finish(name)
    return result
