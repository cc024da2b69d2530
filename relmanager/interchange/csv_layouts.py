"""Column knowledge for the LinkedIn, Google Contacts and Outlook CSV layouts, and for a
plain spreadsheet (Relmanager's own CSV export among them).

Each mapper takes one row (a dict keyed by case-folded column name) and returns a
``ParsedContact``. Columns are looked up by name with the alternatives each service has used
over the years, so a column that moved or was renamed still lands in the right field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from relmanager.interchange.records import (
    LINK_KINDS,
    SPHERES,
    ParsedContact,
    ParseProblem,
    guess_link_kind,
    limit_contact,
)
from relmanager.interchange.vcard_values import parse_birthday

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{2,4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})([/.])(\d{1,2})\2(\d{2,4})$")
_EMPTY_DATES = re.compile(r"^[0/.\- ]*$")  # Outlook writes 0/0/00 for "no date"
_GOOGLE_GROUP = re.compile(r"^(e-mail|email|phone|website) (\d+) - (label|type|value)$")
_GOOGLE_SPLIT = " ::: "
_OUTLOOK_PHONES = {
    "mobile phone": "mobile",
    "business phone": "work",
    "business phone 2": "work",
    "company main phone": "work",
    "home phone": "home",
    "home phone 2": "home",
    "primary phone": "main",
    "other phone": "other",
    "car phone": "car",
    "pager": "pager",
    "business fax": "work fax",
    "home fax": "home fax",
    "other fax": "other fax",
    "assistant's phone": "assistant",
    "callback": "callback",
    "radio phone": "radio",
    "isdn": "isdn",
    "telex": "telex",
    "tty/tdd phone": "tty",
}
_KNOWN_LABELS = frozenset({"home", "work", "other", "mobile", "main", "pager", "fax"})


class Row:
    """One CSV row by case-folded column name, with its place for problem messages."""

    def __init__(self, cells: dict[str, str], ref: str, problems: list[ParseProblem]) -> None:
        self.cells = cells
        self.ref = ref
        self.problems = problems

    def get(self, *names: str) -> str:
        """The first non-empty value among the named columns, trimmed."""
        for name in names:
            value = self.cells.get(name)
            if value and value.strip():
                return value.strip()
        return ""

    def warn(self, message: str) -> None:
        self.problems.append(ParseProblem(self.ref, message))


def parse_date(text: str) -> date | None:
    """Dates as the exports write them: '12 Mar 2024', 'Mar 12, 2024', ISO, '3/12/2024'.

    Slashed dates are read month first (US, as Outlook and LinkedIn write them) unless the
    first number cannot be a month; dotted dates are read day first (European).
    """
    value = text.strip()
    try:
        if m := _DAY_MONTH_YEAR.match(value):
            month = _MONTHS.get(m.group(2).casefold())
            return date(_year(m.group(3)), month, int(m.group(1))) if month else None
        if m := _MONTH_DAY_YEAR.match(value):
            month = _MONTHS.get(m.group(1).casefold())
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
        if m := _ISO.match(value):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _SLASHED.match(value):
            first, sep, second, year = m.groups()
            month, day = int(first), int(second)
            if sep == "." or month > 12:
                month, day = day, month
            return date(_year(year), month, day)
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) <= 2 and year < 70 else year + 1900 if len(text) <= 2 else year


def _birthday(row: Row, text: str) -> str | None:
    if not text or _EMPTY_DATES.match(text):
        return None
    parsed = parse_birthday(text)
    if parsed is None:
        as_date = parse_date(text)
        parsed = as_date.isoformat() if as_date else None
    if parsed is None:
        row.warn(f"birthday '{text[:40]}' not understood; ignored")
    return parsed


def _label(text: str) -> str:
    label = text.strip().removeprefix("* ").strip()
    return label.casefold() if label.casefold() in _KNOWN_LABELS else label


def _clean(text: str) -> str:
    return " ".join(text.split())


def _names(contact: ParsedContact, first: str, middle: str, last: str, suffix: str) -> None:
    contact.first_name = _clean(first)
    contact.last_name = _clean(last)
    contact.display_name = _clean(" ".join((first, middle, last, suffix)))


def _add_link(contact: ParsedContact, url: str, label: str = "") -> None:
    url = url.strip()
    if url:
        kind = label.casefold() if label.casefold() in LINK_KINDS else guess_link_kind(url)
        contact.links.append((kind, url))


def map_linkedin(row: Row) -> ParsedContact:
    """LinkedIn Connections.csv: one email at most, the profile URL, and 'Connected On'."""
    contact = ParsedContact(source_ref=row.ref, how_met="LinkedIn")
    _names(contact, row.get("first name"), "", row.get("last name"), "")
    email = row.get("email address")
    if email:
        contact.emails.append((email, ""))
    contact.organisation = _clean(row.get("company"))
    contact.title = _clean(row.get("position"))
    _add_link(contact, row.get("url", "profile url"))
    connected = row.get("connected on")
    if connected:
        contact.met_on = parse_date(connected)
        if contact.met_on is None:
            row.warn(f"'Connected On' date '{connected[:40]}' not understood; ignored")
    return contact


def map_google(row: Row) -> ParsedContact:
    """Google Contacts CSV, current ('First Name', 'Labels') and older ('Given Name') layouts."""
    contact = ParsedContact(source_ref=row.ref)
    _names(
        contact,
        row.get("first name", "given name"),
        row.get("middle name", "additional name"),
        row.get("last name", "family name"),
        row.get("name suffix"),
    )
    if not contact.display_name:
        contact.display_name = _clean(row.get("name", "nickname", "file as"))
    org = row.get("organization name", "organization 1 - name")
    dept = row.get("organization department", "organization 1 - department")
    contact.organisation = ", ".join(_clean(p) for p in (org, dept) if p)
    contact.title = _clean(row.get("organization title", "organization 1 - title"))
    contact.notes = row.get("notes").replace("\r\n", "\n")
    contact.birthday = _birthday(row, row.get("birthday"))
    photo = row.get("photo")
    if photo.startswith(("http://", "https://")):
        contact.photo_uri = photo
    contact.tags = _unique(
        tag for raw in row.get("labels", "group membership").split(_GOOGLE_SPLIT)
        if (tag := _clean(raw)) and not tag.startswith("*"))
    groups: dict[tuple[str, int], dict[str, str]] = {}
    for column, value in row.cells.items():
        if m := _GOOGLE_GROUP.match(column):
            kind = "email" if m.group(1) in ("e-mail", "email") else m.group(1)
            part = "value" if m.group(3) == "value" else "label"
            groups.setdefault((kind, int(m.group(2))), {})[part] = value or ""
    for (kind, _number), parts in sorted(groups.items(), key=lambda item: item[0][1]):
        label = _label(parts.get("label", ""))
        for raw_value in parts.get("value", "").split(_GOOGLE_SPLIT):
            value = raw_value.strip()
            if not value:
                continue
            if kind == "email":
                contact.emails.append((value, label))
            elif kind == "phone":
                contact.phones.append((value, label))
            else:
                _add_link(contact, value, label)
    return contact


def map_outlook(row: Row) -> ParsedContact:
    """Outlook desktop and Outlook.com CSV; 'Title' is the name prefix, 'Job Title' the job."""
    contact = ParsedContact(source_ref=row.ref)
    _names(
        contact,
        row.get("first name"),
        row.get("middle name"),
        row.get("last name"),
        row.get("suffix"),
    )
    org, dept = row.get("company"), row.get("department")
    contact.organisation = ", ".join(_clean(p) for p in (org, dept) if p)
    contact.title = _clean(row.get("job title"))
    contact.notes = row.get("notes").replace("\r\n", "\n")
    contact.birthday = _birthday(row, row.get("birthday"))
    for column in ("e-mail address", "e-mail 2 address", "e-mail 3 address"):
        email = row.get(column)
        if "@" in email:  # Exchange-internal X.500 addresses are of no use outside
            contact.emails.append((email, ""))
    for column, value in row.cells.items():
        label = _OUTLOOK_PHONES.get(column)
        if label and value and value.strip():
            contact.phones.append((value.strip(), label))
    for column in ("web page", "personal web page", "business web page"):
        _add_link(contact, row.get(column))
    contact.tags = _unique(tag for raw in re.split(r"[;,]", row.get("categories"))
                           if (tag := _clean(raw)))
    return contact


#: A plain sheet's columns, each with the names people give it (case-folded).
SHEET_NAME = ("name", "full name", "display name")
SHEET_FIRST = ("first name", "given name", "first")
SHEET_LAST = ("last name", "family name", "surname", "last")
SHEET_EMAILS = ("emails", "email", "e-mail", "email address", "e-mail address", "mail")
SHEET_PHONES = ("phones", "phone", "phone number", "telephone", "mobile", "tel")
SHEET_ORGANISATION = ("organisation", "organization", "company", "employer")
_SHEET_SPLIT = re.compile(r"[;,]")
#: The cells csv_out.neutralise_cell prefixed with an apostrophe (formula triggers).
_NEUTRALISED = re.compile(r"^'(?= *[=+\-@\t\r])")


def _sheet_cell(row: Row, *names: str) -> str:
    """A cell of a plain sheet without the apostrophe our export put before a leading
    '+', '=', '-' or '@' (a phone number "+46 …" came back as "'+46 …")."""
    return _NEUTRALISED.sub("", row.get(*names), count=1)


def _sheet_list(row: Row, *names: str) -> list[str]:
    """A cell holding several values ("a@x.org; b@y.org"), each without the apostrophe."""
    return [_NEUTRALISED.sub("", part.strip(), count=1)
            for part in _SHEET_SPLIT.split(row.get(*names)) if part.strip()]


def map_sheet(row: Row) -> ParsedContact:
    """A plain spreadsheet: a Name (or First/Last name) column and the usual ones beside
    it, under the names people give them; the app's own CSV export reads back the same
    way. Several emails, phones or tags share a cell, split at ';' or ','. The stage is
    not taken over: imported people land in the Inbox, as from every other file."""
    contact = ParsedContact(source_ref=row.ref)
    _names(contact, _sheet_cell(row, *SHEET_FIRST), "", _sheet_cell(row, *SHEET_LAST), "")
    contact.display_name = _clean(_sheet_cell(row, *SHEET_NAME)) or contact.display_name
    contact.emails = [(address, "") for address in _sheet_list(row, *SHEET_EMAILS)
                      if "@" in address]
    contact.phones = [(number, "") for number in _sheet_list(row, *SHEET_PHONES)]
    contact.organisation = _clean(_sheet_cell(row, *SHEET_ORGANISATION))
    contact.title = _clean(_sheet_cell(row, "title", "job title", "position", "role"))
    contact.tags = _unique(_clean(tag) for tag in
                           _sheet_list(row, "tags", "labels", "categories", "groups"))
    contact.notes = _sheet_cell(row, "notes", "note", "comments").replace("\r\n", "\n")
    contact.intent = _sheet_cell(row, "intent")
    contact.how_met = _clean(_sheet_cell(row, "how met", "how we met"))
    contact.where_met = _clean(_sheet_cell(row, "where met", "where we met"))
    for url in _sheet_list(row, "links", "website", "web page", "url"):
        _add_link(contact, url)
    sphere = row.get("sphere").casefold()
    contact.sphere = sphere if sphere in SPHERES else None
    met = row.get("met on", "met")
    if met:
        contact.met_on = parse_date(met)
        if contact.met_on is None:
            row.warn(f"'Met on' date '{met[:40]}' not understood; ignored")
    return contact


def _unique(tags: Iterable[str]) -> list[str]:
    """The tags in order without repeats, in linear time (a set, not list membership:
    a cell of 25,000 categories took minutes)."""
    return list(dict.fromkeys(tags))


MAPPERS: dict[str, Callable[[Row], ParsedContact]] = {
    "linkedin": map_linkedin,
    "google": map_google,
    "outlook": map_outlook,
    "spreadsheet": map_sheet,
}


def finish_contact(contact: ParsedContact, row: Row) -> ParsedContact | None:
    """Drop duplicate addresses, fill the display name, and skip rows nobody could identify."""
    seen: set[str] = set()
    emails: list[tuple[str, str]] = []
    for address, label in contact.emails:
        if address.casefold() not in seen:
            seen.add(address.casefold())
            emails.append((address, label))
    contact.emails = emails
    if not contact.display_name and not contact.emails:
        row.warn("no name and no email; skipped")
        return None
    if not contact.display_name:
        contact.display_name = contact.emails[0][0]
    for cut in limit_contact(contact):
        row.warn(cut)
    return contact
