"""An entry's text in a multiget answer keeps its CRs through the XML parser (which turns
CRLF into LF): written raw (Radicale, Xandikos), in a CDATA section, under any prefix or
the default namespace; an empty ``address-data`` and the markup around are untouched."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from relmanager.sync.http_body import keep_carriage_returns
from relmanager.sync.transport import Response

CARD = "BEGIN:VCARD\r\nFN:Ada & Co <x>\r\nNOTE:a\r b\r\n  folded\r\nEND:VCARD\r\n"
RAW = CARD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _texts(body: bytes) -> list[str | None]:
    tree = Response(207, {}, body).tree()
    return [e.text for e in tree.iter() if e.tag.rsplit("}", 1)[-1] in
            ("address-data", "calendar-data")]


@pytest.mark.parametrize("element", [
    f"<C:address-data>{RAW}</C:address-data>",
    f'<C:address-data content-type="text/vcard">{RAW}</C:address-data >',
    f"<C:address-data><![CDATA[{CARD}]]></C:address-data>",
    f"<C:address-data>{RAW[:20]}<![CDATA[{CARD[20:]}]]></C:address-data>",
    f'<address-data xmlns="urn:ietf:params:xml:ns:carddav">{RAW}</address-data>',
    f"<cal.x:calendar-data xmlns:cal.x=\"urn:ietf:params:xml:ns:caldav\">{RAW}"
    "</cal.x:calendar-data>"])
def test_the_text_keeps_its_crs(element):
    body = ('<?xml version="1.0"?>\r\n<d:multistatus xmlns:d="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:carddav">\r\n<d:response>\r\n'
            f"<d:href>/a.vcf</d:href>{element}</d:response>\r\n"
            "<d:response><C:address-data/><C:address-data /></d:response>\r\n"
            "</d:multistatus>\r\n").encode()
    assert _texts(body) == [CARD, None, None]
    assert ET.fromstring(body).find("{DAV:}response/{DAV:}href").text == "/a.vcf"


def test_an_answer_without_crs_is_the_same_object():
    body = b"<d:multistatus xmlns:d='DAV:'><d:response/></d:multistatus>"
    assert keep_carriage_returns(body) is body


def _body(*elements: str) -> bytes:
    return ("<d:multistatus xmlns:d='DAV:' xmlns:C='urn:ietf:params:xml:ns:carddav'>\r\n"
            + "".join(elements) + "</d:multistatus>\r\n").encode()


def test_each_entry_of_an_answer_keeps_its_crs_and_only_its_own():
    """Several entries in one answer, each closed by its own end tag (found after its
    start, not the last of the answer, not an earlier one); markup between untouched."""
    body = _body("<C:address-data>a\r\nb</C:address-data>\r\n",
                 "<C:address-data>c\rd</C:address-data >\r\n")
    assert keep_carriage_returns(body) == _body(
        "<C:address-data>a&#13;\nb</C:address-data>\r\n",
        "<C:address-data>c&#13;d</C:address-data >\r\n")


def test_a_start_tag_never_closed_is_passed_over_for_the_next_entry():
    """A start tag with no end tag of its name is no entry (its CRs stay as they are);
    the next one is, up to its own end tag (not one of a name that merely begins
    alike)."""
    body = _body("<C:calendar-data>x\r</C:calendar-datum>\r\n",
                 "<C:address-data>y\r</C:address-datax></C:address-data>")
    assert keep_carriage_returns(body) == _body(
        "<C:calendar-data>x\r</C:calendar-datum>\r\n",
        "<C:address-data>y&#13;</C:address-datax></C:address-data>")
    unclosed = _body("<C:address-data>x\r</C:address-datum>\r\n")
    assert keep_carriage_returns(unclosed) is unclosed
    cut = b"<C:address-data>x\r</C:address-data \r"  # an answer cut inside the end tag
    assert keep_carriage_returns(cut) is cut


def test_crs_after_a_cdata_section_are_references_again():
    body = _body("<C:address-data>a\r<![CDATA[b\r]]>c\r<![CDATA[d\r]]>e\r</C:address-data>")
    assert keep_carriage_returns(body) == _body(
        "<C:address-data>a&#13;<![CDATA[b]]>&#13;<![CDATA[]]>c&#13;"
        "<![CDATA[d]]>&#13;<![CDATA[]]>e&#13;</C:address-data>")


def test_crs_only_outside_any_entry_leave_the_answer_as_it_was():
    body = _body("<d:response>\r\n<d:href>/a.vcf</d:href>\r\n</d:response>\r\n")
    assert keep_carriage_returns(body) is body


def test_many_start_tags_never_closed_are_passed_over_in_linear_time():
    """A hostile or broken answer of start tags that never close (with a CR, so the pass
    runs): each one looked for its end tag to the end of the body, 50,000 times over
    2 MB (~50 s of searching). Once an end tag is missing it is missing for every later
    start tag of that name."""
    import time

    body = b"<d:multistatus>\r" + b"<C:address-data>x" * 50_000 + b"</d:multistatus>"
    started = time.process_time()
    assert keep_carriage_returns(body) == body
    assert time.process_time() - started < 2  # ~0.05 s
