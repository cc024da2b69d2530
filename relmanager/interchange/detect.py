"""Which kind of contacts file is this? Decided from the content, never from the extension.

Users rename files, mail them around and save LinkedIn's ``Connections.csv`` as ``.txt``;
the content is the only reliable witness. Only the head of the file is read, so detection
stays instant even for a 100 MB export.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from relmanager.interchange.csv_layouts import (
    SHEET_EMAILS,
    SHEET_FIRST,
    SHEET_NAME,
    SHEET_ORGANISATION,
    SHEET_PHONES,
)
from relmanager.interchange.textio import (
    MAX_BYTES,
    FormatError,
    decode_bytes,
    display_name,
    looks_binary,
    read_input,
    split_lines,
)

__all__ = ["FORMATS", "FormatError", "classify_header", "detect_format", "header_readings",
           "sniff_bytes"]

FORMATS: tuple[str, ...] = ("vcard", "linkedin", "google", "outlook", "spreadsheet")
_HEAD_BYTES = 64 * 1024
_HEAD_LINES = 60
_LINKEDIN_CORE = frozenset({"first name", "last name", "email address", "company", "position"})
_OUTLOOK_NAMES = frozenset({"first name", "middle name", "last name"})
#: What the user is told a file needs (the refusal and the format's label say it).
SHEET_NEEDS = ("a spreadsheet CSV with a Name (or First name) column and an Email, Phone "
               "or Organisation column")


def classify_header(columns: Iterable[str]) -> str | None:
    """Name the CSV layout a header row belongs to, or None.

    Google is checked first because its header also has the Outlook-like name columns;
    LinkedIn says "Email Address" where Outlook says "E-mail Address".
    """
    cols = {c.strip().strip('"').strip().casefold() for c in columns}
    if any(c.startswith(("e-mail 1 - ", "email 1 - ")) and c.endswith("value") for c in cols):
        return "google"
    if "connected on" in cols or cols >= _LINKEDIN_CORE:
        return "linkedin"
    if "e-mail address" in cols or cols >= _OUTLOOK_NAMES:
        return "outlook"
    # Last, as the loosest: a name column and something to reach or place the person by.
    # Our own interaction export ("Contact", "Emails") has no name column: not contacts.
    if (cols & {*SHEET_NAME, *SHEET_FIRST}
            and cols & {*SHEET_EMAILS, *SHEET_PHONES, *SHEET_ORGANISATION}):
        return "spreadsheet"
    return None


def header_readings(line: str) -> Iterator[tuple[str, str]]:
    """The (layout, delimiter) a header line reads as with each delimiter it holds: ',',
    ';' (a European Excel's CSV) and tab, in that order. Detection and the CSV reader
    both look for headers so, and so agree on which files they take."""
    for delimiter in (",", ";", "\t"):
        if delimiter not in line:
            continue
        try:
            row = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        layout = classify_header(row)
        if layout:
            yield layout, delimiter


def _read_head(path: str | os.PathLike[str]) -> bytes:
    name = display_name(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            read_input(path)  # raises the size-guard FormatError with the standard wording
        with Path(path).open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except FormatError:
        raise
    except IsADirectoryError:
        raise FormatError(f"'{name}' is a folder, not a contacts file.") from None
    except FileNotFoundError:
        raise FormatError(f"'{name}' does not exist.") from None
    except PermissionError:
        raise FormatError(f"'{name}' cannot be read: permission denied.") from None
    except OSError as exc:
        raise FormatError(f"'{name}' cannot be read: {exc.strerror or exc}.") from None


def sniff_bytes(head: bytes, name: str) -> str:
    """Detect the format from the first bytes of a file; raise FormatError if it is none."""
    if not head.strip():
        raise FormatError(f"'{name}' is empty.")
    if head.startswith(b"PK\x03\x04"):
        raise FormatError(
            f"'{name}' is a ZIP archive (an Excel workbook or a data-export archive?), not "
            "a contacts file. Unpack it, or save the sheet as CSV, and choose that file."
        )
    if len(head) >= _HEAD_BYTES and b"\n" in head:
        head = head[: head.rfind(b"\n")]  # do not cut a multi-byte character in half
    decoded = decode_bytes(head)
    if not decoded.text.strip("\ufeff \t\r\n"):
        raise FormatError(f"'{name}' is empty.")
    if looks_binary(decoded.text):
        raise FormatError(
            f"'{name}' is not a contacts file: it contains binary data. "
            "Expected a vCard (.vcf) or a LinkedIn, Google or Outlook contacts CSV."
        )
    lines = [line.lstrip("\ufeff") for line in split_lines(decoded.text)[:_HEAD_LINES]]
    for line in lines:
        if line.strip().upper().startswith("BEGIN:VCARD"):
            return "vcard"
    for line in lines:
        for kind, _delimiter in header_readings(line):
            return kind
    raise FormatError(
        f"'{name}' is not a contacts file this app can read. Expected a vCard (.vcf), a "
        f"LinkedIn Connections.csv, Google Contacts CSV or Outlook contacts CSV export, or "
        f"{SHEET_NEEDS}."
    )


def detect_format(path: str | os.PathLike[str]) -> str:
    """Return one of :data:`FORMATS`, or raise FormatError for the user."""
    return sniff_bytes(_read_head(path), display_name(path))
