"""Reading mail headers from an IMAP server, read-only, for capture (issue 24).

Folders are opened with EXAMINE (``readonly=True``), and only the capture header fields
are fetched with ``BODY.PEEK[HEADER.FIELDS (...)]``: PEEK leaves the \\Seen flag alone,
and no body is ever asked for. The password comes from the OS keyring (the caller's
business); it is only sent over TLS, or in plain text to this machine's own loopback
address, never to another host unencrypted.
"""

from __future__ import annotations

import contextlib
import ipaddress
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from relmanager.interchange.mail_in import (
    MAX_HEADER_BLOCK,
    HeaderError,
    MailScan,
    parse_headers,
)

FIELDS = b"FROM TO CC DATE MESSAGE-ID IN-REPLY-TO LIST-ID PRECEDENCE"
#: A partial fetch: the server sends at most MAX_HEADER_BLOCK bytes of a header, so a
#: hostile 10 MB header line never reaches this process whole.
FETCH = (b"BODY.PEEK[HEADER.FIELDS (" + FIELDS + b")]<0." + str(MAX_HEADER_BLOCK).encode()
         + b">")
#: Messages fetched per round trip: few round trips, and at most 200 x 256 KB in memory.
CHUNK = 200
TIMEOUT_S = 30.0


class ImapError(Exception):
    """The server cannot be read; the message says why, in words for the user."""


@dataclass(frozen=True)
class ImapAddress:
    host: str
    port: int
    tls: bool  # implicit TLS (imaps); plain imap uses STARTTLS unless on loopback
    user: str
    folders: tuple[str, ...]

    @property
    def account(self) -> str:
        """The keyring account name of this server and user."""
        return f"{self.user}@{self.host}:{self.port}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_address(url: str, user: str = "") -> ImapAddress:
    """``imaps://user@host[:port]/INBOX,Sent`` (folders comma-separated; INBOX when
    none). A password inside the address is refused: it belongs in the keyring."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise ImapError(f"{url!r} is not an IMAP address (expected imaps://user@host/INBOX)")
    if parts.password:
        raise ImapError("do not put the password in the address; it is asked for and kept "
                        "in the system keyring")
    folders = tuple(f for f in (unquote(parts.path.lstrip("/")) or "INBOX").split(",") if f)
    login = user or unquote(parts.username or "")
    if not login:
        raise ImapError("no user name: give it in the address (imaps://user@host/) or --user")
    tls = parts.scheme == "imaps"
    return ImapAddress(parts.hostname, parts.port or (993 if tls else 143), tls, login,
                       folders)


def _connect(address: ImapAddress, ssl_context: ssl.SSLContext | None):  # type: ignore[no-untyped-def]
    from imapclient import IMAPClient

    context = ssl_context or ssl.create_default_context()
    client = IMAPClient(address.host, port=address.port, ssl=address.tls,
                        ssl_context=context if address.tls else None, timeout=TIMEOUT_S)
    if not address.tls:
        if b"STARTTLS" in client.capabilities():
            client.starttls(context)
        elif not _loopback(address.host):
            client.logout()
            raise ImapError(f"{address.host} offers no encryption (no TLS, no STARTTLS); "
                            "the password is not sent in plain text")
    return client


def read_imap(address: ImapAddress, password: str, *,
              ssl_context: ssl.SSLContext | None = None,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> MailScan:
    """The capture header fields of every message in the address's folders."""
    from imapclient.exceptions import IMAPClientError

    scan = MailScan(f"imap://{address.account}/{','.join(address.folders)}")
    try:
        client = _connect(address, ssl_context)
    except (OSError, ssl.SSLError, IMAPClientError) as error:  # timeouts are OSError
        raise ImapError(f"cannot reach {address.host}:{address.port}: {error}") from None
    try:
        try:
            client.login(address.user, password)
        except IMAPClientError:
            raise ImapError(f"{address.host} refused the user name or password for "
                            f"{address.user}") from None
        for folder in address.folders:
            _read_folder(client, folder, scan, progress, cancelled)
    except (OSError, IMAPClientError) as error:
        raise ImapError(f"{address.host}: {error}") from None
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone; nothing to keep
            client.logout()
    return scan


def _read_folder(client, folder: str, scan: MailScan,  # type: ignore[no-untyped-def]
                 progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
    from imapclient.exceptions import IMAPClientError

    try:
        client.select_folder(folder, readonly=True)
    except IMAPClientError:
        scan.problems.append(f"folder {folder!r}: not found on the server; left out")
        return
    uids: Sequence[int] = client.search("ALL")
    for start in range(0, len(uids), CHUNK):
        chunk = list(uids[start:start + CHUNK])
        fetched = client.fetch(chunk, [FETCH])
        for uid in chunk:
            scan.seen += 1
            data = fetched.get(uid, {})
            block = next((v for k, v in data.items() if k.startswith(b"BODY[")), None)
            where = f"{folder} uid {uid}"
            if not isinstance(block, bytes):
                scan.problems.append(f"message {where}: the server sent no header; left out")
                continue
            if len(block) >= MAX_HEADER_BLOCK:
                scan.problems.append(f"message {where}: the header is larger than "
                                     f"{MAX_HEADER_BLOCK // 1024} KB; left out")
                continue
            try:
                scan.messages.append(parse_headers(block))
            except HeaderError as error:
                scan.problems.append(f"message {where}: {error}; left out")
        if progress:
            progress(min(start + CHUNK, len(uids)), len(uids))
        if cancelled and cancelled():
            scan.problems.append("cancelled: the rest of the folder was not read")
            return
