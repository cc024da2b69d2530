"""LinkedIn, Google Contacts and Outlook CSV import.

All three are read the same way: decode (BOM, UTF-16, UTF-8, cp1252 line by line), find
the header line (LinkedIn puts a few "Notes:" lines before it), then map columns *by
name*, never by position, because every one of these exports has changed its column order
and set over the years. The per-layout knowledge lives in ``csv_layouts``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable

from relmanager.interchange.csv_layouts import MAPPERS, Row, finish_contact
from relmanager.interchange.detect import classify_header
from relmanager.interchange.records import ParseProblem, ParseResult
from relmanager.interchange.textio import (
    FormatError,
    decode_bytes,
    display_name,
    looks_binary,
    read_input,
    split_lines,
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

CSV_FORMATS: tuple[str, ...] = ("linkedin", "google", "outlook")
_HEADER_SEARCH_LINES = 100
_REPORT_EVERY = 500
_MAX_LISTED_LINES = 20
_LAYOUT_NAMES = {"linkedin": "LinkedIn", "google": "Google Contacts", "outlook": "Outlook"}


def _find_header(lines: list[str], wanted: str | None) -> tuple[int, str, str] | None:
    """Return (line index, layout, delimiter) of the header, looking past preamble lines."""
    fallback: tuple[int, str, str] | None = None
    for idx, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        text = line.lstrip("\ufeff")
        for delimiter in (",", ";", "\t"):
            if delimiter not in text:
                continue
            try:
                row = next(csv.reader([text], delimiter=delimiter), [])
            except csv.Error:
                continue
            layout = classify_header(row)
            if layout and (wanted is None or layout == wanted):
                return idx, layout, delimiter
            if layout and fallback is None:
                fallback = (idx, layout, delimiter)
    return fallback


def _fatal(message: str, name: str, fmt: str) -> ParseResult:
    return ParseResult([], [ParseProblem(name, message)], fmt, fatal=True)


def parse_csv(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParseResult:
    """Parse a LinkedIn, Google or Outlook CSV (``fmt`` None: from its header); never raises.

    ``progress(done, total)`` and ``cancelled()`` work as in ``parse_vcard``.
    """
    name = display_name(path)
    try:
        data = read_input(path)
    except FormatError as exc:
        return _fatal(exc.message, name, fmt or "csv")
    return parse_csv_bytes(data, name, fmt, progress, cancelled)


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
    try:
        return _parse(data, name, fmt, progress, cancelled)
    except Exception as exc:  # the last line of defence: no traceback reaches the user
        return _fatal(
            f"'{name}' could not be read: {type(exc).__name__}: {exc}", name, fmt or "csv"
        )


def _read_rows(
    lines: list[str], first_line: int, delimiter: str, problems: list[ParseProblem]
) -> list[tuple[int, list[str]]]:
    """Read all rows after the header as (physical line, cells), reporting broken rows."""
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    index = 0
    while True:
        start = first_line + reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            problems.append(
                ParseProblem(f"row {index} (line {start})", f"unreadable ({exc}); skipped")
            )
            continue
        index += 1
        rows.append((start, cells))
    if rows and first_line + reader.line_num - rows[-1][0] > 1:
        # The last row spans several lines: legitimate for a multi-line note, or a quote
        # that is never closed and swallowed the rest of the file. Only a strict re-read
        # of that row tells the two apart.
        tail = "\n".join(lines[rows[-1][0] - first_line :])
        try:
            list(csv.reader(io.StringIO(tail), delimiter=delimiter, strict=True))
        except csv.Error:
            problems.append(
                ParseProblem(
                    f"row {index} (line {rows[-1][0]})",
                    "a quoted cell opened here is never closed; the rest of the file was read "
                    "into it",
                )
            )
    return rows


def _parse(
    data: bytes, name: str, fmt: str | None, progress: Progress | None, cancelled: Cancelled | None
) -> ParseResult:
    label = fmt or "csv"
    if fmt is not None and fmt not in CSV_FORMATS:
        return _fatal(f"unknown CSV layout '{fmt}'", name, label)
    if not data.strip():
        return _fatal(f"'{name}' is empty.", name, label)
    decoded = decode_bytes(data)
    if looks_binary(decoded.text):
        return _fatal(f"'{name}' is not a CSV file: it contains binary data.", name, label)
    lines = split_lines(decoded.text)
    found = _find_header(lines, fmt)
    if found is None:
        wanted = _LAYOUT_NAMES.get(fmt or "", "LinkedIn, Google or Outlook")
        return _fatal(
            f"'{name}' has no {wanted} contacts header line (such as "
            "'First Name,Last Name,...') in its first lines.",
            name,
            label,
        )
    header_idx, layout, delimiter = found
    problems: list[ParseProblem] = []
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
    header_text = lines[header_idx].lstrip("\ufeff")
    header = [h.strip().casefold() for h in next(csv.reader([header_text], delimiter=delimiter))]
    rows = _read_rows(lines[header_idx + 1 :], header_idx + 2, delimiter, problems)
    mapper = MAPPERS[layout]
    result = ParseResult([], problems, layout)
    total = len(rows)
    for done, (line, cells) in enumerate(rows):
        if done % _REPORT_EVERY == 0 and done:
            if progress is not None:
                progress(done, total)
            if cancelled is not None and cancelled():
                result.cancelled = True
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
    if progress is not None:
        progress(total, total)
    return result
