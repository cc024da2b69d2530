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


#: The start tag of an entry's text in a multiget answer (not an empty
#: ``<x:address-data/>``), any prefix. Its end tag is found with ``bytes.find``: a regex
#: matching the text too (``(.*?)</\1\2\s*>``) tried the end tag at every byte of every
#: card, 60,000 instructions a card, 1% of a first pull.
_OPEN = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)(address-data|calendar-data)(?:\s[^>]*?)?"
                   rb"(?<!/)>")
_SPACE = b" \t\n\r\x0b\x0c"  # what \s is in a bytes pattern
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)


def keep_carriage_returns(body: bytes) -> bytes:
    """``body`` (an XML answer) with each CR inside an address-data or calendar-data
    element written ``&#13;`` (closing and reopening a CDATA section around it), so the
    parsed text has the CRs the server stored."""
    if b"\r" not in body:
        return body
    pieces: list[bytes] = []
    done = at = 0
    unclosed: set[bytes] = set()  # no end tag of the name after one start: none later
    while (start := _OPEN.search(body, at)) is not None:
        name = b"</" + start[1] + start[2]
        end = None if name in unclosed else _end_tag(body, start.end(), name)
        if end is None:  # never closed: not an element of ours, nothing changed in it
            unclosed.add(name)
            at = start.start() + 1
            continue
        pieces += [body[done:start.end()], _with_references(body[start.end():end])]
        done = at = end
    return b"".join(pieces) + body[done:] if pieces else body


def _end_tag(body: bytes, at: int, name: bytes) -> int | None:
    """Where the first end tag ``name`` (``</`` and the tag's name, then spaces and
    ``>``) at or after ``at`` starts, or None."""
    while (found := body.find(name, at)) != -1:
        after = found + len(name)
        while after < len(body) and body[after] in _SPACE:
            after += 1
        if body[after:after + 1] == b">":
            return found
        at = after  # another name that begins alike (``</x:address-datum>``)
    return None


def _with_references(text: bytes) -> bytes:
    """An element's text with each CR written as a character reference; inside a CDATA
    section (odd parts of the split), one that closes the section and reopens it."""
    if b"\r" not in text:
        return text
    if b"<![CDATA[" not in text:
        return text.replace(b"\r", b"&#13;")
    return b"".join(part.replace(b"\r", b"]]>&#13;<![CDATA[") if n % 2 else
                    part.replace(b"\r", b"&#13;")
                    for n, part in enumerate(_CDATA.split(text)))
