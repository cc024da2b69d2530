"""RELATED with a type: a spouse, a child or a muse another client linked is that
client's data. Reading a card never takes it for the introducer, and changing the
introducer here rewrites only the introducer's line, keeping the rest byte for byte."""

from __future__ import annotations

from relmanager.interchange.card_patch import patch_contact
from relmanager.interchange.content_lines import split_lines, type_params
from relmanager.interchange.vcard_in import parse_vcard_bytes
from relmanager.sync.entries import contact_vcard, parse_contact

SPOUSE = "0b9a3f1e-1111-4c2b-9a7d-1c2d3e4f5a6b"
INTRODUCER = "0b9a3f1e-2222-4c2b-9a7d-1c2d3e4f5a6b"
MUSE = "0b9a3f1e-3333-4c2b-9a7d-1c2d3e4f5a6b"
NEW_INTRODUCER = "0b9a3f1e-4444-4c2b-9a7d-1c2d3e4f5a6b"

CARD = ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0b9a3f1e-9999-4c2b-9a7d-1c2d3e4f5a6b\r\n"
        "FN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nX-RELMANAGER-STAGE:encounter\r\n"
        f"RELATED;TYPE=spouse:urn:uuid:{SPOUSE}\r\n"
        f"RELATED;TYPE=contact:urn:uuid:{INTRODUCER}\r\n"
        f'RELATED;TYPE="muse,x-inspiration":urn:uuid:{MUSE}\r\n'
        "RELATED;TYPE=co-worker;VALUE=text:Charles Babbage\r\n"
        "END:VCARD\r\n")


def test_typed_lines_are_relations_or_left_alone_never_the_introducer():
    [record] = parse_vcard_bytes(CARD.encode(), "ada.vcf").contacts
    assert record.related == [INTRODUCER]
    assert record.relations == [("partner", SPOUSE), ("colleague", "Charles Babbage")]
    assert parse_contact(CARD, "x.vcf").fields["introduced_by"] == INTRODUCER


def test_a_card_whose_only_uid_link_is_a_spouse_has_no_introducer():
    card = CARD.replace(f"RELATED;TYPE=contact:urn:uuid:{INTRODUCER}\r\n", "")
    assert parse_contact(card, "x.vcf").fields["introduced_by"] is None


def test_changing_the_introducer_keeps_the_other_clients_links():
    before = parse_contact(CARD, "x.vcf").fields
    after = {**before, "introduced_by": NEW_INTRODUCER}
    text = patch_contact(CARD, {"introduced_by"}, after,
                         lambda f: contact_vcard("u-1", f),
                         lambda t: parse_contact(t, "").fields)
    related = [line.text for line in split_lines(text) if line.name == "RELATED"]
    assert related == [f"RELATED;TYPE=spouse:urn:uuid:{SPOUSE}\r\n",
                       f"RELATED;TYPE=contact:urn:uuid:{NEW_INTRODUCER}\r\n",
                       f'RELATED;TYPE="muse,x-inspiration":urn:uuid:{MUSE}\r\n',
                       "RELATED;TYPE=co-worker;VALUE=text:Charles Babbage\r\n"]


def test_type_parameters_are_read_in_every_form():
    [line] = split_lines('RELATED;VALUE=uri;TYPE="Muse,kin";X-Y=1:urn:uuid:a\r\n')
    assert type_params(line) == ["muse", "kin"]
    [line] = split_lines("TEL;HOME;VOICE:+1 555\r\n")
    assert type_params(line) == ["home", "voice"]


def test_ten_relatives_on_a_card_do_not_crowd_out_the_introducer():
    """Another app's children, parents and muses are not ours to count: the introducer
    after ten of them is still read (a sync would otherwise clear it)."""
    relatives = "".join(f"RELATED;TYPE={kind}:urn:uuid:0b9a3f1e-{n:04d}-4c2b-9a7d-1c2d3e4f5a6b\r\n"
                        for n, kind in enumerate(["child", "parent", "muse", "sibling",
                                                  "emergency"] * 3))
    card = CARD.replace("FN:Ada Lovelace\r\n", "FN:Ada Lovelace\r\n" + relatives)
    assert parse_contact(card, "x.vcf").fields["introduced_by"] == INTRODUCER
    [record] = parse_vcard_bytes(card.encode(), "ada.vcf").contacts
    assert len(record.relations) == 10  # our kinds, up to their own limit


def test_a_quoted_semicolon_in_a_parameter_is_not_a_type():
    card = CARD.replace(f"RELATED;TYPE=contact:urn:uuid:{INTRODUCER}",
                        f'RELATED;LABEL="met at a;TYPE=spouse party";TYPE=contact:urn:uuid:'
                        f'{INTRODUCER}')
    before = parse_contact(card, "x.vcf").fields
    assert before["introduced_by"] == INTRODUCER
    after = {**before, "introduced_by": NEW_INTRODUCER}
    text = patch_contact(card, {"introduced_by"}, after,
                         lambda f: contact_vcard("u-1", f),
                         lambda t: parse_contact(t, "").fields)
    assert parse_contact(text, "x.vcf").fields["introduced_by"] == NEW_INTRODUCER
