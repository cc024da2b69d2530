"""What one synced thing looks like on both sides: a flat dict of fields.

A contact Relmanager creates travels as a vCard 4.0 (the export's writer and the import's
reader, so our fields ride along as ``X-RELMANAGER-*``, its stage moves as
``X-RELMANAGER-STAGE-CHANGE``), an interaction as an iCalendar VJOURNAL, a follow-up as a
VTODO and an introduction as a VJOURNAL of its own kind; times are written in UTC. An
entry fetched from the server is never rebuilt from these writers: a change is patched
into its stored text (relmanager.interchange.card_patch). Both sides are turned into the same plain
dict of JSON values, which is what the three-way merge compares and what the sync state
keeps as the last version both sides agreed on. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar, Journal, Todo, vCalAddress

from relmanager.interchange.calendar_size import cut_oversized, too_many_lines
from relmanager.interchange.card_text import (  # noqa: F401  (contact_vcard, stage_history: re-exported)
    CardError,
    card_fields,
    contact_vcard,
    stage_history,
)
from relmanager.interchange.card_text import local_to_utc as _utc
from relmanager.interchange.content_lines import split_lines, value_of
from relmanager.interchange.ics_out import PRODID
from relmanager.interchange.records import ParsedContact
from relmanager.interchange.sync_fields import (  # noqa: F401  (re-exported: sync's API)
    CONTACT_FIELDS,
    FOLLOW_UP_FIELDS,
    INTERACTION_FIELDS,
    INTRO_PEOPLE,
    INTRO_TEXTS,
    INTRO_TIMES,
    INTRODUCTION_FIELDS,
    OWN_FIELDS,
    Fields,
    _iso,
    contact_fields,
    follow_up_fields,
    interaction_extras,
    interaction_fields,
    introduction_fields,
)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")


def resource_name(uid: str, suffix: str) -> str:
    """The file name of a new entry on the server. A UID is not a safe name: Apple's end
    in ``:ABPerson``, Google's are URLs, and servers refuse ``/`` and ``:`` in names
    (Radicale 400, Xandikos 403). Such a UID gets a UUID derived from it (the same one on
    every retry, so an interrupted upload is never duplicated); the card keeps its UID."""
    name = uid if _SAFE_NAME.match(uid) else str(uuid.uuid5(uuid.NAMESPACE_URL, uid))
    return name + suffix


def entry_label(kind: str, fields: Fields, contact_name: str = "") -> str:
    """How the user knows an entry, for the sync report: a name, never a URL."""
    if kind == "contact":
        return fields.get("display_name") or " ".join(
            p for p in (fields.get("first_name"), fields.get("last_name")) if p) or "a contact"
    if kind == "introduction":
        return "an introduction"
    what = "interaction" if kind == "interaction" else "follow-up"
    title = f" '{fields['title']}'" if kind == "follow_up" and fields.get("title") else ""
    return f"{what}{title} with {contact_name}" if contact_name else f"{what}{title}"


class EntryError(ValueError):
    """A server entry we cannot read; it is skipped and named in the sync report."""


@dataclass
class Entry:
    kind: str  # contact | interaction | follow_up
    uid: str
    fields: Fields
    #: Fields the entry has a line for but that line tells nothing readable: a PHOTO
    #: Radicale left as ``data:image/jpeg\;base64`` (its vCard library drops a vCard 4.0
    #: photo's data). Such a field is no change there: this device's value stands.
    unknown: frozenset[str] = frozenset()


def parse_contact(text: str, href: str) -> Entry:
    try:
        record, fields = card_fields(text, href)
    except CardError as error:
        raise EntryError(str(error)) from None
    uid = (record.uid or href.rsplit("/", 1)[-1].removesuffix(".vcf")).removeprefix("urn:uuid:")
    return Entry("contact", uid, fields, _unreadable_photo(record, text))


def _unreadable_photo(record: ParsedContact, text: str) -> frozenset[str]:
    """{"photo"} when the card has a PHOTO line but no photo could be read from it (nor a
    link): taking that as "the photo was removed there" would delete the photo here."""
    if record.photo is not None or record.photo_uri or "PHOTO" not in text.upper():
        return frozenset()
    found = any(line.name == "PHOTO" and value_of(line).strip() for line in split_lines(text))
    return frozenset({"photo"}) if found else frozenset()


# -- calendar entries -----------------------------------------------------------------
def _calendar(component: Journal | Todo) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add_component(component)
    return cal.to_ical().decode("utf-8")


#: The ATTENDEE parameter naming a participant's contact uid (ours; other clients keep it).
UID_PARAM = "X-RELMANAGER-UID"


def interaction_ics(uid: str, fields: Fields, contact_name: str, channel_name: str,
                    people: dict[str, tuple[str, str]] | None = None) -> str:
    """An interaction as a VJOURNAL. A group event is ONE journal entry (one uid) with an
    ATTENDEE per participant (RFC 5545 3.8.4.1): ``mailto:`` when an e-mail is known,
    else ``urn:uuid:`` of the contact, the name in CN and the contact's uid in
    X-RELMANAGER-UID; ``people`` maps uid -> (name, e-mail)."""
    journal = Journal()
    journal.add("uid", uid)
    journal.add("dtstamp", datetime.now(UTC))
    journal.add("dtstart", _utc(fields["occurred_at"]))
    participants = fields.get("participants") or []
    people = people or {}
    names = [people.get(p, ("", ""))[0] for p in participants] if participants else []
    journal.add("summary", f"{channel_name} with {', '.join(n for n in names if n)}"
                if any(names) else f"{channel_name} with {contact_name}")
    if fields["note"]:
        journal.add("description", fields["note"])
    journal.add("x-relmanager-contact", fields["contact"])
    for name in ("channel", "exchange", "initiated_by"):
        journal.add(f"x-relmanager-{name.replace('_', '-')}", fields[name])
    journal.add("x-relmanager-minutes", str(fields["minutes"]))
    for participant in participants:
        journal.add("attendee", _attendee(participant, *people.get(participant, ("", ""))))
    if fields.get("received_only"):
        journal.add("x-relmanager-received-only", "TRUE")
    return _calendar(journal)


def _attendee(contact_uid: str, name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}" if email else f"urn:uuid:{contact_uid}")
    if name:
        address.params["CN"] = name
    address.params[UID_PARAM] = contact_uid
    return address


def _participants(component: Any, contact: str) -> list[str]:
    """The contact uids of a journal entry's ATTENDEEs that name one (ours: by the
    X-RELMANAGER-UID parameter, which Relmanager has always written); others' attendees are not
    participants (and their lines are kept as they are)."""
    found = component.get("ATTENDEE") or []
    found = found if isinstance(found, list) else [found]
    uids = []
    for attendee in found:
        params = getattr(attendee, "params", {})
        # Only our parameter says it: a urn:uuid address alone may be another client's
        # room or resource, whose line would then have been rewritten (or dropped).
        value = params.get(UID_PARAM)
        if value:
            uids.append(str(value))
    return [contact, *uids] if uids else []


def follow_up_ics(uid: str, fields: Fields, contact_name: str) -> str:
    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", datetime.now(UTC))
    todo.add("summary", f"{fields['title']} ({contact_name})" if contact_name
             else fields["title"])
    todo.add("x-relmanager-title", fields["title"])
    todo.add("due", _utc(fields["due_at"]))
    if fields["note"]:
        todo.add("description", fields["note"])
    if fields["done_at"]:
        todo.add("status", "COMPLETED")
        todo.add("completed", _utc(fields["done_at"]))
    else:
        todo.add("status", "NEEDS-ACTION")
    todo.add("x-relmanager-contact", fields["contact"])
    return _calendar(todo)


def _prop(name: str) -> str:
    return "x-relmanager-" + name.replace("_", "-")


def introduction_ics(uid: str, fields: Fields, names: dict[str, str]) -> str:
    """An introduction as a VJOURNAL: who, why, and the time of each step (in UTC)."""
    journal = Journal()
    journal.add("uid", uid)
    journal.add("dtstamp", datetime.now(UTC))
    journal.add("dtstart", _utc(fields["requested_at"]))
    def who(name: str) -> str:
        return names.get(fields[name] or "", "") or "me"
    journal.add("summary", f"Introduction: {who('requester')} to {who('target')}")
    if fields["note"]:
        journal.add("description", fields["note"])
    journal.add("x-relmanager-kind", "introduction")
    for name in INTRO_PEOPLE:
        if fields[name]:
            journal.add(_prop(name), fields[name])
    for name in INTRO_TEXTS:
        if name != "note" and fields[name]:
            journal.add(_prop(name), fields[name])
    for name in INTRO_TIMES:
        if fields[name]:
            journal.add(_prop(name), _utc(fields[name]).strftime("%Y%m%dT%H%M%SZ"))
    return _calendar(journal)


def _parse_introduction(component: Any, uid: str) -> Entry:
    times: dict[str, datetime | None] = {}
    for name in INTRO_TIMES:
        text = _text(component, _prop(name).upper())
        try:
            times[name] = datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) \
                if text else None
        except ValueError:
            times[name] = None
    if times["requested_at"] is None:
        times["requested_at"] = _when(component, "DTSTART")
    people = {n: _text(component, _prop(n).upper()) or None for n in INTRO_PEOPLE}
    texts = {n: _text(component, _prop(n).upper()) for n in INTRO_TEXTS if n != "note"}
    texts["note"] = _text(component, "DESCRIPTION")
    return Entry("introduction", uid, introduction_fields(people, texts, times))


def _text(component: Any, name: str, default: str = "") -> str:
    value = component.get(name)
    return default if value is None else str(value)


def _when(component: Any, name: str) -> datetime | None:
    value = component.get(name)
    return None if value is None else value.dt


def parse_calendar_entry(text: str, href: str) -> Entry:
    """A VJOURNAL (interaction) or VTODO (follow-up) written by Relmanager; anything else
    in the calendar (an event the user added by hand) is not ours and is refused; so is
    one too large to be built (a task with 200,000 alarms cost a capture 20 s and 650 MB,
    see relmanager.interchange.calendar_size)."""
    data = text.encode("utf-8", errors="replace")
    why = too_many_lines(data)
    if why is None:
        cut = cut_oversized(data)[1]
        why = cut[0] if cut else None
    if why:
        raise EntryError(f"{href}: not read: {why}")
    try:
        cal = Calendar.from_ical(text)
    except ValueError as error:
        raise EntryError(f"{href}: not iCalendar ({error})") from None
    for component in cal.walk():
        if component.name == "VJOURNAL" and \
                _text(component, "X-RELMANAGER-KIND") == "introduction":
            return _parse_introduction(component, _text(component, "UID") or
                                       href.rsplit("/", 1)[-1].removesuffix(".ics"))
        contact = _text(component, "X-RELMANAGER-CONTACT")
        if component.name not in ("VJOURNAL", "VTODO") or not contact:
            continue
        uid = _text(component, "UID") or href.rsplit("/", 1)[-1].removesuffix(".ics")
        if component.name == "VJOURNAL":
            try:
                minutes = int(_text(component, "X-RELMANAGER-MINUTES", "0"))
            except ValueError:
                minutes = 0
            return Entry("interaction", uid, {**interaction_fields(
                contact, _when(component, "DTSTART"),
                _text(component, "X-RELMANAGER-CHANNEL", "other"),
                _text(component, "X-RELMANAGER-EXCHANGE", "neutral"),
                _text(component, "X-RELMANAGER-INITIATED-BY", "me"),
                minutes, _text(component, "DESCRIPTION")), **interaction_extras(
                _participants(component, contact),
                _text(component, "X-RELMANAGER-RECEIVED-ONLY").upper() == "TRUE")})
        done = _when(component, "COMPLETED") if _text(component, "STATUS") == "COMPLETED" \
            else None
        return Entry("follow_up", uid, follow_up_fields(
            contact, _text(component, "X-RELMANAGER-TITLE") or _text(component, "SUMMARY"),
            _when(component, "DUE"), done, _text(component, "DESCRIPTION")))
    raise EntryError(f"{href}: not a Relmanager journal entry or task")
