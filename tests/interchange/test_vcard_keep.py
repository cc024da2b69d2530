"""What a file import keeps of a card (interchange/vcard_keep): the card as the file has
it, less its inline photos; nothing for a card of Relmanager's fields only or a 2.1 card;
a reason for one over the bounds."""

from __future__ import annotations

from relmanager.domain import limits
from relmanager.interchange.vcard_in import parse_vcard_bytes
from relmanager.interchange.vcard_keep import KEPT_TOO_BIG, kept_card


def _card(text: str) -> str | None:
    result = parse_vcard_bytes(text.encode("utf-8"))
    assert len(result.contacts) == 1, result.problems
    return result.contacts[0].card


def test_a_card_of_fields_relmanager_reads_is_not_kept():
    assert _card("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//x//EN\r\nREV:2024\r\nFN:Ann\r\n"
                 "EMAIL;TYPE=work:ann@example.org\r\nX-RELMANAGER-STAGE:inbox\r\n"
                 "item1.TEL:+1 555\r\nitem1.X-ABLabel:boat\r\nEND:VCARD\r\n") is None


def test_another_apps_property_or_parameter_keeps_the_card_as_it_is():
    for line in ("NICKNAME:Nan\r\n", "item2.ADR:;;1 Road;;;;\r\n",
                 "EMAIL;PREF=1:ann@example.org\r\n", "X-ANYTHING;A=b:c\r\n"):
        text = f"BEGIN:VCARD\nVERSION:4.0\nFN:Ann\n{line[:-2]}\nEND:VCARD\n"  # LF only
        assert _card(text) == text, line


def test_inline_photos_are_left_out_and_a_linked_one_stays():
    kept = _card("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNICKNAME:Nan\r\n"
                 "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n SkZJRg\r\n"
                 "item1.photo;VALUE=uri:data:image/png;base64,iVBORw0K\r\n"
                 'PHOTO;X-NOTE="a:b";VALUE=uri:https://example.org/ann.jpg\r\n'
                 "PHOTO:http\r\n ://example.org/folded.jpg\r\n"
                 "X-PHOTOGRAPHER:yes\r\nEND:VCARD\r\n")
    assert kept == ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNICKNAME:Nan\r\n"
                    'PHOTO;X-NOTE="a:b";VALUE=uri:https://example.org/ann.jpg\r\n'
                    "PHOTO:http\r\n ://example.org/folded.jpg\r\n"
                    "X-PHOTOGRAPHER:yes\r\nEND:VCARD\r\n")


def test_a_2_1_card_is_not_kept_and_says_nothing():
    assert kept_card(b"VERSION:2.1\r\nFN:Ann\r\nX-A:b\r\n") == (None, None)
    assert _card("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\nX-A:b\r\nEND:VCARD\r\n") is None


def test_the_bounds_count_content_lines_and_characters():
    lines = "".join(f"X-A:{n}\r\n" for n in range(limits.MAX_KEPT_LINES - 2))
    folded = "X-B:" + "\r\n ".join(["y" * 70] * 50) + "\r\n"  # one content line
    assert kept_card(f"FN:Ann\r\n{lines}{folded}".encode())[1] is None
    assert kept_card(f"FN:Ann\r\n{lines}X-C:1\r\nX-D:2\r\n".encode()) == (None, KEPT_TOO_BIG)
    big = "X-B:" + "z" * limits.MAX_KEPT_CARD
    assert kept_card(f"FN:Ann\r\n{big}\r\n".encode()) == (None, KEPT_TOO_BIG)
    assert kept_card(f"{big[:limits.MAX_KEPT_CARD - 20]}\r\n".encode())[1] is None


def test_a_card_of_undecodable_bytes_is_kept_as_the_reader_read_it():
    text, why = kept_card(b"FN:M\xfcller\r\nNICKNAME:\xff\xfe\r\n")
    assert why is None and text is not None and "FN:M\u00fcller" in text


def test_photo_in_a_value_or_another_name_is_no_photo_line():
    kept = _card("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNOTE:a PHOTO of her;PHOTO:x\r\n"
                 "X-PHOTO:no\r\nitem1.PHOTO;ENCODING=b:abcd\r\nPHOTO:https:/\r\n /ex.org/a\r\n"
                 "PHOTO;ENCODING=b;TYPE=JPEG:/9j/\r\nEND:VCARD\r\n")
    assert kept == ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNOTE:a PHOTO of her;PHOTO:x\r\n"
                    "X-PHOTO:no\r\nPHOTO:https:/\r\n /ex.org/a\r\nEND:VCARD\r\n")


def test_a_2_1_version_line_anywhere_in_the_card():
    for version in ("VERSION:2.1", "VERSION: 2.1", "version:2.1"):
        assert kept_card(f"FN:Ann\r\n{version}\r\nX-A:b\r\n".encode()) == (None, None), version
        assert kept_card(f"{version}\r\nFN:Ann\r\nX-A:b\r\n".encode()) == (None, None), version
    assert kept_card(b"FN:Ann\r\nX-VERSION:2.1\r\n")[0] is not None


def test_the_last_line_gets_its_line_end():
    assert kept_card(b"FN:Ann\r\nX-A:b") == ("BEGIN:VCARD\r\nFN:Ann\r\nX-A:bEND:VCARD\r\n"
                                              .replace("bEND", "b\r\nEND"), None)
    assert kept_card(b"FN:Ann\nX-A:b", "\n") == ("BEGIN:VCARD\nFN:Ann\nX-A:b\nEND:VCARD\n", None)


def test_tab_folds_are_no_lines():
    lines = "".join(f"X-A:{n}\r\n" for n in range(limits.MAX_KEPT_LINES - 2))
    folded = "X-B:" + "\r\n\t".join(["y" * 70] * 50) + "\r\n"
    assert kept_card(f"FN:Ann\r\n{lines}{folded}".encode())[1] is None


def test_undecodable_lines_are_read_line_by_line():
    assert kept_card(b"FN:M\xfcller\r\nX-A:\xe2\x82\xac\r\nX-B:\x81\r\n") == (
        "BEGIN:VCARD\r\nFN:M\u00fcller\r\nX-A:\u20ac\r\nX-B:\ufffd\r\nEND:VCARD\r\n", None)


def test_a_photo_on_the_cards_first_line_is_left_out_too():
    assert kept_card(b"PHOTO;ENCODING=b:abcd\r\nFN:Ann\r\nX-A:b\r\n") == (
        "BEGIN:VCARD\r\nFN:Ann\r\nX-A:b\r\nEND:VCARD\r\n", None)


def test_the_size_bound_is_inclusive():
    exact = ("X-B:" + "z" * (limits.MAX_KEPT_CARD - 6) + "\r\n").encode()
    assert len(exact) == limits.MAX_KEPT_CARD and kept_card(exact)[1] is None
    assert kept_card(b"z" + exact) == (None, KEPT_TOO_BIG)
