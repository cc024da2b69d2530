"""A contact's card as text: Relmanager's own writing of it, what a card's text says, and
a contact's fields patched into a card another app wrote.

One rule for every way a card leaves: sync patches an edit into the server's text of the
card (relmanager.sync.outgoing), and an export or a first sync patches the contact into
the card it was imported from (relmanager.interchange.vcard_keep). Either way only the
properties of the fields that differ are rewritten (:func:`changed_fields`), and every
other line stays as it was (relmanager.interchange.card_patch). Below the store, so the
exporter uses it without importing sync.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime

from relmanager.interchange import card_patch
from relmanager.interchange.content_lines import split_lines, value_of
from relmanager.interchange.records import ParsedContact
from relmanager.interchange.sync_fields import OWN_FIELDS, Fields, _iso, contact_fields
from relmanager.interchange.vcard_in import parse_vcard_bytes
from relmanager.interchange.vcard_out import contact_to_vcard4

__all__ = ["CardError", "card_fields", "changed_fields", "contact_vcard", "local_to_utc",
           "patched_card", "stage_history"]


class CardError(ValueError):
    """A text that is not one readable contact card."""


def local_to_utc(value: str) -> datetime:
    """A local time of this device as UTC: a floating time would be read as the same
    wall-clock time in every time zone (a 10:00 call in Berlin at 10:00 in New York)."""
    return datetime.fromisoformat(value).astimezone(UTC)


def contact_vcard(uid: str, fields: Fields) -> str:
    """Relmanager's own writing of a contact's fields: the export's vCard 4.0, with the
    stage's moves as ``X-RELMANAGER-STAGE-CHANGE`` lines."""
    record = ParsedContact(
        first_name=fields["first_name"], last_name=fields["last_name"],
        display_name=fields["display_name"],
        emails=[tuple(e) for e in fields["emails"]], phones=[tuple(p) for p in fields["phones"]],
        organisation=fields["organisation"], title=fields["title"],
        links=[tuple(k) for k in fields["links"]], notes=fields["notes"],
        tags=list(fields["tags"]), birthday=fields["birthday"],
        photo=base64.b64decode(fields["photo"]) if fields["photo"] else None,
        met_on=date.fromisoformat(fields["met_on"]) if fields["met_on"] else None,
        how_met=fields["how_met"] or "", where_met=fields["where_met"] or "",
        intent=fields["intent"] or "", stage=fields["stage"], sphere=fields["sphere"],
        cadence_days=fields["cadence_days"],
        related=[f"urn:uuid:{fields['introduced_by']}"] if fields["introduced_by"] else [],
        relations=[(kind, other) for kind, other in fields.get("relations") or ()],
        uid=uid, archived=bool(fields.get("archived")))
    text = contact_to_vcard4(record)
    moves = "".join(f"X-RELMANAGER-STAGE-CHANGE:{old}>{new}@"
                    f"{local_to_utc(when).strftime('%Y%m%dT%H%M%SZ')}\r\n"
                    for old, new, when in fields.get("stage_history") or ())
    return text[:text.rindex("END:VCARD")] + moves + "END:VCARD\r\n" if moves else text


_MOVE = re.compile(r"^([a-z_]*)>([a-z_]+)@(\d{8}T\d{6}Z)$")


def stage_history(text: str) -> list[list[str]] | None:
    """The stage moves a card carries (each with the time it happened, as local time
    here), or None when it carries none (another client's card, an older Relmanager)."""
    moves = []
    # content lines, not str.splitlines: a note's U+2028 would make its tail a "line"
    for line in split_lines(text):
        if line.name == "X-RELMANAGER-STAGE-CHANGE" and not line.group:
            match = _MOVE.match(value_of(line).strip())
            if match:
                when = datetime.strptime(match.group(3), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                moves.append([match.group(1), match.group(2), _iso(when)])
    return sorted(moves, key=lambda m: m[2]) or None


def card_fields(text: str, name: str = "") -> tuple[ParsedContact, Fields]:
    """The contact a card's text holds and its comparable fields; raises
    :class:`CardError` for a text that is not one contact (``name`` says which)."""
    result = parse_vcard_bytes(text.encode("utf-8"), name)
    if result.groups:  # the reader's rule (vcard_props._h_kind), the file import's too
        raise CardError(f"{name}: an address book group (of another app); left as it is")
    if result.fatal or len(result.contacts) != 1:
        reason = result.problems[0].message if result.problems else "no single contact"
        raise CardError(f"{name}: {reason}")
    record = result.contacts[0]
    fields = contact_fields(record, text)
    if record.stage is None:  # a card without our properties: they are not known here
        for own in OWN_FIELDS:
            fields[own] = None
    else:
        fields["stage_history"] = stage_history(text)
    return record, fields


def changed_fields(fields: Fields, base: Fields | None, stored: Fields,
                   own: tuple[str, ...] = ()) -> set[str]:
    """The fields whose properties must be rewritten in a text that reads as ``stored``:
    changed since the base (what both sides last agreed on), so values another client
    wrote in its own way are left alone, and not already what the text says (another
    device may have written the same value); with no base (a first pairing, a card
    imported from a file) only what differs. ``own`` (Relmanager's own fields) go
    together, against what the card really says: a foreign card has none of them, and
    its first stage move writes them all."""
    names = {n for n, v in fields.items()
             if (base is None or base.get(n) != v) and stored.get(n) != v}
    if names & set(own):
        names |= {n for n in own if stored.get(n) != fields.get(n)}
    return names


def _read(text: str) -> Fields:
    return card_fields(text)[1]


def patched_card(uid: str, fields: Fields, base: Fields | None, raw: str) -> str:
    """``raw`` (a card another app wrote: the server's, or the one a file import kept)
    with the contact's ``fields`` patched in where they differ (see
    :func:`changed_fields`); Relmanager's own writing when ``raw`` is no card."""
    try:
        names = changed_fields(fields, base, _read(raw), OWN_FIELDS)
    except CardError:
        names = set(fields)
    try:
        return card_patch.patch_contact(raw, names, fields, lambda f: contact_vcard(uid, f),
                                        _read)
    except ValueError:  # the stored text is no card: written afresh
        return contact_vcard(uid, fields)
