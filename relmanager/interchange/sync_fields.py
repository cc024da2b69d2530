"""The comparable fields of each kind of synced entry, shared by the store (which reads
its rows into them) and sync (which reads server entries into them): plain dicts of JSON
values, so both sides compare like with like. Below the store, so the store never imports
sync; relmanager.sync.entries re-exports them."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime
from typing import Any

from relmanager.domain.contact_fields import OWN
from relmanager.interchange.records import ParsedContact

Fields = dict[str, Any]
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")

#: Our own contact fields: a card that comes back without them (a phone that drops
#: unknown properties, or a contact made on the phone) leaves them as they were.
#: "relations": [kind, other's uid] of the entered relations (domain.relations), sorted;
#: both people's cards carry the pair (see :func:`relations_field`).
OWN_FIELDS = (*OWN, "stage_history", "relations")
CONTACT_FIELDS = ("display_name", "first_name", "last_name", "emails", "phones",
                  "organisation", "title", "links", "notes", "tags", "birthday", "photo",
                  *OWN_FIELDS)
INTERACTION_FIELDS = ("contact", "occurred_at", "channel", "exchange", "initiated_by",
                      "minutes", "note")
FOLLOW_UP_FIELDS = ("contact", "title", "due_at", "done_at", "note")
#: An introduction's people are contact uids (None: the user), its steps' times local ISO.
INTRO_PEOPLE = ("requester", "target", "introducer")
INTRO_TIMES = ("requested_at", "consent_asked_at", "consent_given_at", "declined_at",
               "made_at", "followed_up_at", "closed_at", "follow_up_due_at")
INTRO_TEXTS = ("reason_requester", "reason_target", "status", "outcome", "note")
INTRODUCTION_FIELDS = (*INTRO_PEOPLE, *INTRO_TEXTS, *INTRO_TIMES)


def _iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def relations_field(record: ParsedContact, card: str | None = None) -> list[list[str]]:
    """The entered relations as sync compares them: [kind, other's uid], sorted. Read from
    a card's text, only our own typed RELATED lines count (another app's spouse or child
    is that app's line, which sync never rewrites, so it must not be taken for ours
    either); from the database, the record's relations (all ours), linked by uid."""
    if card is not None:
        from relmanager.interchange.card_patch import own_relations

        return own_relations(card)
    return sorted([kind, other.removeprefix("urn:uuid:")] for kind, other in record.relations
                  if _UUID.match(other.removeprefix("urn:uuid:")))


def contact_fields(record: ParsedContact, card: str | None = None) -> Fields:
    """The comparable fields of a contact (emails lower-cased, tags sorted, the photo as
    base64, the introducer as a uid); ``card``: the vCard text it was read from."""
    # The reader strips "urn:uuid:"; a RELATED that is a name, not a uid, is no introducer.
    introducer = next((r.removeprefix("urn:uuid:") for r in record.related
                       if _UUID.match(r.removeprefix("urn:uuid:"))), None)
    return {
        "display_name": record.display_name, "first_name": record.first_name,
        "last_name": record.last_name,
        "emails": [[address.strip().lower(), label] for address, label in record.emails],
        "phones": [[number, label] for number, label in record.phones],
        "organisation": record.organisation, "title": record.title,
        "links": [[kind, url] for kind, url in record.links], "notes": record.notes,
        "tags": sorted(record.tags, key=str.casefold), "birthday": record.birthday,
        "photo": base64.b64encode(record.photo).decode("ascii") if record.photo else None,
        # Our own fields, in the order of relmanager.domain.contact_fields (OWN_FIELDS).
        "sphere": record.sphere, "stage": record.stage, "intent": record.intent,
        "how_met": record.how_met, "where_met": record.where_met,
        "met_on": _iso(record.met_on), "introduced_by": introducer,
        "cadence_days": record.cadence_days, "archived": record.archived,
        # [from stage or "", to stage, local ISO time], oldest first; None: not carried
        # (filled in from the database, or from the card's X-RELMANAGER-STAGE-CHANGE)
        "stage_history": None,
        "relations": relations_field(record, card),
    }


def interaction_fields(contact: str, occurred_at: datetime | None, channel: str,
                       exchange: str, initiated_by: str, minutes: int, note: str) -> Fields:
    """The comparable fields of an interaction, read from the database or a VJOURNAL."""
    return {"contact": contact, "occurred_at": _iso(occurred_at), "channel": channel,
            "exchange": exchange, "initiated_by": initiated_by, "minutes": minutes,
            "note": note}


def follow_up_fields(contact: str, title: str, due_at: datetime | None,
                     done_at: datetime | None, note: str) -> Fields:
    """The comparable fields of a follow-up, read from the database or a VTODO."""
    return {"contact": contact, "title": title, "due_at": _iso(due_at),
            "done_at": _iso(done_at), "note": note}


def introduction_fields(people: dict[str, str | None], texts: dict[str, str],
                        times: dict[str, datetime | None]) -> Fields:
    """The comparable fields of an introduction, read from the database or a VJOURNAL."""
    return {**{n: people.get(n) for n in INTRO_PEOPLE},
            **{n: texts.get(n, "") for n in INTRO_TEXTS},
            **{n: _iso(times.get(n)) for n in INTRO_TIMES}}


# -- group events and the received-only mark (issue 24) -------------------------------
def interaction_extras(participants: list[str] | None, received_only: bool) -> Fields:
    """The optional fields of an interaction, present only when they say something: a
    group event's ``participants`` (every participant's contact uid, sorted; the entry's
    own contact among them) and captured mail's ``received_only`` mark (received, never
    answered: it must not reset going cold on the other device either). A one-person
    typed interaction has neither, so its fields, and the text sent for it, are exactly
    what they were before groups travelled."""
    extra: Fields = {}
    people = sorted(set(participants or ()))
    if len(people) > 1:
        extra["participants"] = people
    if received_only:
        extra["received_only"] = True
    return extra
