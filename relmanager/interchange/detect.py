"""Which kind of contacts file is this? Decided from the content, never from the extension.

Users rename files, mail them around and save LinkedIn's ``Connections.csv`` as ``.txt``;
the content is the only reliable witness. Only the head of the file is read, so detection
stays instant even for a 100 MB export.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
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

__all__ = ["FORMATS", "FormatError", "classify_header", "detect_format", "find_header",
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


#: What separates the columns: a comma; a semicolon where the decimal mark is a comma
#: (a Google or Outlook export opened and saved again by Excel in most of Europe); a tab.
DELIMITERS = ",;\t"
#: The text csv.Sniffer looks at: its quote-guessing expression is quadratic in the
#: sample (64 KB of ',"a' took it 20 s, 8 KB some 0.3 s), and a header and a few rows
#: are all it needs.
_SNIFF_CHARS = 8 * 1024


def _header_layouts(line: str) -> dict[str, str]:
    """The layout ``line`` names as a header, by each delimiter it can be split on."""
    found: dict[str, str] = {}
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        try:
            row = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        layout = classify_header(row)
        if layout:
            found[delimiter] = layout
    return found


def _sniffed(lines: list[str], candidates: str, name: str) -> str:
    """The one of ``candidates`` the header line and the rows after it agree on
    (csv.Sniffer over a bounded sample), or FormatError saying the file cannot tell."""
    sample = "\n".join(lines)[:_SNIFF_CHARS]
    if len(sample) == _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=candidates).delimiter
    except csv.Error:
        words = {",": "commas", ";": "semicolons", "\t": "tabs"}
        either = " or ".join(words[d] for d in candidates)
        raise FormatError(
            f"'{name}' cannot be read: its header reads as a contacts header with "
            f"{either} between the columns, and its rows do not show which. Save it "
            "again from your spreadsheet as CSV with commas, and import that file."
        ) from None


def find_header(lines: list[str], wanted: str | None = None,
                name: str = "the file") -> tuple[int, str, str] | None:
    """(line index, layout, delimiter) of the contacts header among ``lines`` (LinkedIn
    puts a few "Notes:" lines before it), preferring the ``wanted`` layout, or None.

    Why: a CSV saved by Excel where the decimal mark is a comma has semicolons between
    its columns, and the detection read every line with commas only, so a European
    Google or Outlook export was refused as "not a contacts file". The delimiter is the
    one that makes the line a known header: the header's column names decide, which
    rows of empty cells and quoted notes cannot mislead. Only a line that is a header
    with two delimiters is left to csv.Sniffer, restricted to those two, on the header
    and the rows after it; when it cannot tell, FormatError says so."""
    fallback: tuple[int, str, str] | None = None
    for idx, line in enumerate(lines):
        found = _header_layouts(line.lstrip("\ufeff"))
        if not found:
            continue
        if len(found) == 1:
            delimiter = next(iter(found))
        else:
            delimiter = _sniffed([line.lstrip("\ufeff"), *lines[idx + 1:]], "".join(found),
                                 name)
        layout = found[delimiter]
        if wanted is None or layout == wanted:
            return idx, layout, delimiter
        if fallback is None:
            fallback = (idx, layout, delimiter)
    return fallback


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
    found = find_header(lines, name=name)
    if found is not None:
        return found[1]
    raise FormatError(
        f"'{name}' is not a contacts file this app can read. Expected a vCard (.vcf), a "
        f"LinkedIn Connections.csv, Google Contacts CSV or Outlook contacts CSV export, or "
        f"{SHEET_NEEDS}."
    )


def detect_format(path: str | os.PathLike[str]) -> str:
    """Return one of :data:`FORMATS`, or raise FormatError for the user."""
    return sniff_bytes(_read_head(path), display_name(path))
