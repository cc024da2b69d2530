"""vCard 4.0 export (RFC 6350) through vobject, carrying the app's own fields.

Stage, intent, sphere, rhythm and how/where/when the user met someone have no standard
vCard property, so they travel as ``X-RELMANAGER-*`` properties; other programs keep and
ignore them, and importing the file back gives the same contacts (the round-trip test).
Labels that vCard has a TYPE for are written as TYPE; any other label travels the way
Apple writes it (``item1.EMAIL`` plus ``item1.X-ABLabel``), which most address books read.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

import vobject
from vobject.base import Component, ContentLine
from vobject.vcard import Name, VCardTextBehavior

from relmanager.domain.relations import VCARD_TYPE_OF, RelationKind
from relmanager.interchange.records import ParsedContact, guess_link_kind
from relmanager.interchange.vcard_values import image_media_type

__all__ = ["contact_to_vcard4", "contacts_to_vcard4"]

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_EMAIL_TYPES = {"home": "home", "work": "work"}
_TEL_TYPES = {
    "home": "home",
    "work": "work",
    "mobile": "cell",
    "fax": "fax",
    "pager": "pager",
    "video": "video",
    "textphone": "textphone",
}


class _Writer:
    """Builds one vobject VCARD component; numbers Apple-style item groups."""

    def __init__(self) -> None:
        self.card: Component = vobject.vCard()
        self.card.add("version").value = "4.0"
        self.groups = 0

    def text(self, name: str, value: str, group: str | None = None) -> ContentLine:
        line = self.card.add(name, group=group) if group else self.card.add(name)
        line.value = value
        return line

    def raw(self, name: str, value: str) -> ContentLine:
        """A URI-valued property: written as is, never backslash-escaped (RFC 6350 3.4)."""
        line = self.card.add(name)
        line.value = value
        line.encoded = True
        return line

    def labelled(self, name: str, value: str, label: str, types: dict[str, str]) -> None:
        words = label.split()
        if all(w in types for w in words):
            line = self.text(name, value)
            if words:
                line.params["TYPE"] = [types[w] for w in words]
            return
        self.groups += 1
        group = f"item{self.groups}"
        self.text(name, value, group)
        self.text("X-ABLabel", label, group)


def _uri_or_text(writer: _Writer, name: str, value: str, related_type: str = "contact") -> None:
    if _UUID.match(value):
        line = writer.raw(name, f"urn:uuid:{value}")
    elif _URI.match(value) and " " not in value:
        line = writer.raw(name, value)
    else:
        line = writer.text(name, value)
        line.params["VALUE"] = ["text"]
    if name == "RELATED":
        line.params["TYPE"] = [related_type]


def _birthday(value: str) -> str:
    """ISO 'YYYY-MM-DD' / '--MM-DD' to the vCard 4.0 forms '19850312' / '--0312'."""
    if value.startswith("--"):
        return "--" + value[2:].replace("-", "")
    return value.replace("-", "")


def contact_to_vcard4(contact: ParsedContact) -> str:
    """One contact as a vCard 4.0 text block (CRLF line endings, lines folded at 75 octets)."""
    w = _Writer()
    display = contact.display_name or " ".join(
        p for p in (contact.first_name, contact.last_name) if p
    )
    if contact.uid:
        _uri_or_text(w, "UID", contact.uid)
    w.text("FN", display)
    w.text("N", "").value = Name(family=contact.last_name, given=contact.first_name)
    for address, label in contact.emails:
        w.labelled("EMAIL", address, label, _EMAIL_TYPES)
    for number, label in contact.phones:
        w.labelled("TEL", number, label, _TEL_TYPES)
    if contact.organisation:
        w.text("ORG", "").value = [contact.organisation]
    if contact.title:
        w.text("TITLE", contact.title)
    for kind, url in contact.links:
        line = w.raw("URL", url)
        if kind != guess_link_kind(url):
            line.params["TYPE"] = [f"x-{kind}"]
    if contact.notes:
        w.text("NOTE", contact.notes)
    if contact.birthday:
        w.text("BDAY", _birthday(contact.birthday))
    if contact.tags:
        w.text("CATEGORIES", "").value = list(contact.tags)
    if contact.photo:
        payload = base64.b64encode(contact.photo).decode("ascii")
        line = w.raw("PHOTO", f"data:{image_media_type(contact.photo)};base64,{payload}")
        line.behavior = VCardTextBehavior  # fold it: vobject leaves photos unfolded for Apple
    if contact.photo_uri:
        w.raw("PHOTO", contact.photo_uri)
    for related in contact.related:
        _uri_or_text(w, "RELATED", related)
    for kind, other in contact.relations:
        _uri_or_text(w, "RELATED", other, VCARD_TYPE_OF[RelationKind(kind)])
    own = {
        "STAGE": contact.stage or "",
        "SPHERE": contact.sphere or "",
        "INTENT": contact.intent,
        "CADENCE": str(contact.cadence_days) if contact.cadence_days else "",
        "HOW-MET": contact.how_met,
        "WHERE-MET": contact.where_met,
        "MET-ON": contact.met_on.isoformat() if contact.met_on else "",
        "ARCHIVED": "1" if contact.archived else "",
    }
    for key, value in own.items():
        if value:
            w.text(f"X-RELMANAGER-{key}", value)
    return w.card.serialize()


def contacts_to_vcard4(records: Iterable[ParsedContact]) -> str:
    """All the records as one vCard 4.0 file's text, in the order given."""
    return "".join(contact_to_vcard4(record) for record in records)
