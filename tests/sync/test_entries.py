"""Synced things as flat field dicts: a contact survives vCard 4.0 out and back exactly, a
card from elsewhere leaves our own fields unknown, journal entries and tasks survive
iCalendar out and back (naive local datetimes), and what is not ours is refused."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from datetime import date

import pytest

from relmanager.interchange.records import ParsedContact
from relmanager.sync import entries
from relmanager.sync.entries import (
    CONTACT_FIELDS,
    FOLLOW_UP_FIELDS,
    INTERACTION_FIELDS,
    OWN_FIELDS,
    EntryError,
)

CONTACT_UID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
INTRODUCER_UID = "11111111-2222-4333-8444-555555555555"
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(200))  # long enough to fold the PHOTO line


@pytest.fixture
def new_york_time() -> Iterator[None]:
    """Local time five hours behind UTC (in March), so naive-local handling shows."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "EST+5EDT,M3.2.0,M11.1.0"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def _ada(**changes) -> ParsedContact:
    values = {
        "first_name": "Ada", "last_name": "Lovelace", "display_name": "Ada Lovelace",
        "emails": [("  Ada@Engines.ORG ", "work"), ("ada@home.example", "private")],
        "phones": [("+44 20 7946 0000", "mobile"), ("+44 1632 960000", "boat")],
        "organisation": "Analytical Engines", "title": "Countess",
        "links": [("github", "https://github.com/ada"),
                  ("blog", "https://example.org/notes")],
        "notes": "line one\nline two; with, punctuation \\ and a backslash",
        "tags": ["zeta", "Alpha", "mathematics"], "birthday": "1815-12-10", "photo": PHOTO,
        "met_on": date(2024, 5, 17), "how_met": "a salon", "where_met": "London",
        "intent": "co-write the notes", "stage": "development", "sphere": "business",
        "cadence_days": 21, "related": [f"urn:uuid:{INTRODUCER_UID}"], "uid": CONTACT_UID}
    values.update(changes)
    return ParsedContact(**values)


# -- contacts ---------------------------------------------------------------------------
def test_contact_fields_normalise_the_record():
    fields = entries.contact_fields(_ada())
    assert tuple(fields) == CONTACT_FIELDS
    assert fields["emails"] == [["ada@engines.org", "work"], ["ada@home.example", "private"]]
    assert fields["phones"] == [["+44 20 7946 0000", "mobile"], ["+44 1632 960000", "boat"]]
    assert fields["tags"] == ["Alpha", "mathematics", "zeta"]
    assert fields["photo"] is not None
    assert base64.b64decode(fields["photo"]) == PHOTO
    assert fields["introduced_by"] == INTRODUCER_UID
    assert fields["met_on"] == "2024-05-17"
    assert (fields["stage"], fields["sphere"], fields["cadence_days"]) == (
        "development", "business", 21)


def test_contact_round_trips_every_field_through_a_vcard():
    fields = entries.contact_fields(_ada())
    text = entries.contact_vcard(CONTACT_UID, fields)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "X-RELMANAGER-STAGE:development" in text
    entry = entries.parse_contact(text, f"/alice/book/{CONTACT_UID}.vcf")
    assert entry.kind == "contact"
    assert entry.uid == CONTACT_UID
    mismatched = {name: (fields[name], entry.fields[name]) for name in CONTACT_FIELDS
                  if entry.fields[name] != fields[name]}
    assert mismatched == {}  # field: (sent, read back)
    assert entry.fields == fields


def test_contact_round_trips_the_introducer_uid():
    fields = entries.contact_fields(_ada())
    text = entries.contact_vcard(CONTACT_UID, fields)
    assert f"RELATED;TYPE=contact:urn:uuid:{INTRODUCER_UID}\r\n" in text
    entry = entries.parse_contact(text, f"/alice/book/{CONTACT_UID}.vcf")
    assert entry.fields["introduced_by"] == INTRODUCER_UID


