"""The card patcher is linear in the card: a card of 20,000 lines (thousands of labelled
addresses, or a photo folded over as many lines) is patched in time proportional to its
size. Each address used to look for its Apple label across the whole card, and a folded
line was re-copied on every fold: 40 s for one 10,000-line card."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from relmanager.interchange.card_patch import patch_contact
from relmanager.sync.entries import contact_vcard, parse_contact

HEAD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:u-1\r\nFN:Ann\r\nN:;Ann;;;\r\n"


def _labelled(lines: int) -> str:
    body = "".join(f"item{i}.EMAIL;TYPE=INTERNET:a{i}@x.example\r\nitem{i}.X-ABLabel:l{i}\r\n"
                   for i in range(lines // 2))
    return HEAD + body + "END:VCARD\r\n"


def _photo(lines: int) -> str:
    return HEAD + "PHOTO;ENCODING=b;TYPE=JPEG:" + "\r\n ".join(["QUJD" * 18] * lines) + \
        "\r\nEND:VCARD\r\n"


def _patch_seconds(raw: str, field: str) -> float:
    fields = {**parse_contact(raw, "x.vcf").fields, "title": "Boss"}
    fields["emails"] = fields["emails"][1:]  # one address removed, the rest kept
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        text = patch_contact(raw, {field, "title"}, fields,
                             lambda f: contact_vcard("u-1", f),
                             lambda t: parse_contact(t, "").fields)
        best = min(best, time.perf_counter() - start)
    assert "TITLE:Boss" in text
    return best


@pytest.mark.parametrize(("make", "field"), [(_labelled, "emails"), (_photo, "photo")])
def test_patching_grows_linearly_with_the_card(make: Callable[[int], str], field: str):
    small = _patch_seconds(make(5_000), field)
    large = _patch_seconds(make(20_000), field)
    # 4 times the lines: linear is ~4x, quadratic 16x; the bound leaves room for a busy
    # machine, and the absolute one says a huge card is not a stuck sync.
    assert large < 10 * max(small, 0.005), (small, large)
    assert large < 30, large


def test_a_patch_of_many_labelled_addresses_keeps_each_label_with_its_address():
    raw = _labelled(40)  # 20 addresses: within what a card may carry (limits.MAX_EMAILS)
    fields = parse_contact(raw, "x.vcf").fields
    fields["emails"] = [e for e in fields["emails"] if e[0] != "a7@x.example"]
    text = patch_contact(raw, {"emails"}, fields, lambda f: contact_vcard("u-1", f),
                         lambda t: parse_contact(t, "").fields)
    assert "a7@x.example" not in text and "item7." not in text  # its label went with it
    assert "item8.EMAIL;TYPE=INTERNET:a8@x.example\r\nitem8.X-ABLabel:l8\r\n" in text
    assert text == raw.replace("item7.EMAIL;TYPE=INTERNET:a7@x.example\r\n"
                               "item7.X-ABLabel:l7\r\n", "")  # the rest byte for byte
