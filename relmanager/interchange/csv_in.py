"""LinkedIn, Google Contacts and Outlook CSV import.

All three are read the same way: decode (BOM, UTF-16, UTF-8, cp1252 line by line), find
the header line (LinkedIn puts a few "Notes:" lines before it), then map columns *by
name*, never by position, because every one of these exports has changed its column order
and set over the years. The per-layout knowledge lives in ``csv_layouts``.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections.abc import Callable, Iterator

from relmanager.domain import limits
from relmanager.interchange.csv_layouts import MAPPERS, Row, finish_contact
from relmanager.interchange.detect import find_header
from relmanager.interchange.records import (
    ParseProblem,
    ParseResult,
    Problems,
    too_many_contacts,
)
from relmanager.interchange.textio import (
    DecodedText,
    FormatError,
    LineCursor,
    decode_bytes,
    display_name,
    looks_binary,
    read_input,
)

__all__ = [
    "CSV_FORMATS",
    "parse_csv",
    "parse_csv_bytes",
    "parse_google",
    "parse_linkedin",
    "parse_outlook",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

CSV_FORMATS: tuple[str, ...] = ("linkedin", "google", "outlook", "spreadsheet")
_HEADER_SEARCH_LINES = 100
_REPORT_EVERY = 500
_MAX_LISTED_LINES = 20
_LAYOUT_NAMES = {"linkedin": "LinkedIn", "google": "Google Contacts", "outlook": "Outlook",
                 "spreadsheet": "spreadsheet"}


def _fatal(message: str, name: str, fmt: str) -> ParseResult:
    return ParseResult([], [ParseProblem(name, message)], fmt, fatal=True)


def parse_csv(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a LinkedIn, Google, Outlook or plain spreadsheet CSV (``fmt`` None: from its
    header); never raises.

    ``progress(done, total)`` and ``cancelled()`` work as in ``parse_vcard``.
    """
    name = display_name(path)
    try:
        decoded = decode_bytes(read_input(path))  # the bytes are let go once decoded
    except FormatError as exc:
        return _fatal(exc.message, name, fmt or "csv")
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(
            f"'{name}' could not be read: {type(exc).__name__}: {exc}", name, fmt or "csv"
        )
    return _parse_decoded(decoded, name, fmt, progress, cancelled)


