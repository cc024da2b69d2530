"""vCard 2.1 / 3.0 / 4.0 import that reads every good card and names every bad one.

How the work is split, and why:

* The file is cut into cards and each card into logical lines in ``vcard_split``, one
  card at a time and straight from the file's bytes, so memory stays near the file's size
  whatever its shape (a million tiny lines, a million empty cards), one broken or
  truncated card costs only itself, and every problem can name its card and line.
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
from collections.abc import Callable

from relmanager.domain import limits
from relmanager.interchange.records import (
    MAX_PROBLEMS,
    ParsedContact,
    ParseProblem,
    ParseResult,
    Problems,
    too_many_contacts,
)
from relmanager.interchange.textio import (
    FormatError,
    decode_bytes,
    display_name,
    looks_binary,
    read_input,
    wide_encoding,
)
from relmanager.interchange.vcard_card import CardReader, HeadCache, clip
from relmanager.interchange.vcard_keep import kept_card
from relmanager.interchange.vcard_split import (
    BadLines,
    CardSpans,
    Span,
    card_lines,
    logical_lines,
    without_bom,
)

__all__ = ["parse_vcard", "parse_vcard_bytes"]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_REPORT_EVERY = 200
_HEAD = 32 * 1024  # bytes decoded to tell text from binary


def _fatal(message: str, name: str) -> ParseResult:
    return ParseResult([], [ParseProblem(name, message)], "vcard", fatal=True)


def parse_vcard(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a vCard file; never raises. Problems name the card and line.

    ``progress(done, total)`` is called every few hundred cards and at the end, in
    bytes of the file; ``cancelled()`` is polled as often and stops the parse early when
    it returns True.
    """
    name = display_name(path)
    try:
        data = read_input(path)
    except FormatError as exc:
        return _fatal(exc.message, name)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(f"'{name}' could not be read: {type(exc).__name__}: {exc}", name)
    return parse_vcard_bytes(data, name, progress, cancelled)


def parse_vcard_bytes(
    data: bytes,
    name: str = "<data>",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse vCard content already in memory (see :func:`parse_vcard`)."""
    try:
        return _parse(data, name, progress, cancelled)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(f"'{name}' could not be read: {type(exc).__name__}: {exc}", name)


def _utf8(data: bytes) -> tuple[bytes, list[int]]:
    """The bytes to cut into cards: UTF-16 and UTF-32 files (BOM or sniffed) decoded and
    written again as UTF-8, with the lines their decoding had to patch; any other file
    as it is (its cards are decoded one by one)."""
    if wide_encoding(data) is None:
        return data, []
    decoded = decode_bytes(data)
    return decoded.text.encode("utf-8", "replace"), decoded.bad_lines


def _parse(
    data: bytes, name: str, progress: Progress | None, cancelled: Cancelled | None
) -> ParseResult:
    data, wide_bad = _utf8(data)
    data = without_bom(data)
    if not data or data.isspace():
        return _fatal(f"'{name}' is empty.", name)
    if looks_binary(decode_bytes(data[:_HEAD]).text):
        return _fatal(f"'{name}' is not a vCard file: it contains binary data.", name)
    spans = CardSpans(data)
    bad = BadLines(wide_bad[:BadLines.limit])
    problems = Problems()
    result = ParseResult([], problems, "vcard")
    heads: HeadCache = {}
    total = len(data)
    cards = iter(spans)
    read = 0
    for span in cards:
        if read % _REPORT_EVERY == 0 and read:
            if progress is not None:
                progress(span.start, total)
            if cancelled is not None and cancelled():
                result.cancelled = True
                return _finish(result, spans, bad, name)
        read += 1
        if span.broken:
            problems.append(
                ParseProblem(f"card {span.number} (line {span.line})",
                             f"{span.broken}; card skipped"))
            continue
        reader = CardReader(span.number, span.line, problems, heads)
        try:
            reader.read(logical_lines(card_lines(data, span, bad), span.line + 1))
            contact = reader.finish()
        except Exception as exc:  # one bad card must not cost the others
            problems.append(
                ParseProblem(
                    reader.ref,
                    f"could not be read ({type(exc).__name__}: {clip(str(exc))}); skipped",
                )
            )
            continue
        if reader.group_card:
            result.groups += 1
        elif contact is not None:
            if reader.foreign:
                _keep(contact, data, span, problems, reader.ref)
            result.contacts.append(contact)
            if len(result.contacts) >= limits.MAX_CONTACTS_PER_FILE \
                    and next(cards, None) is not None:
                problems.append(ParseProblem(name, too_many_contacts()))
                break
    if read == 0 and not result.cancelled:
        return _fatal(f"'{name}' contains no vCard (no BEGIN:VCARD line).", name)
    if progress is not None:
        progress(total, total)
    return _finish(result, spans, bad, name)


def _keep(contact: ParsedContact, data: bytes, span: Span, problems: Problems,
          ref: str) -> None:
    """Keep the card's text with its contact (vcard_keep), or say why it is not kept."""
    end = data.find(b"\n", span.start - 1 if span.start else 0)
    ending = "\r\n" if end > 0 and data[end - 1:end] == b"\r" else "\n"
    contact.card, refused = kept_card(data[span.start:span.end], ending)
    if refused:
        problems.append(ParseProblem(ref, refused))


def _finish(result: ParseResult, spans: CardSpans, bad: BadLines, name: str) -> ParseResult:
    """Put the problems with the file as a whole (undecodable lines, lines outside any
    card) before those of its cards, as the user reads them; the count of problems left
    unlisted last."""
    problems = result.problems
    assert isinstance(problems, Problems)
    first = [ParseProblem(f"line {number}",
                          "bytes that are neither UTF-8 nor Windows-1252 were replaced by "
                          "'\ufffd'") for number in sorted(bad)]
    if spans.stray:
        first.append(ParseProblem(
            f"line {spans.first_stray}",
            f"{spans.stray} line(s) outside any BEGIN:VCARD … END:VCARD were ignored"))
    if first:
        problems[:0] = first
        while len(problems) > MAX_PROBLEMS:
            problems.pop()
            problems.dropped += 1
    problems.finish(name)
    return result
