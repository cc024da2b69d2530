"""Reading a server's answer within bounds of size and time.

A server (broken, or not the one the user meant) can send an answer that never ends: a
body of gigabytes, or a few bytes every second forever. The socket's timeout only bounds
each wait, so a trickle never trips it; reading "the whole body" would then hold a sync
(and its worker) for ever, or fill the memory. The body is read in pieces as they
arrive, and given up beyond a size no DAV answer of Relmanager's needs and beyond a
deadline counted from the request.

And read as sent: an XML parser turns every CRLF (and lone CR) of a text into LF (XML
1.0 section 2.11), so a card inside a multiget answer of Radicale or Xandikos (which
write its CRs raw) lost them, and every line of another client's card went back with
LF when Relmanager changed one property. :func:`keep_carriage_returns` writes them as
character references first, which the parser keeps.
"""

from __future__ import annotations

import http.client
import re
import time

#: The largest answer read. A multiget asks for at most 200 entries (dav.MULTIGET_BATCH):
#: 256 MB is more than 1 MB each, far beyond a card with its photo.
MAX_BODY_BYTES = 256 * 1024 * 1024
#: The longest an answer may take, in socket timeouts (60 s each: ten minutes).
BODY_TIMEOUTS = 10
_PIECE = 64 * 1024


class BodyTooLargeError(Exception):
    """Over :data:`MAX_BODY_BYTES`."""


class BodyTooSlowError(Exception):
    """Still coming at the deadline."""


def read_body(answer: http.client.HTTPResponse, timeout: float) -> bytes:
    """The body of ``answer``, read as it arrives (``read1``: a piece that is there, not
    a full buffer waited for), within the size and time bounds above."""
    deadline = time.monotonic() + timeout * BODY_TIMEOUTS
    pieces: list[bytes] = []
    size = 0
    while True:
        piece = answer.read1(_PIECE)
        if not piece:
            # read() ends the response: read1 leaves one whose Content-Length is used up
            # open, and the kept-alive connection's next request fails (ResponseNotReady)
            return b"".join(pieces) + answer.read()
        size += len(piece)
        if size > MAX_BODY_BYTES:
            raise BodyTooLargeError
        if time.monotonic() > deadline:
            raise BodyTooSlowError
        pieces.append(piece)


#: An entry's text in a multiget answer (not an empty ``<x:address-data/>``), any prefix.
_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)(address-data|calendar-data)((?:\s[^>]*?)?)"
                   rb"(?<!/)>(.*?)</\1\2\s*>", re.DOTALL)
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)


def keep_carriage_returns(body: bytes) -> bytes:
    """``body`` (an XML answer) with each CR inside an address-data or calendar-data
    element written ``&#13;`` (closing and reopening a CDATA section around it), so the
    parsed text has the CRs the server stored."""
    if b"\r" not in body:
        return body

    def inside(found: re.Match[bytes]) -> bytes:
        parts = _CDATA.split(found[4])  # odd indexes: CDATA sections, kept as such
        text = b"".join(part.replace(b"\r", b"]]>&#13;<![CDATA[") if n % 2 else
                        part.replace(b"\r", b"&#13;") for n, part in enumerate(parts))
        return found[0][:found.start(4) - found.start(0)] + text + \
            found[0][found.end(4) - found.start(0):]

    return _DATA.sub(inside, body)