def parse_linkedin(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse LinkedIn's ``Connections.csv``."""
    return parse_csv(path, "linkedin", progress, cancelled)


def parse_google(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a Google Contacts CSV export (current or older layout)."""
    return parse_csv(path, "google", progress, cancelled)


def parse_outlook(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse an Outlook (desktop or Outlook.com) contacts CSV export."""
    return parse_csv(path, "outlook", progress, cancelled)


def parse_csv_bytes(
    data: bytes,
    name: str = "<data>",
    fmt: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse CSV content already in memory (see :func:`parse_csv`)."""
    return _parse_decoded(decode_bytes(data), name, fmt, progress, cancelled)


def _parse_decoded(
    decoded: DecodedText,
    name: str,
    fmt: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParseResult:
    try:
        return _parse(decoded, name, fmt, progress, cancelled)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(
            f"'{name}' could not be read: {type(exc).__name__}: {exc}", name, fmt or "csv"
        )


def _read_rows(
    cursor: LineCursor, delimiter: str, problems: list[ParseProblem]
) -> Iterator[tuple[int, list[str]]]:
    """Yield the rows after the header as (physical line, cells), reporting broken rows.

    One row at a time, straight from the text: a list of lines, or every row's cells held
    before any is mapped, cost many times the file's size for a file of short lines."""
    first_line = cursor.lines + 1
    source = (line + "\n" for line in cursor)
    reader = csv.reader(source, delimiter=delimiter)
    last = last_offset = 0
    index = 0
    while True:
        start, offset = cursor.lines + 1, cursor.offset
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            message = f"unreadable ({exc}); skipped"
            if "field limit" in str(exc):
                _skip_quoted(cursor, offset)
                message = (f"a cell longer than {csv.field_size_limit():,} characters (the "
                           f"app keeps {limits.MAX_TEXT:,} of a text); row skipped")
            problems.append(ParseProblem(f"row {index} (line {start})", message))
            continue
        index += 1
        last, last_offset = start, offset
        yield start, cells
    if last and cursor.lines + 1 - last > 1 and last >= first_line:
        # The last row spans several lines: legitimate for a multi-line note, or a quote
        # that is never closed and swallowed the rest of the file. Only a strict re-read
        # of that row tells the two apart.
        tail = (line + "\n" for line in cursor.from_offset(last_offset))
        try:
            for _row in csv.reader(tail, delimiter=delimiter, strict=True):
                pass
        except csv.Error:
            problems.append(
                ParseProblem(
                    f"row {index} (line {last})",
                    "a quoted cell opened here is never closed; the rest of the file was read "
                    "into it",
                )
            )


def _skip_quoted(cursor: LineCursor, row_offset: int) -> None:
    """Move past the rest of a row whose quoted cell broke the field size limit: to the
    end of the line where its quotes balance. Without this, every line of a 20 MB note
    became a contact of its own (four million of them, 6 GB)."""
    quotes = cursor.text.count('"', row_offset, cursor.offset)
    while quotes % 2:
        try:
            line = next(cursor)
        except StopIteration:
            return
        quotes += line.count('"')


def _parse(
    decoded: DecodedText,
    name: str,
    fmt: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> ParseResult:
    label = fmt or "csv"
    if fmt is not None and fmt not in CSV_FORMATS:
        return _fatal(f"unknown CSV layout '{fmt}'", name, label)
    if not decoded.text or decoded.text.isspace():  # strip() would copy a 50 MB file
        return _fatal(f"'{name}' is empty.", name, label)
    if looks_binary(decoded.text):
        return _fatal(f"'{name}' is not a CSV file: it contains binary data.", name, label)
    cursor = LineCursor(decoded.text)
    head = list(itertools.islice(cursor, _HEADER_SEARCH_LINES))
    try:
        found = find_header(head, fmt, name)
    except FormatError as exc:
        return _fatal(exc.message, name, label)
    if found is None:
        wanted = _LAYOUT_NAMES.get(fmt or "", "LinkedIn, Google, Outlook or spreadsheet")
        return _fatal(
            f"'{name}' has no {wanted} contacts header line (such as "
            "'First Name,Last Name,...') in its first lines.",
            name,
            label,
        )
    header_idx, layout, delimiter = found
    problems = Problems()
    if fmt is not None and layout != fmt:
        problems.append(
            ParseProblem(
                name,
                f"the header looks like a {_LAYOUT_NAMES[layout]} "
                f"export; read as {_LAYOUT_NAMES[fmt]} as requested",
            )
        )
        layout = fmt
    for number in decoded.bad_lines[:_MAX_LISTED_LINES]:
        problems.append(
            ParseProblem(
                f"line {number}",
                "bytes that are neither UTF-8 nor Windows-1252 were replaced by '\ufffd'",
            )
        )
    if len(decoded.bad_lines) > _MAX_LISTED_LINES:
        more = len(decoded.bad_lines) - _MAX_LISTED_LINES
        problems.append(ParseProblem(name, f"{more} more lines had undecodable bytes"))
    header_text = head[header_idx].lstrip("\ufeff")
    # The first lines are let go: one of them may be a 190 MB row, and holding its copy
    # through the parse put a file of one giant line past three times its size.
    del head
    header = [h.strip().casefold() for h in next(csv.reader([header_text], delimiter=delimiter))]
    body = LineCursor(decoded.text)
    for _skipped in itertools.islice(body, header_idx + 1):
        pass
    rows = _read_rows(body, delimiter, problems)
    mapper = MAPPERS[layout]
    result = ParseResult([], problems, layout)
    total = len(decoded.text)  # progress counts characters: rows may span many lines
    for done, (line, cells) in enumerate(rows):
        if done % _REPORT_EVERY == 0 and done:
            if progress is not None:
                progress(body.offset, total)
            if cancelled is not None and cancelled():
                result.cancelled = True
                problems.finish(name)
                return result
        if not any(c.strip() for c in cells):
            continue
        ref = f"row {done + 1} (line {line})"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                ParseProblem(
                    ref,
                    f"{len(cells)} cells for {len(header)} columns; the extra cells were ignored",
                )
            )
        row = Row(dict(zip(header, cells, strict=False)), ref, problems)
        try:
            contact = finish_contact(mapper(row), row)
        except Exception as exc:  # one bad row must not cost the others
            problems.append(
                ParseProblem(ref, f"could not be read ({type(exc).__name__}: {exc}); skipped")
            )
            continue
        if contact is not None:
            result.contacts.append(contact)
            if len(result.contacts) >= limits.MAX_CONTACTS_PER_FILE \
                    and body.text[body.offset:body.offset + 4096].strip():
                problems.append(ParseProblem(name, too_many_contacts()))
                break
    if progress is not None:
        progress(total, total)
    problems.finish(name)
    return result