@pytest.mark.parametrize("birthday", ["1815-12-10", "--12-10"])
def test_contact_round_trips_a_birthday_with_or_without_year(birthday):
    fields = entries.contact_fields(_ada(birthday=birthday, related=[]))
    entry = entries.parse_contact(entries.contact_vcard(CONTACT_UID, fields), "/b/x.vcf")
    assert entry.fields["birthday"] == birthday
    assert entry.fields == fields


def test_contact_with_empty_optional_fields_round_trips():
    record = ParsedContact(first_name="Charles", last_name="Babbage",
                           display_name="Charles Babbage", stage="inbox")
    fields = entries.contact_fields(record)
    entry = entries.parse_contact(entries.contact_vcard("c-1", fields), "/b/c-1.vcf")
    assert entry.fields == fields
    assert (entry.fields["photo"], entry.fields["birthday"], entry.fields["met_on"],
            entry.fields["cadence_days"], entry.fields["introduced_by"]) == (
        None, None, None, None, None)
    assert entry.fields["stage"] == "inbox"


def test_a_plain_vcard_3_leaves_our_own_fields_unknown():
    text = ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1234\r\nFN:Grace Hopper\r\n"
            "N:Hopper;Grace;;;\r\nEMAIL;TYPE=INTERNET,WORK:Grace@Navy.mil\r\n"
            "TEL;TYPE=CELL:+1 555 0100\r\nORG:US Navy\r\nCATEGORIES:navy,compilers\r\n"
            "NOTE:found a moth\r\nEND:VCARD\r\n")
    entry = entries.parse_contact(text, "/alice/book/phone-1234.vcf")
    assert entry.uid == "phone-1234"
    for name in OWN_FIELDS:
        assert entry.fields[name] is None, name
    assert entry.fields["display_name"] == "Grace Hopper"
    assert (entry.fields["first_name"], entry.fields["last_name"]) == ("Grace", "Hopper")
    assert entry.fields["emails"] == [["grace@navy.mil", "work"]]
    assert entry.fields["phones"] == [["+1 555 0100", "mobile"]]
    assert entry.fields["tags"] == ["compilers", "navy"]
    assert entry.fields["organisation"] == "US Navy"
    assert entry.fields["notes"] == "found a moth"


def test_a_card_without_uid_takes_it_from_the_href():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n"
    assert entries.parse_contact(text, "/alice/book/from-href.vcf").uid == "from-href"


@pytest.mark.parametrize("text", ["garbage", "", "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"])
def test_unreadable_cards_raise_entry_error_naming_the_href(text):
    with pytest.raises(EntryError, match=r"^/alice/book/bad\.vcf: "):
        entries.parse_contact(text, "/alice/book/bad.vcf")


def test_two_cards_in_one_entry_are_refused():
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nEND:VCARD\r\n"
    with pytest.raises(EntryError, match=r"^/b/two\.vcf: "):
        entries.parse_contact(card.format("One") + card.format("Two"), "/b/two.vcf")


# -- journal entries and tasks ----------------------------------------------------------
INTERACTION = {"contact": CONTACT_UID, "occurred_at": "2026-03-02T09:30:00",
               "channel": "one_on_one", "exchange": "give", "initiated_by": "them",
               "minutes": 45, "note": "Bernoulli numbers; tables, \\ and\na second line"}


def test_interaction_round_trips_through_a_vjournal(new_york_time):
    text = entries.interaction_ics("i-1", INTERACTION, "Ada Lovelace", "Coffee")
    assert "BEGIN:VJOURNAL" in text
    assert "DTSTART:20260302T143000Z\r\n" in text  # 09:30 at UTC-5, in UTC (not floating)
    assert "SUMMARY:Coffee with Ada Lovelace" in text
    entry = entries.parse_calendar_entry(text, "/alice/journal/i-1.ics")
    assert (entry.kind, entry.uid) == ("interaction", "i-1")
    assert tuple(entry.fields) == INTERACTION_FIELDS
    assert entry.fields == INTERACTION


