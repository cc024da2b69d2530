"""HTTP for the DAV client: one kept-alive connection, Basic auth that never leaves its
origin, TLS that can trust a self-signed certificate the user chose, and every failure
turned into a :class:`DavError` whose message says what to do.

Why the rules here are strict: the Basic-auth header is the password itself. It goes only
to the scheme, host and port the user typed (a redirect to another host, or an href the
server names on another host, gets no Authorization), never over plain http to another
machine, and never down from https to http. A password typed inside the address
(``https://user:pw@host``) is refused, since the address is stored in the database and
its backups. Passwords never appear in messages or logs.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import ipaddress
import re
import socket
import ssl
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from relmanager.sync import http_body
from relmanager.sync.dav_errors import (
    DavAuthError,
    DavCertificateError,
    DavError,
    DavLockedError,
    DavPreconditionError,
    DavRefusedError,
    precondition,
    refusal_reason,
)

TIMEOUT_S = 60  # a first sync-token of a big Radicale collection takes its time
REDIRECTS = 5
Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    return scheme, (parts.hostname or "").lower(), port


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """The address trimmed, or a :class:`DavError` saying why it cannot be used."""
    url = url.strip()
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise DavError(f"'{url}' is not a server address: the port is not a number") \
            from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DavError(f"'{url}' is not a server address; it should start with "
                       "https:// (or http:// for a server on this machine)")
    if parts.username is not None or parts.password is not None:
        raise DavError("the server address has a user name or password in it "
                       "(user:password@); remove it and enter them in the User name and "
                       "Password fields, where the password goes to the system keyring. "
                       "Nothing was stored")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise DavError(f"'{parts.hostname}' is not this machine, and http:// would send "
                       "the password unencrypted: use https://. Nothing was sent")
    return url


def fingerprint(der: bytes) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def normal_fingerprint(text: str) -> str:
    digits = re.sub(r"[^0-9a-fA-F]", "", text).upper()
    if len(digits) != 64:
        raise DavError("a SHA-256 fingerprint has 64 hexadecimal digits")
    return ":".join(digits[i:i + 2] for i in range(0, 64, 2))


def server_certificate(host: str, port: int, timeout: float = 10) -> bytes | None:
    """The certificate the server shows (DER), read without trusting it, so the user can
    compare its fingerprint; None when no TLS connection could be made at all."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host) as tls:
            return tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError):
        return None


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def tree(self) -> ET.Element:
        try:
            return ET.fromstring(http_body.keep_carriage_returns(self.body) or b"<empty/>")
        except ET.ParseError as error:
            raise DavError(f"the server sent an answer that is not valid XML ({error})") \
                from None


