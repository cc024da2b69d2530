"""A small WebDAV client for CardDAV (RFC 6352) and CalDAV (RFC 4791) servers.

Only what sync needs: discovery (RFC 6764 well-known URLs, current-user-principal, the
home sets), creating an address book or calendar when the account has none, the
collection's sync-token / ctag (one request tells whether anything changed), the
sync-collection report (RFC 6578) with an ETag listing as the fallback, multiget, and
conditional PUT and DELETE. No Qt and no database: it runs in a worker thread and in the
command line alike. Every failure is a :class:`DavError` whose message says what to do;
passwords never appear in messages or logs.
"""

from __future__ import annotations

import base64
import http.client
import socket
import ssl
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
NS = {"d": DAV, "card": CARD, "cal": CAL, "cs": CS}
TIMEOUT_S = 30
MULTIGET_BATCH = 200


class DavError(Exception):
    """The server could not be reached or refused; the message is for the user."""


class DavAuthError(DavError):
    """401/403: the user name or password is wrong (nothing was changed)."""


class DavPreconditionError(DavError):
    """412: the resource changed on the server since it was read."""


class DavRefusedError(DavError):
    """The server refused one entry (too large, invalid, a UID clash, locked...): that
    entry is skipped and tried again on the next sync; the rest syncs."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def tree(self) -> ET.Element:
        try:
            return ET.fromstring(self.body or b"<empty/>")
        except ET.ParseError as error:
            raise DavError(f"the server sent an answer that is not valid XML ({error})") \
                from None


@dataclass
class Collections:
    """Where the account's data lives, found by :func:`discover`."""

    addressbook: str
    calendar: str


@dataclass
class Listing:
    """What changed in a collection: hrefs with their new ETags, and removed hrefs."""

    token: str | None
    changed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    complete: bool = False  # True: ``changed`` lists every member (an ETag listing)


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


