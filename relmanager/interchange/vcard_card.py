"""Reading one vCard's properties into a ParsedContact.

Each logical line is checked by a linear-time regex of the content-line grammar and then
split by vobject's ``parseLine`` into group, name, parameters and value (a head without
parameters needs no splitting, and a head seen before in the file is not read again: see
``Head``); the handlers of ``vcard_props`` decode the values the app keeps (see
``vcard_values`` for why vobject's own value layer is not used). Apple's grouped labels
(``item1.EMAIL`` + ``item1.X-ABLabel``) and the name fallbacks (N without FN, FN without
N) are resolved once the whole card has been read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from vobject.base import parseLine

from relmanager.domain import limits
from relmanager.interchange import vcard_values as vv
from relmanager.interchange.records import (
    MAX_PROBLEMS,
    SPHERES,
    STAGES,
    ParsedContact,
    ParseProblem,
    Problems,
    limit_contact,
)
from relmanager.interchange.vcard_keep import NOT_KEPT_NAMES, READ_PARAMETERS
from relmanager.interchange.vcard_props import HANDLERS, Handler, clip

__all__ = ["LONGEST_LINE", "CardReader", "Head", "HeadCache", "clip", "read_head"]

# vobject's parseLine regex backtracks exponentially on some malformed lines (a short
# parameter list without a colon takes minutes). This is the same grammar written with
# possessive quantifiers, so it runs in linear time; only lines it accepts reach vobject.
_PV = r'(?:"[^"]*+"|[^";:,]*+)'
_NAME = r"[A-Za-z0-9_-]++"
_HEAD_RE = re.compile(
    rf"(?:({_NAME})\.)?({_NAME})((?:;{_NAME}(?:={_PV}(?:,{_PV})*+)?)*+):")
#: The longest value a handler sees (other than a photo): twice the longest text the app
#: keeps, so unescaping still leaves more than the limit and the cut is reported. A 50 MB
#: NOTE is thus never copied, unescaped or joined whole.
_LONG_VALUE = 2 * limits.MAX_TEXT + 16
#: The longest PHOTO value read at all: percent-encoding triples the bytes.
_LONG_PHOTO = 3 * limits.MAX_PHOTO_BYTES
#: The longest logical line put together from folded lines; the rest is dropped unread
#: (a value this long is over every limit anyway, and is reported as cut or skipped).
LONGEST_LINE = _LONG_PHOTO + 4096


class Head(NamedTuple):
    """What a content line's head (``[group.]NAME[;PARAM=value...]``) says, worked out
    once per file: a 10,000-card export repeats a few dozen heads ("FN", "EMAIL;TYPE=work",
    "item1.TEL") over and over, and every later line with a known head skips the regex,
    vobject's parseLine and the parameter dictionary. Handlers get ``pdict``, ``singles``
    and ``encodings`` shared by every such line and only read them."""

    group: str | None
    key: str  # the name, upper-case, '_' read as '-' (Lotus Notes)
    handler: Handler | None
    pdict: dict[str, list[str]]
    singles: list[str]
    encodings: list[str]
    charset: str | None
    quoted_printable: bool
    #: Something of another app's that Relmanager does not read: a property it has no
    #: field for, or a parameter it neither reads nor writes (see vcard_keep).
    foreign: bool = False


#: Heads read so far in one file, by the text before the line's first colon.
HeadCache = dict[str, Head]


def read_head(text: str, lineno: int) -> tuple[Head, int] | None:
    """The head of a line and where its value starts, or None if it is no content line."""
    match = _HEAD_RE.match(text)
    if match is None:
        return None
    group, name, param_text = match.groups()
    key = name.upper().replace("_", "-")
    handler = HANDLERS.get(key)
    params: list[list[str]] = []
    if param_text and (handler is not None or key.startswith("X-RELMANAGER-")):
        _name, params, _value, group = parseLine(text, lineno)
    pdict: dict[str, list[str]] = {}
    singles: list[str] = []
    encodings: list[str] = singles
    if params:
        for param in params:
            if len(param) == 1:
                singles.append(param[0].upper())
            else:
                pdict.setdefault(param[0].upper(), []).extend(param[1:])
        encodings = [e.upper() for e in pdict.get("ENCODING", ())] + singles
    charset = pdict.get("CHARSET", [None])[0]
    if handler is None:
        foreign = key not in NOT_KEPT_NAMES and not key.startswith("X-RELMANAGER-")
    else:
        foreign = any(name not in READ_PARAMETERS for name in pdict)
    head = Head(group, key, handler, pdict, singles, encodings, charset,
                "QUOTED-PRINTABLE" in encodings, foreign)
    return head, match.end()


class CardReader:
    """Collects one card's properties, then resolves names and Apple group labels."""

    def __init__(self, number: int, line: int, problems: list[ParseProblem],
                 heads: HeadCache | None = None) -> None:
        self.number = number
        self.ref = f"card {number} (line {line})"
        self.problems = problems
        self.heads: HeadCache = {} if heads is None else heads
        self.contact = ParsedContact(source_ref=self.ref)
        self.fn = ""
        self.n_parts: list[str] | None = None
        self.orgs: list[str] = []
        self.notes: list[str] = []
        self.emails: list[tuple[str, list[str], str | None]] = []
        self.phones: list[tuple[str, list[str], str | None]] = []
        self.group_labels: dict[str, str] = {}
        #: What was left out while reading because a limit was reached (by field).
        self.skipped: dict[str, int] = {}
        self.seen: set[tuple[str, str]] = set()  # (field, value) kept, for duplicates
        self.counts: dict[str, int] = {}  # values kept, by field
        self.depth = 0  # inside a card embedded by a 2.1 AGENT property
        self.group_card = False  # KIND:group: no contact (see vcard_props._h_kind)
        #: The card has a line of another app's (a head's ``foreign``): worth keeping.
        self.foreign = False

    def warn(self, lineno: int, message: str) -> None:
        self.problems.append(ParseProblem(f"card {self.number}, line {lineno}", message))

    def read(self, lines: Iterable[tuple[int, str]]) -> None:
        """Take in the card's logical lines (line number, text). One loop over them rather
        than a method call per line: this is the innermost loop of a 10,000-card import."""
        known = self.heads
        for lineno, text in lines:
            colon = text.find(":")
            head = known.get(text[:colon]) if colon > 0 else None
            if head is not None:
                start = colon + 1
            else:
                found = read_head(text, lineno)
                if found is None:
                    self.unreadable(lineno, text)
                    continue
                head, start = found
                if start == colon + 1:  # no quoted colon: the text before it is the head
                    known[text[:colon]] = head
            key = head.key
            if head.foreign:
                self.foreign = True
            if key in ("BEGIN", "END"):
                self.depth = self.depth + 1 if key == "BEGIN" else max(0, self.depth - 1)
                continue
            handler = head.handler
            if handler is None and not key.startswith("X-RELMANAGER-"):
                continue  # a property the app does not keep (ADR, VERSION...)
            if self.depth:
                continue
            if len(text) - start <= _LONG_VALUE:
                value = text[start:]
            elif key != "PHOTO":
                value = text[start:start + _LONG_VALUE]
                cut = text.rfind(",", start, start + _LONG_VALUE)
                if key == "CATEGORIES" and cut > 0:  # tags past the cut: counted, not read
                    value = text[start:cut]
                    self.skipped["tags"] = self.skipped.get("tags", 0) + text.count(",", cut)
            elif len(text) - start <= _LONG_PHOTO:
                value = text[start:]
            else:
                self.skipped["photo"] = 1
                continue
            if head.quoted_printable:
                value = vv.decode_quoted_printable(value, head.charset)
            if handler is not None:
                handler(self, lineno, value, head.pdict, head.singles, head.group,
                        head.encodings)
            else:
                self.relmanager_field(lineno, key[13:], vv.unescape(value).strip())

    def unreadable(self, lineno: int, text: str) -> None:
        """A line that is no content line: a problem, unless the problems are full (then
        only counted, without the message: a million junk lines build no million
        messages)."""
        problems = self.problems
        if isinstance(problems, Problems) and len(problems) >= MAX_PROBLEMS:
            problems.dropped += 1
        else:
            self.warn(lineno, f"unreadable line skipped: {clip(text)}")

    def relmanager_field(self, lineno: int, key: str, value: str) -> None:
        contact = self.contact
        if key in ("INTENT", "HOW-MET", "WHERE-MET"):
            setattr(contact, key.lower().replace("-", "_"), value)
        elif key == "STAGE" and value.casefold() in STAGES:
            contact.stage = value.casefold()
        elif key == "SPHERE" and value.casefold() in SPHERES:
            contact.sphere = value.casefold()
        elif key == "CADENCE" and value.isdigit() and 0 < int(value) < 100_000:
            contact.cadence_days = int(value)
        elif key == "MET-ON" and _iso_date(value) is not None:
            contact.met_on = _iso_date(value)
        elif key == "ARCHIVED":
            contact.archived = value.strip() in ("1", "true", "TRUE")
        elif key in ("STAGE", "SPHERE", "CADENCE", "MET-ON") and value:
            self.warn(lineno, f"X-RELMANAGER-{key} value '{clip(value)}' not understood; ignored")

    def keep(self, field: str, value: str, limit: int) -> bool:
        """Whether to keep one more ``value`` of a list field: not a repeat, and the
        list not full (what is left out is counted). Membership in a set keeps a card with
        100,000 categories linear."""
        key = (field, value.casefold())
        if key in self.seen:
            return False
        if self.counts.get(field, 0) >= limit:
            self.skipped[field] = self.skipped.get(field, 0) + 1
            return False
        self.seen.add(key)
        self.counts[field] = self.counts.get(field, 0) + 1
        return True

    def more_text(self, field: str, length: int) -> bool:
        """Whether one more part of a text made of many lines (NOTE, ORG) is worth
        keeping: not once the parts kept are over the limit (the text is cut to it then,
        and the cut reported), so 100,000 NOTE lines cost no more than one."""
        total = self.counts.get(field, 0)
        self.counts[field] = total + length
        return total <= limits.MAX_TEXT

    def finish(self) -> ParsedContact | None:
        """The card's contact; None for a card that is none (no name, a group)."""
        if self.group_card:
            return None
        contact = self.contact
        for value, types, group in self.emails:
            label = vv.label_from(types, self.group_labels.get(group or ""))
            contact.emails.append((value, label))
        for value, types, group in self.phones:
            label = vv.label_from(types, self.group_labels.get(group or ""))
            contact.phones.append((value, label))
        contact.organisation = ", ".join(o for o in self.orgs if o)
        contact.notes = "\n\n".join(self.notes)
        n = self.n_parts
        if n is not None:
            family, given, additional, prefix, suffix = [*n, "", "", "", "", ""][:5]
            contact.first_name, contact.last_name = given, family
            composed = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
            contact.display_name = self.fn or composed
        elif self.fn:
            contact.display_name = self.fn
            if "@" not in self.fn and self.fn != contact.organisation:
                words = self.fn.split()
                contact.first_name = " ".join(words[:-1]) if len(words) > 1 else words[0]
                contact.last_name = words[-1] if len(words) > 1 else ""
        if not contact.display_name:
            if not (contact.organisation or contact.emails):
                self.problems.append(
                    ParseProblem(self.ref, "no name (no FN, N, email or organisation); skipped")
                )
                return None
            contact.display_name = contact.organisation or contact.emails[0][0]
        for cut in limit_contact(contact, self.skipped):
            self.problems.append(ParseProblem(self.ref, cut))
        return contact


def _iso_date(value: str) -> date | None:
    text = value.strip()
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
