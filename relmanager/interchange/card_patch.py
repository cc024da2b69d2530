"""Editing a card or calendar entry as fetched, line by line, instead of rebuilding it.

Other clients on the account (a phone, khard, DAVx5, Apple Contacts) store properties
Relmanager does not model: addresses, nicknames, anniversaries, IMPP, custom labels,
their own X- properties. Rebuilding an entry from Relmanager's fields would delete them
for every client. So the text last fetched from the server is kept, and a change made
here replaces only the content lines of the fields that changed; every other line stays
byte for byte as it was (folding and line endings included). The replacement lines are
taken from what Relmanager's own writer makes of the new values, so the two paths can
never disagree about how a value is written.
"""

from __future__ import annotations

import base64
import quopri
import re
from calendar import isleap
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from relmanager.domain.relations import VCARD_TYPE_OF, relation_kind_of
from relmanager.interchange.content_lines import (
    Line,
    Patcher,
    fold,
    split_lines,
    type_params,
    value_of,
)
from relmanager.interchange.vcard_values import unescape

Fields = dict[str, Any]


# -- contacts -----------------------------------------------------------------------------
#: The vCard properties behind each field Relmanager owns in a card.
CARD_PROPERTIES: dict[str, tuple[str, ...]] = {
    "display_name": ("FN",), "organisation": ("ORG",), "title": ("TITLE",),
    "notes": ("NOTE",), "tags": ("CATEGORIES",), "birthday": ("BDAY",),
    "photo": ("PHOTO",),
}
#: The fields read from one line of their property (the first with a value): another
#: client's further lines (the name in a second script with ALTID, a second job's TITLE,
#: a birthday in another calendar) are not Relmanager's, and only the line read is
#: replaced. NOTE, ORG and CATEGORIES are read whole (every line), so all are replaced.
_READ_ONCE = {"display_name", "title", "birthday"}


def read_line(lines: Iterable[Line]) -> Line | None:
    """Among the lines of one of those properties, the one Relmanager reads."""
    return next((line for line in lines if unescape(value_of(line)).strip()), None)


def unread_lines(lines: list[Line]) -> set[int]:
    """The ids of the FN, TITLE and BDAY lines Relmanager does not read: another
    client's, to be kept (and carried by a merge) like any foreign line."""
    unread: set[int] = set()
    for name in ("FN", "TITLE", "BDAY"):
        named = [line for line in lines if line.name == name]
        read = read_line(named)
        unread.update(id(line) for line in named if line is not read)
    return unread
_OWN_KEYS = {"stage": "STAGE", "sphere": "SPHERE", "intent": "INTENT",
             "cadence_days": "CADENCE", "how_met": "HOW-MET", "where_met": "WHERE-MET",
             "met_on": "MET-ON", "archived": "ARCHIVED", "stage_history": "STAGE-CHANGE"}