class DavClient:
    """One server, one account; keeps the connection open between requests."""

    def __init__(self, url: str, user: str, password: str, timeout: float = TIMEOUT_S) -> None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DavError(f"'{url}' is not a server address; it should start with "
                           "https:// (or http:// for a server on this machine)")
        self.base = url.strip()
        self.user = user
        self._auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None
        self._origin: tuple[str, str, int | None] | None = None

    # -- transport --------------------------------------------------------------------
    def _connection(self, url: str) -> http.client.HTTPConnection:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.hostname or "", parts.port)
        if self._conn is None or origin != self._origin:
            self.close()
            if parts.scheme == "https":
                self._conn = http.client.HTTPSConnection(
                    parts.hostname or "", parts.port, timeout=self.timeout,
                    context=ssl.create_default_context())
            else:
                self._conn = http.client.HTTPConnection(parts.hostname or "", parts.port,
                                                        timeout=self.timeout)
            self._origin = origin
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method: str, url: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, *, redirects: int = 5,
                raw: bool = False) -> Response:
        """One request; follows redirects (well-known URLs answer with them) and turns
        every transport failure into a :class:`DavError`. With ``raw``, answers other than
        401 come back as they are, for the caller to read (a 403 is not always about the
        password: servers refuse a report they lack with it)."""
        url = urljoin(self.base, url)
        data = body.encode() if isinstance(body, str) else body
        all_headers = {"Authorization": self._auth, "User-Agent": "Relmanager"}
        if data is not None:
            all_headers["Content-Type"] = "application/xml; charset=utf-8"
        all_headers.update(headers or {})
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):  # a kept-alive connection the server closed: retry once
            conn = self._connection(url)
            try:
                conn.request(method, target, body=data, headers=all_headers)
                answer = conn.getresponse()
                response = Response(answer.status,
                                    {k.lower(): v for k, v in answer.getheaders()},
                                    answer.read())
                break
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError) as error:
                self.close()
                if attempt == 2:
                    raise DavError(f"the server at {parts.hostname} closed the connection "
                                   f"({type(error).__name__}); try again later") from None
            except ssl.SSLError as error:
                self.close()
                raise DavError(f"a secure connection to {parts.hostname} failed "
                               f"({error.reason or error}); check the address") from None
            except (OSError, http.client.HTTPException) as error:
                self.close()
                reason = "timed out" if isinstance(error, socket.timeout) else (
                    getattr(error, "strerror", None) or type(error).__name__)
                raise DavError(f"cannot reach {parts.hostname}: {reason}. Check the network "
                               "and the server address; nothing was changed") from None
        if response.status in (301, 302, 303, 307, 308) and redirects > 0:
            location = response.headers.get("location")
            if location:
                return self.request(method, urljoin(url, location), body, headers,
                                    redirects=redirects - 1, raw=raw)
        if raw and response.status != 401:
            return response
        forgotten_token = response.status == 403 and b"valid-sync-token" in response.body
        if response.status in (401, 403) and not forgotten_token:
            raise DavAuthError(f"the server refused the user name or password "
                               f"(HTTP {response.status}); nothing was changed")
        if response.status == 412:
            raise DavPreconditionError(f"{url} changed on the server meanwhile")
        if response.status >= 500:
            raise DavError(f"the server had an error (HTTP {response.status}); "
                           "try again later; nothing was changed")
        return response

    def propfind(self, url: str, props: str, depth: int = 0) -> list[tuple[str, ET.Element]]:
        """(href, prop element) for each response with a 200 propstat."""
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
                f'xmlns:card="{CARD}" xmlns:cal="{CAL}" xmlns:cs="{CS}"><d:prop>{props}'
                f"</d:prop></d:propfind>")
        response = self.request("PROPFIND", url, body, {"Depth": str(depth)})
        if response.status == 404:
            return []
        if response.status != 207:
            raise DavError(f"the server does not speak WebDAV at {url} "
                           f"(HTTP {response.status}); check the address")
        return _props(response.tree(), url)

    # -- discovery --------------------------------------------------------------------
    def principal(self) -> str:
        """The current-user-principal, trying the URL given, then the well-known ones."""
        prop = "<d:current-user-principal/>"
        for candidate in (self.base, "/.well-known/carddav", "/.well-known/caldav", "/"):
            for _href, props in self.propfind(candidate, prop):
                href = props.findtext("d:current-user-principal/d:href", None, NS)
                if href:
                    return urljoin(self.base, href)
        raise DavError("no CardDAV/CalDAV account found at this address; check it "
                       "(for Nextcloud: https://HOST/remote.php/dav)")

    def discover(self, create: bool = True) -> Collections:
        """Find (or, when ``create``, make) the address book and a calendar for journal
        entries and tasks."""
        principal = self.principal()
        homes = dict(self.propfind(principal, "<card:addressbook-home-set/>"
                                              "<cal:calendar-home-set/>"))
        props = next(iter(homes.values()), None)
        book_home = _href(props, "card:addressbook-home-set") or principal
        cal_home = _href(props, "cal:calendar-home-set") or principal
        book = self._find(book_home, "card:addressbook", None)
        if book is None and create:
            book = self._make(book_home, "addressbook")
        calendar = self._find(cal_home, "cal:calendar", ("VJOURNAL", "VTODO"))
        if calendar is None and create:
            calendar = self._make(cal_home, "calendar")
        return Collections(book or "", calendar or "")

    def _find(self, home: str, kind: str, components: tuple[str, ...] | None) -> str | None:
        found = self.propfind(home, "<d:resourcetype/><cal:supported-calendar-component-set/>"
                                    "<d:displayname/>", depth=1)
        ours = None
        for href, props in found:
            if props.find(f"d:resourcetype/{kind}", NS) is None:
                continue
            if components:
                offered = {c.get("name", "").upper()
                           for c in props.findall("cal:supported-calendar-component-set/"
                                                  "cal:comp", NS)}
                if offered and not set(components) <= offered:
                    continue
            if props.findtext("d:displayname", "", NS) == "Relmanager":
                return href
            ours = ours or href
        return ours

    def _make(self, home: str, kind: str) -> str:
        url = urljoin(home if home.endswith("/") else home + "/",
                      f"relmanager-{'contacts' if kind == 'addressbook' else 'journal'}/")
        if kind == "addressbook":
            body = (f'<?xml version="1.0" encoding="utf-8"?><d:mkcol xmlns:d="DAV:" '
                    f'xmlns:card="{CARD}"><d:set><d:prop><d:resourcetype><d:collection/>'
                    f"<card:addressbook/></d:resourcetype><d:displayname>Relmanager"
                    f"</d:displayname></d:prop></d:set></d:mkcol>")
            response = self.request("MKCOL", url, body)
        else:
            body = (f'<?xml version="1.0" encoding="utf-8"?><cal:mkcalendar xmlns:d="DAV:" '
                    f'xmlns:cal="{CAL}"><d:set><d:prop><d:displayname>Relmanager'
                    f"</d:displayname><cal:supported-calendar-component-set>"
                    f'<cal:comp name="VJOURNAL"/><cal:comp name="VTODO"/>'
                    f"</cal:supported-calendar-component-set></d:prop></d:set>"
                    f"</cal:mkcalendar>")
            response = self.request("MKCALENDAR", url, body)
        if response.status not in (200, 201):
            raise DavError(f"the server would not create the {kind} "
                           f"(HTTP {response.status}); create one on the server and retry")
        return urlsplit(url).path

    # -- collections ------------------------------------------------------------------
    def state(self, collection: str) -> str | None:
        """The collection's sync-token (or ctag): equal to the last one means unchanged."""
        for _href, props in self.propfind(collection, "<d:sync-token/><cs:getctag/>"):
            return props.findtext("d:sync-token", None, NS) or props.findtext(
                "cs:getctag", None, NS)
        raise DavError(f"the collection {collection} is gone from the server; set up "
                       "sync again (Settings > Sync)")

    def changes(self, collection: str, token: str | None) -> Listing:
        """What changed since ``token`` (RFC 6578), or every member's ETag when the server
        has no sync-collection report or forgot the token."""
        if token:
            body = (f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection '
                    f'xmlns:d="DAV:"><d:sync-token>{_xml(token)}</d:sync-token>'
                    f"<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop>"
                    f"</d:sync-collection>")
            # 207: the changes. 403/409 (the token expired, or no such report), 400, 501:
            # fall back to listing every member's ETag.
            response = self.request("REPORT", collection, body, {"Depth": "0"}, raw=True)
            if response.status == 207:
                return _sync_listing(response.tree(), collection)
        listing = Listing(token=None, complete=True)
        for href, props in self.propfind(collection, "<d:getetag/><d:resourcetype/>", 1):
            etag = props.findtext("d:getetag", None, NS)
            if etag and props.find("d:resourcetype/d:collection", NS) is None:
                listing.changed[href] = etag
        listing.token = self.state(collection)
        return listing

    def multiget(self, collection: str, hrefs: list[str], calendar: bool
                 ) -> dict[str, tuple[str, str]]:
        """href -> (etag, text) for the hrefs that still exist."""
        found: dict[str, tuple[str, str]] = {}
        ns, report, data = ((CAL, "calendar-multiget", "calendar-data") if calendar
                            else (CARD, "addressbook-multiget", "address-data"))
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            batch = hrefs[start:start + MULTIGET_BATCH]
            links = "".join(f"<d:href>{_xml(h)}</d:href>" for h in batch)
            body = (f'<?xml version="1.0" encoding="utf-8"?><x:{report} xmlns:d="DAV:" '
                    f'xmlns:x="{ns}"><d:prop><d:getetag/><x:{data}/></d:prop>{links}'
                    f"</x:{report}>")
            response = self.request("REPORT", collection, body, {"Depth": "1"})
            if response.status != 207:
                raise DavError(f"the server would not send the changed entries "
                               f"(HTTP {response.status})")
            for href, props in _props(response.tree(), collection):
                text = props.findtext(f"{{{ns}}}{data}")
                etag = props.findtext("d:getetag", "", NS)
                if text is not None:
                    found[href] = (etag, text)
        return found

    def put(self, href: str, text: str, content_type: str, etag: str | None) -> str | None:
        """Create (``etag`` None) or replace an entry; returns its new ETag when the server
        says it. Raises :class:`DavPreconditionError` when it changed (or exists) there."""
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self.request("PUT", href, text.encode("utf-8"), headers, raw=True)
        if response.status in (200, 201, 204):
            return response.headers.get("etag")
        if response.status == 412 and not _names_precondition(response.body):
            raise DavPreconditionError(f"{href} changed on the server meanwhile")
        if response.status >= 500:
            raise DavError(f"the server had an error (HTTP {response.status}); "
                           "try again later")
        # 4xx for one PUT, after this run's requests were answered: the entry is refused
        # (413 too large, 400/403/409/422 with a precondition, 423 locked), not the login.
        raise DavRefusedError(_refusal(response), response.status)

    def delete(self, href: str, etag: str | None) -> None:
        response = self.request("DELETE", href, None, {"If-Match": etag} if etag else {})
        if response.status not in (200, 204, 404):
            raise DavError(f"the server would not delete an entry (HTTP {response.status})")

    def etag(self, href: str) -> str | None:
        for _h, props in self.propfind(href, "<d:getetag/>"):
            return props.findtext("d:getetag", None, NS)
        return None


