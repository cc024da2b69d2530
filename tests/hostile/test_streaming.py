"""The vCard reader streams (issue 19): a file of tiny pieces costs memory near its size.

A list of every line cost some sixty bytes a line over the text, and a list of every
card as much a card: a 60 MB file of four-byte lines peaked at 2.8 GB, one of empty cards
at 1 GB. Each file is imported for real by the command line in its own process, whose
peak resident set (``getrusage`` of the child) must stay within the issue's bound of
three times the file's size plus 150 MB, and whose wall time within
:data:`SECONDS_PER_MB` a megabyte (some 20-30 s on a busy two-core machine: the
reader visits every one of the fifteen million lines).
"""

from __future__ import annotations

import pytest

from relmanager.interchange.vcard_in import parse_vcard_bytes
from tests.hostile import worst_cases
from tests.hostile.peak_memory import import_in_child

SECONDS_PER_MB = 1.5


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(worst_cases.STREAMING_CASES))
def test_a_file_of_tiny_lines_or_cards_is_read_in_bounded_memory_and_time(
        tmp_path, db_path, case):
    source = tmp_path / f"{case}.vcf"
    worst_cases.STREAMING_CASES[case](source)
    imported = import_in_child(case, source, db_path)
    imported.assert_within_budget()
    assert imported.elapsed <= SECONDS_PER_MB * imported.size / 2**20, (
        f"{case}: {imported.elapsed:.0f} s")


def test_a_giant_card_read_in_blocks_reads_as_a_small_one(monkeypatch):
    """A card over ``SMALL_CARD`` is decoded a block at a time: folded, quoted-printable
    and base64 lines that straddle the blocks, undecodable bytes and line numbers come
    out as they do when the card is read in one go."""
    from relmanager.interchange import vcard_split

    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Block\r\n  Straddler\r\n"
            "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=\r\n au lait\r\n"
            "EMAIL:b@x.example\r\nno colon\r\nTITLE:Gr\xfc\x81\xdfe\r\n\r\n"
            "PHOTO;ENCODING=BASE64:iVBORw0K\r\nGgo=\r\n\r\nCATEGORIES:a,b\r\nEND:VCARD\r\n")
    data = card.encode("latin-1") * 3
    whole = parse_vcard_bytes(data, "block.vcf")
    for block in (1, 7, 40):
        monkeypatch.setattr(vcard_split, "SMALL_CARD", block)
        parts = parse_vcard_bytes(data, "block.vcf")
        assert parts.contacts == whole.contacts
        assert [str(p) for p in parts.problems] == [str(p) for p in whole.problems]
    first = whole.contacts[0]
    assert (first.display_name, first.emails, first.tags) == (
        "Block Straddler", [("b@x.example", "")], ["a", "b"])
    assert first.photo == b"\x89PNG\r\n\x1a\n"
    assert [str(p) for p in whole.problems][:2] == [
        "line 9: bytes that are neither UTF-8 nor Windows-1252 were replaced by '\ufffd'",
        "line 24: bytes that are neither UTF-8 nor Windows-1252 were replaced by '\ufffd'"]
    assert "card 1, line 8: unreadable line skipped: no colon" in map(str, whole.problems)