class Transport:
    """One server, one account; keeps the connection open between requests. Not shared
    between threads: :meth:`twin` makes another for a worker."""

    def __init__(self, url: str, user: str, password: str, timeout: float = TIMEOUT_S, *,
                 ca_pem: str | None = None, pin_sha256: str | None = None) -> None:
        self.base = check_url(url)
        self.origin = origin_of(self.base)
        self.user = user
        self._password = password
        self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.timeout = timeout
        self.ca_pem = ca_pem or None
        if self.ca_pem:
            try:
                ssl.create_default_context(cadata=self.ca_pem)
            except (ssl.SSLError, ValueError):
                raise DavError("the certificate to trust is not a readable PEM "
                               "certificate; nothing was stored") from None
        self.pin_sha256 = normal_fingerprint(pin_sha256) if pin_sha256 else None
        self._conn: http.client.HTTPConnection | None = None
        self._conn_origin: Origin | None = None

    def twin(self) -> Transport:
        """A client for the same account with its own connection (one per thread)."""
        return type(self)(self.base, self.user, self._password, self.timeout,
                          ca_pem=self.ca_pem, pin_sha256=self.pin_sha256)

    def __repr__(self) -> str:  # never the password
        return f"<{type(self).__name__} {self.user}@{self.base}>"

    # -- connections --------------------------------------------------------------------
    def _context(self) -> ssl.SSLContext:
        if self.pin_sha256:  # the user compared this fingerprint and chose to trust it
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        return ssl.create_default_context(cadata=self.ca_pem) if self.ca_pem else \
            ssl.create_default_context()

    def _connection(self, origin: Origin) -> http.client.HTTPConnection:
        if self._conn is None or origin != self._conn_origin:
            self.close()
            scheme, host, port = origin
            if scheme == "https":
                self._conn = http.client.HTTPSConnection(host, port, timeout=self.timeout,
                                                         context=self._context())
            else:
                self._conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
            self._conn_origin = origin
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _check_pin(self, conn: http.client.HTTPConnection, host: str) -> None:
        if not self.pin_sha256 or not isinstance(conn, http.client.HTTPSConnection):
            return
        sock = conn.sock
        der = sock.getpeercert(binary_form=True) if isinstance(sock, ssl.SSLSocket) else None
        if der is None or fingerprint(der) != self.pin_sha256:
            self.close()
            raise DavCertificateError(
                f"the certificate of {host} is not the one you chose to trust (its "
                "SHA-256 fingerprint changed): someone may be in between, or the server "
                "got a new certificate. Check it with the server's administrator and "
                "trust it again in Settings > Sync; nothing was sent",
                fingerprint(der) if der else None)

    def _untrusted(self, host: str, port: int, error: ssl.SSLError) -> DavCertificateError:
        der = server_certificate(host, port, min(self.timeout, 10))
        shown = fingerprint(der) if der else None
        pem = ssl.DER_cert_to_PEM_cert(der) if der else None
        detail = getattr(error, "verify_message", None) or error.reason or str(error)
        return DavCertificateError(
            f"the certificate of {host} is not trusted ({detail}). If the server uses "
            "its own (self-signed) certificate, trust it: Settings > Sync > Trust this "
            "certificate…, or `relmanager sync --setup URL --ca-file CERT.pem`"
            + (f"; its SHA-256 fingerprint is {shown}" if shown else "")
            + ". Nothing was sent", shown, pem)

    # -- requests -----------------------------------------------------------------------
    def request(self, method: str, url: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, *, redirects: int = REDIRECTS,
                raw: bool = False, account_check: bool = False) -> Response:
        """One request; follows redirects (well-known URLs answer with them) and turns
        every transport failure into a :class:`DavError`. With ``raw``, answers other than
        401 come back as they are, for the caller to read. ``account_check``: the request
        asks for the account itself, so a 403 without a reason means the credentials."""
        url = urljoin(self.base, url)
        scheme, host, _port = target_origin = origin_of(url)
        if scheme not in ("http", "https"):
            raise DavError(f"the server pointed to '{url}', which is not a web address")
        if scheme == "http" and not is_loopback(host):
            raise DavError(f"the server sent Relmanager to {host} over plain http://; the "
                           "connection would not be encrypted, so it was not followed. "
                           "Nothing was sent")
        data = body.encode() if isinstance(body, str) else body
        all_headers = {"User-Agent": "Relmanager"}
        if target_origin == self.origin:  # the password goes nowhere else
            all_headers["Authorization"] = self._auth
        if data is not None:
            all_headers["Content-Type"] = "application/xml; charset=utf-8"
        all_headers.update(headers or {})
        response = self._send(method, url, target_origin, data, all_headers)
        if response.status in (301, 302, 303, 307, 308) and redirects > 0:
            location = response.headers.get("location")
            if location:
                return self._redirect(method, url, urljoin(url, location), body, headers,
                                      redirects, raw, account_check)
        return self._judge(response, url, raw, account_check,
                           sent_auth="Authorization" in all_headers)

    def _redirect(self, method: str, url: str, location: str, body: bytes | str | None,
                  headers: dict[str, str] | None, redirects: int, raw: bool,
                  account_check: bool) -> Response:
        if urlsplit(url).scheme == "https" and urlsplit(location).scheme != "https":
            raise DavError(f"the server redirected from https to an unencrypted address "
                           f"({origin_of(location)[1]}); it was not followed and the "
                           "password was not sent. Nothing was changed")
        return self.request(method, location, body, headers, redirects=redirects - 1,
                            raw=raw, account_check=account_check)

    def _send(self, method: str, url: str, origin: Origin, data: bytes | None,
              headers: dict[str, str]) -> Response:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = origin[1]
        for attempt in (1, 2):  # a kept-alive connection the server closed: retry once
            conn = self._connection(origin)
            try:
                if self.pin_sha256 and isinstance(conn, http.client.HTTPSConnection) \
                        and conn.sock is None:  # the pin is checked before anything goes
                    conn.connect()
                    self._check_pin(conn, host)
                conn.request(method, target, body=data, headers=headers)
                answer = conn.getresponse()
                return Response(answer.status,
                                {k.lower(): v for k, v in answer.getheaders()},
                                http_body.read_body(answer, self.timeout))
            except http_body.BodyTooLargeError:
                self.close()
                raise DavError(f"the server at {host} sent an answer larger than "
                               f"{http_body.MAX_BODY_BYTES // 2**20} MB; it was not read. "
                               "Is the address that of your CardDAV/CalDAV server?") from None
            except http_body.BodyTooSlowError:
                self.close()
                raise DavError(f"the server at {host} was still sending its answer after "
                               f"{int(self.timeout * http_body.BODY_TIMEOUTS)} s; it was "
                               "given up. Try again later") from None
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError) as error:
                self.close()
                if attempt == 2:
                    raise DavError(f"the server at {host} closed the connection "
                                   f"({type(error).__name__}); try again later") from None
            except ssl.SSLCertVerificationError as error:
                self.close()
                raise self._untrusted(host, origin[2], error) from None
            except ssl.SSLError as error:
                self.close()
                raise DavError(f"a secure connection to {host} failed "
                               f"({error.reason or error}); is it an https:// server "
                               "at that port? Nothing was changed") from None
            except (OSError, http.client.HTTPException) as error:
                self.close()
                reason = "timed out" if isinstance(error, socket.timeout) else (
                    getattr(error, "strerror", None) or type(error).__name__)
                raise DavError(f"cannot reach {host}: {reason}. Check the network "
                               "and the server address; nothing was changed") from None
        raise AssertionError("unreachable")

    def _judge(self, response: Response, url: str, raw: bool, account_check: bool,
               sent_auth: bool) -> Response:
        status = response.status
        if status == 401:
            if not sent_auth:
                raise DavError(f"the server sent Relmanager on to {origin_of(url)[1]}, "
                               "another server, which asks for a password; your password "
                               "is only sent to the address you entered. If you trust it, "
                               f"enter {url} as the server address")
            raise DavAuthError("the server refused the user name or password "
                               "(HTTP 401); nothing was changed")
        condition = precondition(response.body) if status >= 400 else ""
        if status == 403 and account_check and not condition:
            raise DavAuthError("the server refused the user name or password "
                               "(HTTP 403); nothing was changed")
        if raw:
            return response
        if status == 423:
            raise DavLockedError(f"{urlsplit(url).path} is locked by the server, try "
                                 "again later (HTTP 423); nothing was changed")
        if status == 412:
            raise DavPreconditionError(f"{url} changed on the server meanwhile")
        if status >= 500:
            raise DavError(f"the server had an error (HTTP {status}); "
                           "try again later; nothing was changed")
        if status == 403 and "valid-sync-token" not in condition:
            raise DavRefusedError(f"the server refused {urlsplit(url).path}: "
                                  f"{refusal_reason(status, condition)}", status, condition)
        return response