def member_href(collection: str, uid: str, suffix: str) -> str:
    """Where a new entry goes: the collection path plus a URL-safe file name."""
    path = urlsplit(collection).path
    return f"{path if path.endswith('/') else path + '/'}{quote(uid, safe='')}{suffix}"


def _names_precondition(body: bytes) -> bool:
    """A CardDAV/CalDAV precondition in an error body (Xandikos answers an invalid card
    with 412 and valid-address-data: a refusal, not an entry changed meanwhile)."""
    return any(name in body for name in (CARD.encode(), CAL.encode()))


def _refusal(response: Response) -> str:
    """Why the server refused an entry, in words (the precondition it names, if any)."""
    reasons = {413: "too large for the server", 423: "locked on the server; try again later",
               415: "a format the server does not take"}
    text = reasons.get(response.status, "")
    try:
        tree = ET.fromstring(response.body) if response.body.lstrip().startswith(b"<") \
            else None
    except ET.ParseError:
        tree = None
    if tree is not None and len(tree):
        text = text or tree[0].tag.rsplit("}", 1)[-1].replace("-", " ")
        detail = tree.findtext(_q(DAV, "responsedescription"))
        if detail:
            text += f"; {' '.join(detail.split())[:160]}"
    elif not text:
        text = " ".join(response.body[:120].decode("utf-8", "replace").split())
    return f"refused by the server (HTTP {response.status}{': ' + text if text else ''})"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _href(props: ET.Element | None, name: str) -> str | None:
    if props is None:
        return None
    return props.findtext(f"{name}/d:href", None, NS)


def _path(href: str, base: str) -> str:
    return urlsplit(urljoin(base, href.strip())).path


def _props(tree: ET.Element, base: str) -> list[tuple[str, ET.Element]]:
    found = []
    for response in tree.findall("d:response", NS):
        href = response.findtext("d:href", "", NS)
        for propstat in response.findall("d:propstat", NS):
            if " 200 " in (propstat.findtext("d:status", "", NS) + " "):
                prop = propstat.find("d:prop", NS)
                if prop is not None:
                    found.append((_path(href, base), prop))
    return found


def _sync_listing(tree: ET.Element, base: str) -> Listing:
    listing = Listing(token=tree.findtext("d:sync-token", None, NS))
    for response in tree.findall("d:response", NS):
        href = _path(response.findtext("d:href", "", NS), base)
        status = response.findtext("d:status", "", NS)
        if " 404 " in status + " ":
            listing.removed.append(href)
            continue
        for propstat in response.findall("d:propstat", NS):
            etag = propstat.findtext("d:prop/d:getetag", None, NS)
            if etag:
                listing.changed[href] = etag
    return listing