_LISTS = {"emails": ("EMAIL",), "phones": ("TEL",), "links": ("URL", "X-SOCIALPROFILE")}
_UUID_RELATED = re.compile(r"^(urn:uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                           r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


#: The RELATED types Relmanager writes for entered relations (one per line, a uid value).
_OWN_RELATED_TYPES = {value: kind for kind, value in VCARD_TYPE_OF.items()}


def own_relation(line: Line) -> list[str] | None:
    """[kind, other's uid] for a typed RELATED line Relmanager writes (exactly one of our
    types, a uid value), else None: another app's spouse, child, muse or a link by name
    is that app's line, read on import but never rewritten by sync."""
    if line.name != "RELATED":
        return None
    types = type_params(line)
    value = value_of(line).strip()
    if len(types) != 1 or types[0] not in _OWN_RELATED_TYPES \
            or not _UUID_RELATED.match(value):
        return None
    return [_OWN_RELATED_TYPES[types[0]].value, value.removeprefix("urn:uuid:")]


def own_relations(text: str) -> list[list[str]]:
    """The entered relations a card carries in our own typed RELATED lines, sorted."""
    if "RELATED" not in text.upper():
        return []
    found = (own_relation(line) for line in split_lines(text))
    return sorted(pair for pair in found if pair is not None)


def is_introducer(line: Line) -> bool:
    """A RELATED line naming the introducer: a uid, with no type or TYPE=contact."""
    types = type_params(line)
    return bool(_UUID_RELATED.match(value_of(line).strip())) and (
        not types or "contact" in types) and relation_kind_of(types) is None


def _version(patcher: Patcher) -> str:
    found = patcher.lines_named("VERSION")
    return value_of(found[0]).strip() if found else "3.0"


def _rendered(render: Callable[[Fields], str], fields: Fields) -> list[Line]:
    """The content lines Relmanager's writer makes of ``fields`` (without the frame)."""
    return [line for line in split_lines(render(fields))
            if line.name not in ("BEGIN", "END", "VERSION", "UID")]


def _photo_v3(data: str) -> Line:
    """vCard 3.0 has no data: URIs: an inline photo is ENCODING=b with a TYPE."""
    raw = base64.b64decode(data)
    kind = "PNG" if raw[:4] == b"\x89PNG" else "GIF" if raw[:3] == b"GIF" else "JPEG"
    text = f"PHOTO;ENCODING=b;TYPE={kind}:{data}"
    folded = "\r\n ".join(text[i:i + 74] for i in range(0, len(text), 74))
    return Line(folded + "\r\n", None, "PHOTO")


_ISO_DAY = re.compile(r"^(\d{4}|-)-\d{2}-\d{2}$")
_OMIT_YEAR = re.compile(r';X-APPLE-OMIT-YEAR="?(\d{4})"?(?=[;:,]|$)', re.IGNORECASE)


def _placeholder_year(line: Line | None, value: str) -> str:
    """The year that stands for "no year" in the birthday ``value`` ('--MM-DD'): the one
    the card's own BDAY line names in X-APPLE-OMIT-YEAR (another client's choice, such as
    1900, which readers take from the parameter), else Apple's 1604, a leap year; also
    1604 when 29 February does not fit in the card's own."""
    found = _OMIT_YEAR.search(line.unfolded[:len(line.unfolded) - len(value_of(line))]) \
        if line is not None else None
    if found is None or int(found[1]) < 1:
        return "1604"
    return found[1] if isleap(int(found[1])) or not value.endswith("-02-29") else "1604"


def _birthday_v3(value: str, placeholder: str) -> Line:
    """A birthday ('YYYY-MM-DD' or '--MM-DD') in a vCard 3.0 card, the way vCard 3
    readers take it: a full date with its dashes (RFC 2426's form; Google's reader wants
    them, ez-vcard issue 124), and one without a year in Apple's form, which Apple
    Contacts, DAVx5's ez-vcard and sabre/vobject (Nextcloud) agree on: a placeholder
    year (see :func:`_placeholder_year`) named by X-APPLE-OMIT-YEAR. RFC 2426 has no
    '--MMDD'; readers drop or misread it."""
    if value.startswith("--"):
        return Line(f"BDAY;X-APPLE-OMIT-YEAR={placeholder}:{placeholder}{value[1:]}\r\n",
                    None, "BDAY")
    return Line(f"BDAY:{value}\r\n", None, "BDAY")


def _labels(patcher: Patcher) -> dict[str, list[str]]:
    """The Apple labels (``itemN.X-ABLabel``) of the entry, by group: found in one pass,
    not once per line (which made a card of 10,000 addresses quadratic)."""
    found: dict[str, list[str]] = {}
    for other in patcher.lines:
        if other.group and other.name == "X-ABLABEL":
            found.setdefault(other.group.casefold(), []).append(other.text)
    return found


def _list_entry(line: Line, labels: dict[str, list[str]], version: str,
                read: Callable[[str], Fields], name: str) -> tuple[str, str] | None:
    """What one EMAIL/TEL/URL line (with its Apple label) means to Relmanager."""
    label = labels.get(line.group.casefold(), []) if line.group else []
    card = ("BEGIN:VCARD\r\nVERSION:" + version + "\r\nFN:x\r\n" + line.text
            + "".join(label) + "END:VCARD\r\n")
    try:
        values = read(card)[name]
    except ValueError:
        return None
    return tuple(values[0]) if values else None  # type: ignore[return-value]


def patch_contact(raw: str, names: Iterable[str], fields: Fields,
                  render: Callable[[Fields], str], read: Callable[[str], Fields]) -> str:
    """``raw`` with the properties of the fields ``names`` set to their values in
    ``fields``; everything else as it was. ``render`` writes a whole card of fields,
    ``read`` reads one (both Relmanager's own)."""
    patcher = Patcher(raw, "VCARD")
    new = _rendered(render, fields)
    v3 = not _version(patcher).startswith("4")
    names = set(names)
    for name, properties in CARD_PROPERTIES.items():
        if name not in names:
            continue
        lines = [line for line in new if line.name in properties]
        if name == "photo":
            lines = [_photo_v3(fields["photo"])] if v3 and fields["photo"] else lines
            # a photo that is a link is another client's: only inline ones are ours
            patcher.replace(properties, lines, keep=lambda line: "://" in value_of(line)[:12])
            continue
        if name == "birthday" and v3 and _ISO_DAY.match(str(fields["birthday"] or "")):
            own = read_line(patcher.lines_named("BDAY"))
            lines = [_birthday_v3(fields["birthday"],
                                  _placeholder_year(own, fields["birthday"]))]
        if name in _READ_ONCE:
            target = read_line(patcher.lines_named(*properties))
            patcher.replace(properties, lines, keep=lambda line, t=target: line is not t)
            continue
        patcher.replace(properties, lines)
    if names & {"first_name", "last_name"}:
        rendered = next(line for line in new if line.name == "N")
        target = next(iter(patcher.lines_named("N")), None)  # the one read (the first)
        if target is None:
            patcher.replace(("N",), [rendered])
        else:  # in place: Patcher.insert would give a grouped line a new group
            at = patcher.lines.index(target)
            patcher.lines[at] = _renamed(target, value_of(rendered))
    for name, properties in _LISTS.items():
        if name not in names:
            continue
        wanted = Counter(tuple(pair) for pair in fields[name])
        keep: list[Line] = []
        labels, version = _labels(patcher), _version(patcher)
        for line in patcher.lines_named(*properties):
            entry = _list_entry(line, labels, version, read, name)
            if entry is not None and wanted[entry] > 0:
                wanted[entry] -= 1
                keep.append(line)
        missing = []
        for pair in fields[name]:
            if wanted[tuple(pair)] > 0:
                wanted[tuple(pair)] -= 1
                missing.append(list(pair))
        kept_ids = {id(line) for line in keep}
        at = patcher.remove([line for line in patcher.lines_named(*properties)
                             if id(line) not in kept_ids])
        if missing:
            if keep:  # after the last kept one: the card's order stays as it was
                at = next(i for i, line in enumerate(patcher.lines) if line is keep[-1]) + 1
                group = (keep[-1].group or "").casefold()
                while group and at < len(patcher.lines) and \
                        (patcher.lines[at].group or "").casefold() == group:
                    at += 1  # past the kept one's own label
            extra = _rendered(render, {**fields, name: missing})
            groups = {line.group for line in extra if line.name in properties and line.group}
            patcher.insert(at, [line for line in extra if line.name in properties or (
                line.name == "X-ABLABEL" and line.group in groups)])
    if "introduced_by" in names:
        # Only the introducer's line (a uid, no type or TYPE=contact) is ours to replace:
        # another client's spouse, child or muse link stays as it was.
        lines = [line for line in new if line.name == "RELATED" and is_introducer(line)]
        patcher.replace(("RELATED",), lines, keep=lambda line: not is_introducer(line))
    if "relations" in names:
        # Only our own typed lines (one of our types, a uid) are replaced: every other
        # app's RELATED line stays byte for byte, where it was.
        lines = [line for line in new if own_relation(line) is not None]
        patcher.replace(("RELATED",), lines, keep=lambda line: own_relation(line) is None)
    for name, key in _OWN_KEYS.items():
        if name in names:
            prop = f"X-RELMANAGER-{key}"
            patcher.replace((prop,), [line for line in new if line.name == prop])
    return patcher.text()


def _n_parts(value: str) -> list[str]:
    parts = re.split(r"(?<!\\);", value)
    return [*parts, "", "", "", "", ""][:max(5, len(parts))]


def _quoted_printable(text: str, charset: str) -> str:
    """``text`` encoded as a QUOTED-PRINTABLE value in ``charset`` (UTF-8 when the
    charset is unknown), without quopri's soft line breaks: the line is folded after."""
    try:
        data = text.encode(charset.strip().strip('"'), "replace")
    except LookupError:
        data = text.encode("utf-8")
    return quopri.encodestring(data).decode("ascii").replace("=\n", "")


def _renamed(line: Line, rendered: str) -> Line:
    """The card's own N line with only the family and given names (the two components
    Relmanager has) taken from ``rendered``: its group and parameters (SORT-AS,
    LANGUAGE, ALTID, a charset...) and the other components (additional names, prefix,
    suffix) stay as they were written."""
    value = value_of(line)
    head = line.unfolded[:len(line.unfolded) - len(value)]
    parts, fresh = _n_parts(value), _n_parts(rendered)
    if "QUOTED-PRINTABLE" in head.upper():  # a 2.1-style head: the value stays encoded
        found = re.search(r"CHARSET=([^;:]+)", head, re.IGNORECASE)
        fresh = [_quoted_printable(part, found[1] if found else "utf-8")
                 for part in fresh[:2]]
    parts[0], parts[1] = fresh[0], fresh[1]
    ending = "\r\n" if line.text.endswith("\r\n") else "\n"
    return Line(fold(head + ";".join(parts), ending) + ending, line.group, "N")


# -- calendar entries -----------------------------------------------------------------
#: The iCalendar properties behind each field of an interaction / follow-up.
ENTRY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contact": ("X-RELMANAGER-CONTACT", "SUMMARY"),
    "occurred_at": ("DTSTART",), "channel": ("X-RELMANAGER-CHANNEL", "SUMMARY"),
    "exchange": ("X-RELMANAGER-EXCHANGE",), "initiated_by": ("X-RELMANAGER-INITIATED-BY",),
    "minutes": ("X-RELMANAGER-MINUTES",), "note": ("DESCRIPTION",),
    "title": ("X-RELMANAGER-TITLE", "SUMMARY"), "due_at": ("DUE",),
    "done_at": ("STATUS", "COMPLETED"),
    "requester": ("X-RELMANAGER-REQUESTER", "SUMMARY"),
    "target": ("X-RELMANAGER-TARGET", "SUMMARY"),
    "requested_at": ("X-RELMANAGER-REQUESTED-AT", "DTSTART"),
}


