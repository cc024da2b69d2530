"""Reading a server's answer within bounds of size and time.

A server (broken, or not the one the user meant) can send an answer that never ends: a
body of gigabytes, or a few bytes every second forever. The socket's timeout only bounds
each wait, so a trickle never trips it; reading "the whole body" would then hold a sync
(and its worker) for ever, or fill the memory. The body is read in pieces as they
arrive, and given up beyond a size no DAV answer of Relmanager's needs and beyond a
deadline counted from the request.
"""

from __future__ import annotations

import http.client
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