def test_interaction_without_note_round_trips_an_empty_note():
    fields = {**INTERACTION, "note": "", "minutes": 0}
    text = entries.interaction_ics("i-2", fields, "Ada", "Call")
    assert "DESCRIPTION" not in text
    assert entries.parse_calendar_entry(text, "/j/i-2.ics").fields == fields


FOLLOW_UP = {"contact": CONTACT_UID, "title": "send the translation; with notes, A to G",
             "due_at": "2026-03-05T17:00:00", "done_at": None, "note": "the long one"}


def test_open_follow_up_round_trips_through_a_vtodo(new_york_time):
    text = entries.follow_up_ics("f-1", FOLLOW_UP, "Ada Lovelace")
    assert "BEGIN:VTODO" in text
    assert "STATUS:NEEDS-ACTION" in text
    assert "DUE:20260305T220000Z\r\n" in text
    assert "COMPLETED" not in text
    entry = entries.parse_calendar_entry(text, "/alice/journal/f-1.ics")
    assert (entry.kind, entry.uid) == ("follow_up", "f-1")
    assert tuple(entry.fields) == FOLLOW_UP_FIELDS
    assert entry.fields == FOLLOW_UP


def test_done_follow_up_round_trips_its_local_done_time(new_york_time):
    fields = {**FOLLOW_UP, "done_at": "2026-03-04T08:15:42", "note": ""}
    text = entries.follow_up_ics("f-2", fields, "")
    assert "STATUS:COMPLETED" in text
    assert "COMPLETED:20260304T131542Z" in text  # 08:15:42 at UTC-5, stored in UTC
    assert "SUMMARY:send the translation\\; with notes\\, A to G\r\n" in text
    entry = entries.parse_calendar_entry(text, "/alice/journal/f-2.ics")
    assert entry.fields == fields


def test_completed_time_is_ignored_unless_the_status_says_completed():
    fields = {**FOLLOW_UP, "done_at": "2026-03-04T08:15:42"}
    text = entries.follow_up_ics("f-3", fields, "Ada").replace(
        "STATUS:COMPLETED", "STATUS:NEEDS-ACTION")
    assert entries.parse_calendar_entry(text, "/j/f-3.ics").fields["done_at"] is None


def _calendar(component: str, contact: bool) -> str:
    extra = f"X-RELMANAGER-CONTACT:{CONTACT_UID}\r\n" if contact else ""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Someone//Else//EN\r\n"
            f"BEGIN:{component}\r\nUID:x-1\r\nDTSTAMP:20260302T090000Z\r\n"
            f"DTSTART:20260302T100000\r\nSUMMARY:Dentist\r\n{extra}"
            f"END:{component}\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize(("component", "contact"), [
    ("VEVENT", False), ("VEVENT", True), ("VJOURNAL", False), ("VTODO", False)])
def test_calendar_entries_that_are_not_ours_are_refused(component, contact):
    with pytest.raises(EntryError, match=r"^/alice/journal/x-1\.ics: not a Relmanager"):
        entries.parse_calendar_entry(_calendar(component, contact), "/alice/journal/x-1.ics")


def test_a_journal_entry_with_the_contact_property_is_ours():
    entry = entries.parse_calendar_entry(_calendar("VJOURNAL", True), "/j/x-1.ics")
    assert (entry.kind, entry.uid) == ("interaction", "x-1")
    assert entry.fields == {"contact": CONTACT_UID, "occurred_at": "2026-03-02T10:00:00",
                            "channel": "other", "exchange": "neutral",
                            "initiated_by": "me", "minutes": 0, "note": ""}


@pytest.mark.parametrize("text", ["garbage", "", "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nfoo"])
def test_garbage_calendar_text_raises_entry_error(text):
    with pytest.raises(EntryError, match=r"^/alice/journal/junk\.ics: "):
        entries.parse_calendar_entry(text, "/alice/journal/junk.ics")
