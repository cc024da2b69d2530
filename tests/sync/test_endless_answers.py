"""A server whose answer never ends (gigabytes, or a byte at a time for ever) costs a
bounded time and memory: the sync stops with a message instead of hanging its worker or
filling the memory. A real loopback socket server streams the answer (chunked)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from relmanager.sync import http_body
from relmanager.sync.dav import DavClient, DavError
from tests.sync.conftest import PASSWORD, USER

HEAD = (b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml; charset=utf-8\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n")
START = b'<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'


class Streamer:
    """Answers one request with a 207 whose body is ``START`` then ``piece`` every
    ``every`` seconds, until ``total`` bytes, the client hangs up or the test ends."""

    def __init__(self, piece: bytes, every: float, total: int) -> None:
        self.piece, self.every, self.total = piece, every, total
        self.sent = 0
        self.stopped = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(65536) or b"\r\n\r\n"
                head, _sep, body = request.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(body) < length:  # all of it: unread, closing would reset
                    body += conn.recv(65536) or b"x" * length
                try:
                    conn.sendall(HEAD + b"%x\r\n%s\r\n" % (len(START), START))
                    while self.sent < self.total and not self.stopped.is_set():
                        conn.sendall(b"%x\r\n%s\r\n" % (len(self.piece), self.piece))
                        self.sent += len(self.piece)
                        if self.every:
                            time.sleep(self.every)
                    conn.sendall(b"0\r\n\r\n")
                    conn.shutdown(socket.SHUT_WR)
                    conn.recv(1)  # the client has read it all and hung up
                except OSError:  # the client hung up: what the test wants
                    pass
            return


@contextmanager
def streaming(piece: bytes, every: float, total: int) -> Iterator[Streamer]:
    server = Streamer(piece, every, total)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopped.set()
        thread.join(10)
        server.sock.close()


def _ask(url: str, timeout: float) -> tuple[BaseException | None, float]:
    """The error of asking the collection's state, and how long it took; (None, inf) when
    it has not come back within 30 s."""
    found: list[BaseException | None] = []
    began = time.monotonic()

    def run() -> None:
        client = DavClient(url, USER, PASSWORD, timeout=timeout)
        try:
            client.state("/alice/book/")
            found.append(None)
        except BaseException as error:  # the test reads it
            found.append(error)
        finally:
            client.close()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(30)
    return (found[0], time.monotonic() - began) if found else (None, float("inf"))


def test_a_huge_answer_is_given_up_at_the_size_bound(monkeypatch):
    """Before the bound the whole 64 MB was read into memory (and the stream could as
    well have been endless)."""
    monkeypatch.setattr(http_body, "MAX_BODY_BYTES", 1024 * 1024)
    with streaming(b" " * 65536, 0, 64 * 1024 * 1024) as server:
        error, took = _ask(server.url, timeout=5)
        sent = server.sent
    assert isinstance(error, DavError) and "larger than 1 MB" in str(error), error
    assert PASSWORD not in str(error)
    assert sent < 16 * 1024 * 1024, f"the client read {sent} bytes"
    assert took < 20


def test_an_answer_that_trickles_for_ever_is_given_up_at_the_deadline():
    """A byte every 50 ms never trips the socket timeout (0.5 s here): before the
    deadline the request went on for as long as the server kept sending."""
    with streaming(b" ", 0.05, 10 ** 9) as server:
        error, took = _ask(server.url, timeout=0.5)
    assert isinstance(error, DavError) and "still sending" in str(error), error
    assert took < 0.5 * http_body.BODY_TIMEOUTS + 5


@pytest.mark.parametrize("size", [0, 300_000])
def test_an_ordinary_answer_is_read_whole(size):
    """The pieces are joined in order: a chunked answer of any length reads as sent."""
    body = b"<d:response><d:href>/alice/book/</d:href><d:propstat><d:prop>" \
        b"<d:sync-token>tok" + b"x" * size + b"</d:sync-token></d:prop><d:status>HTTP/1.1 " \
        b"200 OK</d:status></d:propstat></d:response></d:multistatus>"
    with streaming(body, 0, len(body)) as server:
        client = DavClient(server.url, USER, PASSWORD, timeout=30)
        try:
            assert client.state("/alice/book/") == "tok" + "x" * size
        finally:
            client.close()
