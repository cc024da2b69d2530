"""Small loopback HTTP(S) servers for transport tests: one that records every request's
headers and answers with a scripted status and body, a throwaway self-signed
certificate made with openssl, and a TLS Radicale."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

#: (method, path) -> (status, headers, body)
Answer = Callable[[str, str], tuple[int, dict[str, str], bytes]]


@dataclass
class Recorder:
    """A server that keeps (method, path, headers) of every request it was sent."""

    server: ThreadingHTTPServer
    url: str
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def authorizations(self) -> list[str]:
        return [h["authorization"] for _m, _p, h in self.seen if "authorization" in h]


def _handler(recorder_box: list[Recorder], answer: Answer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            recorder_box[0].seen.append(
                (self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
            status, headers, body = answer(self.command, self.path)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_PROPFIND = do_REPORT = do_DELETE = do_MKCOL = _any  # noqa: N815
        do_MKCALENDAR = _any  # noqa: N815

    return Handler


@contextmanager
def recording_server(answer: Answer, tls: ssl.SSLContext | None = None
                     ) -> Iterator[Recorder]:
    box: list[Recorder] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box, answer))
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls is not None else "http"
    box.append(Recorder(server, f"{scheme}://127.0.0.1:{server.server_address[1]}/"))
    with serving(server):
        yield box[0]


@contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[None]:
    """``server`` answering on a thread of its own until the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    @property
    def pem(self) -> str:
        return self.cert.read_text()

    @property
    def der(self) -> bytes:
        return ssl.PEM_cert_to_DER_cert(self.pem)


def make_certificate(folder: Path, name: str = "server") -> Certificate:
    """A throwaway self-signed certificate for 127.0.0.1 (openssl, made per test)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: cannot make a test certificate")
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    "2", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key),
                    "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return Certificate(cert, key)
