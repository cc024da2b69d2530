"""A rename or a new birthday made here changes only what Relmanager has of another
client's card: the N line keeps its parameters (SORT-AS, LANGUAGE, ALTID), its other
components and any alternative in another script; a birthday without a year goes into a
vCard 3.0 card the way vCard 3 readers understand (Apple's X-APPLE-OMIT-YEAR with the year
1604), and a birthday left alone keeps the card's own form. Against Radicale and Xandikos,
with a second device reading back what the server has."""

from __future__ import annotations

import pytest

from relmanager.interchange.content_lines import split_lines
from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import engine
from tests.sync.server_cards import account_client, put_card

NAMES = ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:7d7a2a3e-5f5e-4c1b-9f7c-0a1b2c3d4e5f\r\n"
         "FN:Ada Lovelace\r\n"
         'N;ALTID=1;LANGUAGE=en;SORT-AS="Lovelace,Ada":Lovelace;Ada;Augusta;Countess;'
         "of Lovelace\r\nEND:VCARD\r\n")


def _card(birthday_line: str) -> str:
    return ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
            "N:Hopper;Grace;;;\r\nFN:Grace Hopper\r\n" + birthday_line +
            "UID:0b5e3f7c-1111-4a2b-8c3d-222233334444\r\nEND:VCARD\r\n")


def _server_text(href: str) -> str:
    client = account_client()
    try:
        book = href.rsplit("/", 1)[0] + "/"
        return client.multiget(book, [href], calendar=False)[href][1]
    finally:
        client.close()


def _line(text: str, name: str) -> list[str]:
    return [line.unfolded for line in split_lines(text) if line.name == name]


def test_renaming_keeps_the_n_lines_parameters_components_and_alternatives(devices, clock):
    """Before the fix the N line went back as 'N:Lovelace;Augusta Ada;Augusta;Countess;
    of Lovelace': SORT-AS, LANGUAGE and ALTID gone. (Both servers refuse a second N
    line, so the alternative in another script is tested in test_patch.py.)"""
    with devices.a:
        href = put_card("ada.vcf", NAMES)
        engine.sync(clock)
        update_contact(clock, Contact.get().id, first_name="Augusta Ada")
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
        text = _server_text(href)
    assert _line(text, "N") == [
        'N;ALTID=1;LANGUAGE=en;SORT-AS="Lovelace,Ada":Lovelace;Augusta Ada;Augusta;'
        "Countess;of Lovelace"]
    with devices.b:
        engine.sync(clock)
        assert Contact.get().first_name == "Augusta Ada"


@pytest.mark.parametrize(("old", "new", "written"), [
    ("BDAY:1906-12-09", "--12-09", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09"),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09", "1906-12-09", "BDAY:1906-12-09"),
    ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-12-09", "--03-04",
     "BDAY;X-APPLE-OMIT-YEAR=1900:1900-03-04"),
    ("BDAY;x-apple-omit-year=2000;VALUE=date:2000-12-09", "--02-29",
     "BDAY;X-APPLE-OMIT-YEAR=2000:2000-02-29"),
    ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-12-09", "--02-29",
     "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29"),
    ("BDAY:1985-12-09", "--03-04", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-04")])
def test_a_birthday_goes_into_vcard_3_as_vcard_3_readers_take_it(devices, clock, old, new,
                                                                written):
    """Before the fix the card got 'BDAY:--1209', which vCard 3.0 has no form for, and
    'BDAY:19061209', the 4.0 form without dashes that Google's reader does not take. A
    card whose own client named another placeholder year (1900, 2000) keeps it for a new
    birthday without a year (on the old code 1604 replaced it), unless 29 February does
    not fit in it."""
    with devices.a:
        href = put_card("grace.vcf", _card(old + "\r\n"))
        engine.sync(clock)
        update_contact(clock, Contact.get().id, birthday=new)
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
        text = _server_text(href)
    assert _line(text, "BDAY") == [written]
    with devices.b:
        engine.sync(clock)
        assert Contact.get().birthday == new


@pytest.mark.parametrize("line", ["BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09",
                                  "BDAY;VALUE=date:--1209", "BDAY:--12-09",
                                  "BDAY;X-APPLE-OMIT-YEAR=1900:1900-12-09",
                                  "BDAY;VALUE=date;X-APPLE-OMIT-YEAR=2000:2000-12-09"])
def test_a_birthday_not_changed_here_keeps_the_cards_own_form(devices, clock, line):
    with devices.a:
        href = put_card("grace.vcf", _card(line + "\r\n"))
        engine.sync(clock)
        assert Contact.get().birthday == "--12-09"
        update_contact(clock, Contact.get().id, title="Rear admiral")
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
        text = _server_text(href)
    assert _line(text, "BDAY") == [line]
    assert "TITLE:Rear admiral" in text