def patch_entry(raw: str, component: str, names: Iterable[str], rendered: str) -> str:
    """``raw`` (a VJOURNAL or VTODO as fetched) with the properties of the changed
    fields taken from ``rendered`` (Relmanager's own writing of the entry)."""
    patcher = Patcher(raw, component)
    source = Patcher(rendered, component)
    new = [source.lines[i] for i in source.body()]
    properties: list[str] = []
    for name in names:
        owned = ENTRY_PROPERTIES.get(name, ("X-RELMANAGER-" + name.upper().replace("_", "-"),))
        properties += [p for p in owned if p not in properties]
    for prop in properties:
        patcher.replace((prop,), [Line(line.text, line.group, line.name) for line in new
                                  if line.name == prop])
    return patcher.text()


def conflict_lines(text: str, component: str) -> list[str]:
    """The X-RELMANAGER-CONFLICT values in an entry (see the engine)."""
    try:  # the component is looked for by lines_named, not by Patcher()
        lines = Patcher(text, component).lines_named("X-RELMANAGER-CONFLICT")
    except ValueError:
        return []
    return [value_of(line).strip() for line in lines]


def set_conflicts(text: str, component: str, values: list[str]) -> str:
    patcher = Patcher(text, component)
    patcher.replace(("X-RELMANAGER-CONFLICT",),
                    [Line(f"X-RELMANAGER-CONFLICT:{value}\r\n", None, "X-RELMANAGER-CONFLICT")
                     for value in values])
    return patcher.text()
