"""The readers against fixture files written for each format's quirks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from relmanager.interchange import detect_format, parse_file

FIXTURES = Path(__file__).parent / "fixtures"


def _one(name: str, display: str):
    result = parse_file(FIXTURES / name)
    return next(c for c in result.contacts if c.display_name == display), result


def test_vcard21_quoted_printable_latin1_and_types():
    jurgen, result = _one("vcard21_qp_latin1.vcf", "Dr. Jürgen Müller")
    assert result.format == "vcard" and result.problems == []
    assert jurgen.organisation == "Café Zentral, Küche" and jurgen.title == "Chef"
    assert jurgen.notes == "Erste Zeile, mit Komma\nzweite Zeile: Grüße aus München"
    assert jurgen.phones == [("+49 170 1111111", "mobile"), ("+49 30 2222222", "work fax")]
    assert jurgen.photo is not None and jurgen.birthday == "1970-01-01"
    asa, _ = _one("vcard21_qp_latin1.vcf", "Åsa Åström")
    assert asa.emails == [("asa@example.se", "")]


def test_vcard30_apple_groups_labels_folding_categories_and_yearless_birthday():
    hedy, _ = _one("vcard30_apple.vcf", "Hedy Lamarr")
    assert hedy.emails == [("hedy@example.com", "other"),
                           ("hedy.lamarr@studio.example", "Ski club")]
    assert ("+1 310 555 0143", "main") in hedy.phones
    assert hedy.tags == ["Inventors", "Film, Classic", "Friends"]
    assert hedy.birthday == "--11-09"  # X-APPLE-OMIT-YEAR
    assert "folded over several physical lines" in hedy.notes.replace("\n", " ") \
        or "very long text" in hedy.notes
    assert ("linkedin", "https://www.linkedin.com/in/hedy") in hedy.links
    assert hedy.photo.startswith(b"\x89PNG")
    assert hedy.uid == "2C6B1A3E-7E6D-4C5C-9E1F-5A1B2C3D4E5F"


@pytest.mark.parametrize("name", ["vcard40.vcf", "vcard40_bom.vcf", "vcard40_utf16.vcf"])
def test_vcard40_with_our_own_properties_in_any_encoding(name):
    emilie, result = _one(name, "Émilie du Châtelet")
    assert (emilie.stage, emilie.sphere, emilie.cadence_days) == ("development", "both", 21)
    assert emilie.intent.startswith("Co-author a paper") and emilie.met_on == date(2024, 3, 12)
    assert emilie.how_met == "Introduced at a salon" and emilie.tags == ["physics",
                                                                         "translation"]
    link, _ = _one(name, "Photo By Link")
    assert link.photo_uri == "https://example.org/p/42.jpg" and link.photo is None
    assert [str(p) for p in result.problems] == [
        "card 2, line 29: X-RELMANAGER-STAGE value 'nonsense' not understood; ignored"]


def test_linkedin_bom_notes_before_header_and_connected_on():
    result = parse_file(FIXTURES / "linkedin_connections.csv")
    assert result.format == "linkedin" and len(result.contacts) == 4
    ada = result.contacts[0]
    assert (ada.display_name, ada.met_on, ada.how_met) == ("Ada Lovelace", date(2024, 3, 12),
                                                          "LinkedIn")
    assert ada.organisation == "Analytical Engines Ltd" and ada.title == "Chief Programmer"
    assert ada.links == [("linkedin", "https://www.linkedin.com/in/ada-lovelace")]
    refs = [str(p) for p in result.problems]
    assert "row 4 (line 8): no name and no email; skipped" in refs
    assert any("'Connected On' date 'not a date' not understood" in r for r in refs)


def test_older_linkedin_export_without_url():
    result = parse_file(FIXTURES / "linkedin_old.csv")
    assert [c.display_name for c in result.contacts] == ["Alan Turing", "Barbara Liskov"]
    assert result.contacts[0].links == [] and result.contacts[0].met_on == date(2015, 6, 23)


def test_google_numbered_groups_and_labels():
    kj, result = _one("google_contacts.csv", "Katherine G. Johnson")
    assert result.format == "google"
    assert [e for e, _ in kj.emails] == ["kj@nasa.example", "katherine@home.example",
                                        "kj@personal.example"]
    assert kj.emails[2][1] == "home"
    assert kj.tags == ["Friends", "Space"]  # "* myContacts" is Google's, not the user's
    assert kj.notes == "Computed trajectories.\nMet at the\nmuseum talk."
    assert ("github", "https://github.com/kjohnson") in kj.links
    margaret, _ = _one("google_contacts.csv", "Margaret Hamilton")
    assert margaret.birthday == "--08-17"


@pytest.mark.parametrize(("name", "person", "org"), [
    ("outlook_desktop.csv", "Jürgen Großmann Jr.", "Müller & Söhne GmbH, Einkauf"),
    ("outlook_com.csv", "Ngozi Okonjo", "World Trade Org"),
    ("outlook_utf16.csv", "Søren Kierkegaard", ""),
])
def test_outlook_layouts_and_encodings(name, person, org):
    contact, result = _one(name, person)
    assert result.format == "outlook" and contact.organisation == org


@pytest.mark.parametrize(("name", "message"), [
    ("empty.vcf", "is empty"),
    ("junk.bin", "binary data"),
    ("photo.png", "binary data"),
    ("not_contacts.txt", "not a contacts file"),
])
def test_unreadable_files_are_fatal_with_a_message_naming_them(name, message):
    result = parse_file(FIXTURES / name)
    assert result.fatal and result.contacts == []
    assert name in result.problems[0].message and message in result.problems[0].message


def test_truncated_and_nameless_cards_cost_only_themselves():
    result = parse_file(FIXTURES / "truncated.vcf")
    assert len(result.contacts) == 2
    assert str(result.problems[0]).startswith("card 3 (line 10): the file ends before")
    result = parse_file(FIXTURES / "noname.vcf")
    assert [c.display_name for c in result.contacts] == [
        "only.email@example.com", "Only Org Ltd", "Solo"]
    assert str(result.problems[0]) == (
        "card 1 (line 1): no name (no FN, N, email or organisation); skipped")


def test_wrong_encoding_is_named_by_line_and_the_rest_is_read():
    result = parse_file(FIXTURES / "undecodable.csv")
    assert len(result.contacts) == 3
    assert str(result.problems[0]).startswith("line 3: bytes that are neither UTF-8")


def test_a_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    from relmanager.interchange import textio

    big = tmp_path / "huge.vcf"
    big.write_bytes(b"BEGIN:VCARD\r\n" + b"x" * 1024)
    assert textio.MAX_BYTES == 200 * 1024 * 1024
    monkeypatch.setattr(textio, "MAX_BYTES", 512)
    result = parse_file(big)
    assert result.fatal and "huge.vcf" in result.problems[0].message
    assert "MB" in result.problems[0].message


@pytest.mark.parametrize(("name", "fmt"), [
    ("vcard40.vcf", "vcard"), ("linkedin_connections.csv", "linkedin"),
    ("google_contacts.csv", "google"), ("outlook_com.csv", "outlook")])
def test_detection(name, fmt):
    assert detect_format(FIXTURES / name) == fmt


def test_plain_cards_and_cards_with_continuation_lines_read_alike():
    from relmanager.interchange.vcard_in import parse_vcard_bytes

    data = "\r\n".join([
        "BEGIN:VCARD", "VERSION:3.0", "FN:Plain Card", "", "item1.TEL:+1 555 0100",
        "item1.X-ABLabel:_$!<Mobile>!$_", "no colon here", "END:VCARD",
        "BEGIN:VCARD", "VERSION:2.1", "FN:Folded", " Card", "item1.EMAIL;TYPE=INTERNET:f@x.example",
        "NOTE;ENCODING=QUOTED-PRINTABLE:one=", "two", "BAD LINE WITHOUT COLON", "END:VCARD",
    ]).encode()
    result = parse_vcard_bytes(data, "mixed.vcf")
    plain, folded = result.contacts
    assert (plain.display_name, plain.phones) == ("Plain Card", [("+1 555 0100", "mobile")])
    assert (folded.display_name, folded.emails) == ("FoldedCard", [("f@x.example", "")])
    assert folded.notes == "onetwo"  # a soft line break
    assert [p.source_ref for p in result.problems] == ["card 1, line 7", "card 2, line 16"]


@pytest.mark.parametrize(("url", "kind"), [
    ("https://www.linkedin.com/in/ada-lovelace", "linkedin"),
    ("de.linkedin.com/in/ada", "linkedin"),
    ("HTTPS://GITHUB.COM/ada", "github"),  # urlsplit: an upper-case scheme
    ("https://ada@github.com/x", "github"),  # urlsplit: a user
    ("https://github.com:443/x?tab=repos", "github"),  # urlsplit: a port and a query
    ("https://mastodon.example/@ada", "mastodon"),
    ("https://example.org/blog/post", "blog"),
    ("https://example.org/a b", "website"),
    ("ftp://example.org/file", "other"),
    ("https://localhost/x", "other"),
])
def test_link_kinds_from_plain_and_unusual_urls(url, kind):
    from relmanager.interchange.records import guess_link_kind

    assert guess_link_kind(url) == kind


def test_a_head_seen_before_reads_the_same_and_a_quoted_colon_is_not_taken_for_its_end():
    from relmanager.interchange.vcard_in import parse_vcard_bytes

    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:{name}\r\n"
            'EMAIL;X-NOTE="a:b";TYPE={label}:{name}@x.example\r\n'
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:{note}\r\nEND:VCARD\r\n")
    data = (card.format(name="one", label="work", note="Gr=FC=DFe")
            + card.format(name="two", label="home", note="Caf=E9")).encode()
    one, two = parse_vcard_bytes(data, "heads.vcf").contacts
    assert (one.emails, one.notes) == ([("one@x.example", "work")], "Grüße")
    assert (two.emails, two.notes) == ([("two@x.example", "home")], "Café")
