"""A loopback HTTP proxy in front of a real DAV server that records every request it
passes on (method, path, body) and may add text to a multistatus answer or rewrite any
answer's body: the server a test trusts, turned hostile or buggy in one chosen way."""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.sync.servers import serving

#: (method, path, request body) -> XML to add at the end of a 207 answer (b"" for none)
Addition = Callable[[str, str, bytes], bytes]
#: (method, path, request body, answer body) -> the answer body sent on
Rewrite = Callable[[str, str, bytes, bytes], bytes]
_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass
class Proxy:
    url: str
    seen: list[tuple[str, str, bytes]] = field(default_factory=list)
    add: Addition = lambda _m, _p, _b: b""
    rewrite: Rewrite = lambda _m, _p, _b, data: data


def _handler(box: list[Proxy], upstream: str) -> type[BaseHTTPRequestHandler]:
    target = urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def _any(self) -> None:
            proxy = box[0]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            proxy.seen.append((self.command, self.path, body))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            try:
                conn.request(self.command, self.path, body or None, headers)
                answer = conn.getresponse()
                data = answer.read()
                status, reply = answer.status, answer.getheaders()
            finally:
                conn.close()
            extra = proxy.add(self.command, self.path, body) if status == 207 else b""
            if extra:
                end = data.rindex(b"</")  # before the closing multistatus tag
                data = data[:end] + extra + data[end:]
            data = proxy.rewrite(self.command, self.path, body, data)
            self.send_response(status)
            for key, value in reply:
                if key.lower() not in _HOP:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_PROPFIND = do_REPORT = do_DELETE = _any  # noqa: N815
        do_MKCOL = do_MKCALENDAR = do_OPTIONS = do_PROPPATCH = _any  # noqa: N815

    return Handler


@contextmanager
def rewriting_proxy(upstream: str) -> Iterator[Proxy]:
    box: list[Proxy] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box, upstream))
    box.append(Proxy(f"http://127.0.0.1:{server.server_address[1]}/"))
    with serving(server):
        yield box[0]
