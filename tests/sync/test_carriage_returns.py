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
