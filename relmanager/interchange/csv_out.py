"""Contacts as CSV for spreadsheets, neutralised against formula injection.

A contact's name, note or tag is text typed by someone else (a LinkedIn headline, an
imported note); a cell such as ``=HYPERLINK(...)`` would run as a formula when the export
is opened in Excel or LibreOffice. Following the OWASP CSV-injection guidance, every cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from relmanager.interchange.records import ParsedContact

__all__ = ["CSV_COLUMNS", "INTERACTION_COLUMNS", "contacts_to_csv", "interactions_to_csv",
           "neutralise_cell"]

CSV_COLUMNS: tuple[str, ...] = (
    "Name",
    "First name",
    "Last name",
    "Emails",
    "Phones",
    "Organisation",
    "Title",
    "Stage",
    "Sphere",
    "Tags",
    "Intent",
    "How met",
    "Met on",
    "Last interaction",
    "Notes",
    "Archived",
)
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_JOIN = "; "


def neutralise_cell(value: str) -> str:
    """Prefix a cell a spreadsheet would read as a formula with an apostrophe.

    Leading spaces are looked past too, since some spreadsheets trim them on import.
    """
    if value.startswith(_FORMULA_TRIGGERS) or value.lstrip(" ").startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def _row(contact: ParsedContact) -> list[str]:
    last = contact.last_interaction
    return [
        contact.display_name,
        contact.first_name,
        contact.last_name,
        _JOIN.join(address for address, _label in contact.emails),
        _JOIN.join(number for number, _label in contact.phones),
        contact.organisation,
        contact.title,
        contact.stage or "",
        contact.sphere or "",
        _JOIN.join(contact.tags),
        contact.intent,
        contact.how_met,
        contact.met_on.isoformat() if contact.met_on else "",
        last.strftime("%Y-%m-%d %H:%M") if last else "",
        contact.notes,
        "yes" if contact.archived else "",
    ]


def contacts_to_csv(records: Iterable[ParsedContact], bom: bool = True) -> str:
    """The contacts as CSV text (CRLF rows, every cell neutralised).

    With ``bom`` the text starts with a UTF-8 byte-order mark, without which Excel opens
    UTF-8 files as Windows-1252 and garbles every accented name.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for contact in records:
        writer.writerow([neutralise_cell(cell) for cell in _row(contact)])
    return buffer.getvalue()


#: Interactions as CSV: one row per participant, rows of one event sharing "Group" (the
#: event's key), so a spreadsheet can count people per row and events per distinct group.
INTERACTION_COLUMNS: tuple[str, ...] = (
    "Group", "Date", "Channel", "Minutes", "Exchange", "Initiated by", "Contact", "Emails",
    "Source", "Note")


def interactions_to_csv(rows: Iterable[Sequence[str]], bom: bool = True) -> str:
    """Interaction rows (cells in the order of INTERACTION_COLUMNS) as CSV, neutralised."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(INTERACTION_COLUMNS)
    for row in rows:
        writer.writerow([neutralise_cell(str(cell)) for cell in row])
    return buffer.getvalue()
