"""Shapes of other clients' cards the line patcher must not damage when a field Relmanager
owns is edited here: an iPhone note with a soft line break (U+2028, which Python's
``str.splitlines`` takes for a line end), and cards carrying a property Relmanager reads
once several times (a name in two scripts with ALTID, a second TITLE; a second N is
refused by both servers). Against Radicale
and Xandikos (``devices``), comparing the server's bytes line by line."""

from __future__ import annotations

import pytest

from relmanager.interchange.content_lines import split_lines
from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine
from tests.sync.server_cards import APPLE_GROUP, VCARD4_GROUP
from tests.sync.server_cards import account_client as _client
from tests.sync.server_cards import put_card as _put


def _get(href: str) -> str:
    client = _client()
    try:
        return client.multiget(account.load().addressbook, [href], calendar=False)[href][1]
    finally:
        client.close()


def _lines(text: str) -> list[str]:
    """The card's logical lines, split on CRLF/LF only (what RFC 6350 calls a line)."""
    return [line for line in text.replace("\r\n", "\n").split("\n") if line]


# An iPhone writes a soft line break (shift-return in Notes and Contacts) as U+2028;
# NEL (U+0085) is what a cp1252 "..." becomes when read as Latin-1.
IPHONE_NOTE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
               "N:Hopper;Grace;;;\r\nFN:Grace Hopper\r\n"
               "NOTE:Gate code 1234\u2028EMAIL:someone@else.example\u2028ask for Bob\r\n"
               "X-OTHER-APP:kept\u0085as is\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
               "item1.TEL:+1 555 0100\r\n"
               "UID:7E2F1C4A-0F4B-4C1E-9C55-1B2E3D4F5A6B\r\nEND:VCARD\r\n")


def test_a_note_with_a_unicode_line_separator_is_replaced_whole(devices, clock):
    """Before the fix the patcher split the NOTE at U+2028: editing the note left its tail
    behind as lines of their own, one of them a new EMAIL property on every client."""
    with devices.a:
        href = _put("iphone.vcf", IPHONE_NOTE)
        before = _get(href)
        engine.sync(clock)
        contact = Contact.get()
        assert contact.notes.startswith("Gate code 1234")
        assert contact.emails.count() == 0
        update_contact(clock, contact.id, notes="Gate code changed to 9876")
        assert engine.sync(clock).pushed == 1
        after = _get(href)
    assert [line for line in _lines(after) if not line.startswith("NOTE")] == \
        [line for line in _lines(before) if not line.startswith("NOTE")]
    assert [line for line in _lines(after) if line.startswith("NOTE")] == \
        ["NOTE:Gate code changed to 9876"]
    assert "someone@else.example" not in after
    with devices.b:
        engine.sync(clock)
        other = Contact.get()
        assert other.notes == "Gate code changed to 9876"
        assert other.emails.count() == 0


TWO_SCRIPTS = ("BEGIN:VCARD\r\nVERSION:4.0\r\nPRODID:-//Other App//EN\r\n"
               "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
               "FN;ALTID=1;LANGUAGE=en:Taro Yamada\r\n"
               "FN;ALTID=1;LANGUAGE=ja:\u5c71\u7530\u592a\u90ce\r\n"
               "N:Yamada;Taro;;;\r\n"
               "TITLE:Engineer\r\nTITLE;TYPE=home:Volunteer firefighter\r\n"
               "END:VCARD\r\n")


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def _first(lines: list[str], name: str) -> str:
    return next(line for line in lines if _name(line) == name)


def _others(lines: list[str], owned: str, also: tuple[str, ...]) -> list[str]:
    """The lines without the first ``owned`` one (the one Relmanager reads) and ``also``."""
    first = _first(lines, owned)
    return [line for line in lines if line is not first and _name(line) not in also]


@pytest.mark.parametrize(("change", "owned"), [
    ({"display_name": "Taro Y."}, "FN"),
    ({"title": "CTO"}, "TITLE"),
])
def test_only_the_line_relmanager_reads_is_replaced(devices, clock, change, owned):
    """Relmanager reads the first FN and TITLE of a card; the others (the name in another
    script, a second job) are another client's and stay. Before the fix every FN/TITLE
    line was replaced by the one edited here."""
    with devices.a:
        href = _put("two-scripts.vcf", TWO_SCRIPTS)
        before = _get(href)
        engine.sync(clock)
        contact = Contact.get()
        assert (contact.display_name, contact.first_name, contact.title) == \
            ("Taro Yamada", "Taro", "Engineer")
        update_contact(clock, contact.id, **change)
        assert engine.sync(clock).pushed == 1
        after = _get(href)
    old, new = _lines(before), _lines(after)
    # a new display name also gives new first and last names here (N)
    also = {"FN": ("N",)}.get(owned, ())
    assert _others(new, owned, also) == _others(old, owned, also)
    assert next(iter(change.values())) in _first(new, owned)
    with devices.b:
        engine.sync(clock)
        other = Contact.get()
        field, value = next(iter(change.items()))
        assert getattr(other, field) == value


def test_split_lines_ends_a_line_only_at_cr_or_lf():
    text = "NOTE:a\u2028b\x85c\x0cd\x1ce\r\nX-A:1\nX-B:2\r\n"
    assert [line.name for line in split_lines(text)] == ["NOTE", "X-A", "X-B"]
    assert "".join(line.text for line in split_lines(text)) == text


def test_group_cards_are_not_contacts_and_are_never_deleted(devices, clock):
    """Before the fix a group card was pulled as a contact named "Family": deleting that
    odd contact here (as anyone would) deleted the group for the phone and the Mac."""
    from relmanager.store.snapshots import delete_contacts

    with devices.a:
        _put("member.vcf", IPHONE_NOTE.replace("7E2F1C4A", "7e2f1c4a"))
        groups = {_put("family.vcf", APPLE_GROUP): None, _put("club.vcf", VCARD4_GROUP): None}
        for href in groups:
            groups[href] = _get(href)
        engine.sync(clock)
        assert [c.display_name for c in Contact.select()] == ["Grace Hopper"]
        delete_contacts([c.id for c in Contact.select()])
        engine.sync(clock)
        assert Contact.select().count() == 0
        for href, before in groups.items():
            assert _get(href) == before
        # another client adds a member: still a group, still left alone
        client = _client()
        try:
            href = next(iter(groups))
            etag = client.multiget(account.load().addressbook, [href],
                                   calendar=False)[href][0]
            client.put(href, APPLE_GROUP.replace(
                "END:VCARD", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:"
                "00000000-0000-4000-8000-000000000001\r\nEND:VCARD"), "text/vcard", etag)
        finally:
            client.close()
        engine.sync(clock)
        assert Contact.select().count() == 0
    with devices.b:
        engine.sync(clock)
        assert Contact.select().count() == 0


def test_a_stage_move_inside_a_note_is_not_a_stage_move():
    """The stage moves are read from content lines: a note whose U+2028 line break is
    followed by text shaped like one is a note (before, str.splitlines made it a move)."""
    from relmanager.sync.entries import parse_contact

    card = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nUID:ada\r\nX-RELMANAGER-STAGE:friendship\r\n"
            "X-RELMANAGER-STAGE-CHANGE:development>friendship@20260101T100000Z\r\n"
            "NOTE:see below\u2028X-RELMANAGER-STAGE-CHANGE:friendship>dormant@20260201T100000Z"
            "\r\nEND:VCARD\r\n")
    moves = parse_contact(card, "/b/ada.vcf").fields["stage_history"]
    assert [move[:2] for move in moves] == [["development", "friendship"]]
