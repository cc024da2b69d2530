"""Patching a stored card line by line: only the properties of changed fields are
rewritten, every other line (its folding, its parameters, its group) stays as it was."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from relmanager.interchange.card_patch import patch_contact
from relmanager.interchange.content_lines import split_lines
from relmanager.sync.entries import contact_vcard, parse_contact
from relmanager.sync.outgoing import changed_names, contact_text, markers_of

CARDS = Path(__file__).parent / "cards"
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).decode()


def _card(name: str) -> str:
    return (CARDS / f"{name}.vcf").read_bytes().decode("utf-8")


def _patch(raw: str, **changes) -> str:
    uid = "u-1"
    before = parse_contact(raw, "x.vcf").fields
    after = {**before, **changes}
    for name in ("stage", "sphere"):
        after[name] = after[name] or None
    return patch_contact(raw, set(changes), after, lambda f: contact_vcard(uid, f),
                         lambda text: parse_contact(text, "").fields)


def _others(text: str, *names: str) -> list[str]:
    return [line.text for line in split_lines(text) if line.name not in names]


def test_split_lines_joins_back_to_the_same_bytes():
    raw = _card("davx5")
    assert "".join(line.text for line in split_lines(raw)) == raw
    photo = next(line for line in split_lines(raw) if line.name == "PHOTO")
    assert photo.text.count("\r\n") == 2  # the folded line is one logical line


def test_renaming_keeps_the_name_parts_relmanager_does_not_have():
    raw = _card("khard")
    text = _patch(raw, last_name="Hopper-Murray", display_name="Grace Hopper-Murray")
    assert "N:Hopper-Murray;Grace;Brewster Murray;Rear Admiral;\r\n" in text
    assert "FN:Grace Hopper-Murray\r\n" in text
    assert _others(text, "N", "FN") == _others(raw, "N", "FN")


def test_new_labelled_email_gets_a_group_the_card_does_not_use():
    raw = _card("apple")
    before = parse_contact(raw, "x.vcf").fields
    text = _patch(raw, emails=[*before["emails"], ["ada@home.example", "holiday house"]])
    assert "item1.X-ABLabel:_$!<Other>!$_\r\nitem4.EMAIL:ada@home.example\r\n" \
        "item4.X-ABLABEL:holiday house\r\n" in text
    assert _others(text, "EMAIL", "X-ABLABEL") == _others(raw, "EMAIL", "X-ABLABEL")
    assert "item1.EMAIL;type=INTERNET;type=pref:ada@engines.example\r\n" in text


def test_removed_number_takes_its_label_along_and_leaves_the_other():
    raw = _card("davx5")
    before = parse_contact(raw, "x.vcf").fields
    text = _patch(raw, phones=[p for p in before["phones"] if "0142" not in p[0]])
    assert "0142" not in text and "Studio" not in text
    assert "item1.TEL;TYPE=cell:+1 310 555 0199\r\nitem1.X-ABLabel:Mobile\r\n" in text


def test_photo_in_a_vcard_3_is_written_the_vcard_3_way():
    raw = _card("khard")
    text = _patch(raw, photo=PNG)
    photo = next(line for line in split_lines(text) if line.name == "PHOTO").unfolded
    assert photo.startswith("PHOTO;ENCODING=b;TYPE=PNG:") and "data:" not in photo


def test_a_foreign_cards_first_stage_writes_all_of_relmanagers_fields():
    raw = _card("google")
    fields = {**parse_contact(raw, "x.vcf").fields, "stage": "development",
              "sphere": "personal", "stage_history": [["", "development",
                                                       "2026-03-02T09:00:00"]]}
    base = {**fields, "stage": "inbox"}
    names = changed_names("contact", fields, base, raw)
    assert {"stage", "sphere", "stage_history"} <= names and "emails" not in names
    text = contact_text("u-1", fields, base, raw, ["title=" + base64.b64encode(
        b'"Professor"').decode()])
    assert "X-RELMANAGER-STAGE:development" in text and "X-RELMANAGER-SPHERE:personal" in text
    assert markers_of(text, "contact") == {"title": "Professor"}
    assert _others(text, "X-RELMANAGER-STAGE", "X-RELMANAGER-SPHERE",
                   "X-RELMANAGER-STAGE-CHANGE", "X-RELMANAGER-CONFLICT") == _others(raw)


def test_renaming_replaces_only_the_n_line_read_and_keeps_its_head():
    """The first N line (the one read) keeps its group and parameters and the components
    Relmanager has not; the alternative in another script (ALTID) stays byte for byte.
    Before the fix both N lines became one bare 'N:' line."""
    ja = "N;ALTID=1;LANGUAGE=ja:\u30e9\u30d6\u30ec\u30b9;\u30a8\u30a4\u30c0;;;\r\n"
    raw = ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:u-1\r\nFN:Ada Lovelace\r\n"
           'item1.N;ALTID=1;LANGUAGE=en;SORT-AS="Lovelace,Ada":Lovelace;Ada;Augusta;\r\n'
           " Countess;of Lovelace\r\n" + ja + "END:VCARD\r\n")
    text = _patch(raw, first_name="Augusta Ada " + "\u00e9" * 40)
    lines = [line for line in split_lines(text) if line.name == "N"]
    assert lines[0].unfolded == ('item1.N;ALTID=1;LANGUAGE=en;SORT-AS="Lovelace,Ada":'
                                 "Lovelace;Augusta Ada " + "\u00e9" * 40 +
                                 ";Augusta;Countess;of Lovelace")
    assert all(len(part.encode()) <= 77 for part in lines[0].text.split("\r\n"))
    assert lines[1].text == ja
    assert parse_contact(text, "x.vcf").fields["first_name"] == "Augusta Ada " + "\u00e9" * 40


def test_renaming_in_a_quoted_printable_n_line_keeps_it_encoded():
    """An Android export's head says QUOTED-PRINTABLE: the new names are encoded too
    (before, they went in raw under that head), the other components stay as written."""
    raw = ("BEGIN:VCARD\r\nVERSION:2.1\r\nUID:u-1\r\nFN:Elise Muller\r\n"
           "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;=C9lise;;Dr.;\r\n"
           "END:VCARD\r\n")
    text = _patch(raw, first_name="Zo\u00eb = Anne")
    line = next(line for line in split_lines(text) if line.name == "N")
    assert line.unfolded == ("N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:"
                             "M=FCller;Zo=EB =3D Anne;;Dr.;")
    assert parse_contact(text, "x.vcf").fields["first_name"] == "Zo\u00eb = Anne"


@pytest.mark.parametrize(("line", "new", "written"), [
    ('BDAY;X-APPLE-OMIT-YEAR="1900":1900-12-09', "--03-04", "1900:1900-03-04"),
    ("BDAY;X-APPLE-OMIT-YEAR=0000:0000-12-09", "--03-04", "1604:1604-03-04"),
    ("BDAY;X-APPLE-OMIT-YEAR=19000:1900-12-09", "--03-04", "1604:1604-03-04"),
    ("BDAY;X-APPLE-OMIT-YEAR-X=1900:1900-12-09", "--03-04", "1604:1604-03-04"),
    ("BDAY;X-APPLE-OMIT-YEAR=2100:2100-12-09", "--02-29", "1604:1604-02-29"),
    ("BDAY;X-APPLE-OMIT-YEAR=1996:1996-12-09", "--02-29", "1996:1996-02-29"),
    ("BDAY:--1209", "--03-04", "1604:1604-03-04")])
def test_a_new_birthday_without_a_year_takes_the_cards_own_placeholder_year(line, new,
                                                                            written):
    """The year a vCard 3.0 card's client chose for "no year" (named by its own
    X-APPLE-OMIT-YEAR) stays for a new birthday here; 1604 when there is none, it is
    no year, or 29 February does not fit in it (2100 is no leap year)."""
    raw = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\n" + line + "\r\n"
           "NOTE:X-APPLE-OMIT-YEAR=1900\r\nEND:VCARD\r\n")
    text = _patch(raw, birthday=new)
    assert f"\r\nBDAY;X-APPLE-OMIT-YEAR={written}\r\n" in text
    assert parse_contact(text, "").fields["birthday"] == new
