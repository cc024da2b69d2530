"""What is sent for one entry: the text as the server has it, patched where Relmanager's
fields changed, or (never fetched) Relmanager's own writing of it; plus the conflict
markers that tell the other devices about a conflict.

A conflict is noticed by whichever device syncs second. It keeps its value (which the
server gets) and lists the other one; so that the first device learns of it too, the
entry carries one ``X-RELMANAGER-CONFLICT:field=<base64 JSON of the other value>`` line
per open conflict. A device that resolves the conflict sends the entry without the line,
and the others drop their copy of the conflict when they see it gone.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from relmanager.interchange import card_patch as patch
from relmanager.interchange.card_text import changed_fields, patched_card
from relmanager.interchange.content_lines import Line, Patcher, value_of
from relmanager.sync.entries import (
    OWN_FIELDS,
    UID_PARAM,
    EntryError,
    Fields,
    contact_vcard,
    follow_up_ics,
    interaction_ics,
    introduction_ics,
    parse_calendar_entry,
    parse_contact,
)

COMPONENT = {"contact": "VCARD", "interaction": "VJOURNAL", "follow_up": "VTODO",
             "introduction": "VJOURNAL"}


def encode_marker(field: str, value: Any) -> str:
    return f"{field}=" + base64.b64encode(json.dumps(value).encode()).decode("ascii")


def markers_of(text: str | None, kind: str) -> dict[str, Any]:
    """field -> the other value, for each conflict the entry's text says is open."""
    found: dict[str, Any] = {}
    if not text:
        return found
    for value in patch.conflict_lines(text, COMPONENT[kind]):
        name, _sep, data = value.partition("=")
        try:
            found[name] = json.loads(base64.b64decode(data, validate=True))
        except (binascii.Error, ValueError):
            continue  # damaged by another client: that conflict is simply not shared
    return found


def changed_names(kind: str, fields: Fields, base: Fields | None, raw: str) -> set[str]:
    """The fields whose properties must be rewritten in ``raw``: the one rule of
    :func:`relmanager.interchange.card_text.changed_fields`, Relmanager's own fields
    together for a contact."""
    try:
        parse = parse_contact if kind == "contact" else parse_calendar_entry
        stored = parse(raw, "").fields
    except EntryError:
        return set(fields)
    names = changed_fields(fields, base, stored, OWN_FIELDS if kind == "contact" else ())
    if kind == "interaction":  # optional fields (sync_fields.interaction_extras) that went
        names |= {n for n in ("participants", "received_only")
                  if n not in fields and stored.get(n) is not None}
    return names


def contact_text(uid: str, fields: Fields, base: Fields | None, raw: str | None,
                 markers: list[str]) -> str:
    text = contact_vcard(uid, fields) if raw is None else patched_card(uid, fields, base, raw)
    return patch.set_conflicts(text, "VCARD", markers) if markers or raw else text


def entry_text(kind: str, uid: str, fields: Fields, base: Fields | None, raw: str | None,
               contact_name: str, channel_name: str, markers: list[str],
               names: dict[str, str] | None = None,
               people: dict[str, tuple[str, str]] | None = None) -> str:
    if kind == "introduction":
        rendered = introduction_ics(uid, fields, names or {})
    elif kind == "interaction":
        rendered = interaction_ics(uid, fields, contact_name, channel_name, people)
    else:
        rendered = follow_up_ics(uid, fields, contact_name)
    text = rendered
    if raw is not None:
        try:
            changed = changed_names(kind, fields, base, raw)
            text = patch.patch_entry(raw, COMPONENT[kind], changed - {"participants"},
                                     rendered)
            if "participants" in changed:
                text = _patch_attendees(text, rendered)
        except ValueError:
            text = rendered
    return patch.set_conflicts(text, COMPONENT[kind], markers) if markers or raw else text


def _ours(line: Line) -> bool:
    """An ATTENDEE line naming a participant of ours: it has our parameter (see
    entries.UID_PARAM). A ``urn:uuid:`` address alone is no sign: another client's room
    or resource is written so, and was dropped from the entry on the next edit here."""
    text = line.unfolded
    head = text[:len(text) - len(value_of(line))].upper()  # quote-aware: CN="Dr: Who"
    return f";{UID_PARAM.upper()}=" in head


def _patch_attendees(text: str, rendered: str) -> str:
    """Our ATTENDEE lines (and the SUMMARY naming the people) taken from ``rendered``;
    attendees another client added, without our parameter, stay byte for byte."""
    patcher = Patcher(text, "VJOURNAL")
    source = Patcher(rendered, "VJOURNAL")
    new = [Line(line.text, line.group, line.name)
           for line in source.lines_named("ATTENDEE")]
    patcher.replace(("ATTENDEE",), new, keep=lambda line: not _ours(line))
    patcher.replace(("SUMMARY",), [Line(line.text, line.group, line.name)
                                   for line in source.lines_named("SUMMARY")])
    return patcher.text()
