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

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from relmanager.sync.dav_errors import (
    DavAuthError,
    DavCertificateError,
    DavError,
    DavLockedError,
    DavPreconditionError,
    DavRefusedError,
    precondition,
)
from relmanager.sync.hrefs import is_collection, is_member, resolve
from relmanager.sync.transport import TIMEOUT_S, Response, Transport, origin_of
from relmanager.sync.uploads import PutOutcome, Upload

__all__ = ["TIMEOUT_S", "DavAuthError", "DavCertificateError", "DavClient", "DavError",
           "DavLockedError", "DavPreconditionError", "DavRefusedError", "Response",
           "member_href"]

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
NS = {"d": DAV, "card": CARD, "cal": CAL, "cs": CS}
MULTIGET_BATCH = 200
log = logging.getLogger(__name__)


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
    outside: list[str] = field(default_factory=list)  # hrefs named outside: left alone


_SYNC_FROM_START = ('<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
                    "<d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/>"
                    "</d:prop></d:sync-collection>")


class DavClient(Transport):
    """One server, one account: discovery, listings, multiget, conditional writes."""

    def propfind(self, url: str, props: str, depth: int = 0, *,
                 account_check: bool = False, outside: list[str] | None = None,
                 itself: bool = False) -> list[tuple[str, ET.Element]]:
        """(href, prop element) for each response with a 200 propstat; with ``outside``
        (a listing of the collection ``url``), only its members (and with ``itself`` the
        collection too), the others added there."""
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" '
                f'xmlns:card="{CARD}" xmlns:cal="{CAL}" xmlns:cs="{CS}"><d:prop>{props}'
                f"</d:prop></d:propfind>")
        response = self.request("PROPFIND", url, body, {"Depth": str(depth)},
                                account_check=account_check)
        if response.status == 404:
            return []
        if response.status != 207:
            raise DavError(f"the server does not speak WebDAV at {url} "
                           f"(HTTP {response.status}); check the address")
        return _props(response.tree(), self._url(url), outside, itself)

    # -- discovery --------------------------------------------------------------------
    def principal(self) -> str:
        """The current-user-principal, trying the URL given, then the well-known ones."""
        prop = "<d:current-user-principal/>"
        for candidate in (self.base, "/.well-known/carddav", "/.well-known/caldav", "/"):
            for _href, props in self.propfind(candidate, prop, account_check=True):
                href = props.findtext("d:current-user-principal/d:href", None, NS)
                if href:
                    return self._named(href, self._url(candidate), "account (principal)")
        raise DavError("no CardDAV/CalDAV account found at this address; check it "
                       "(for Nextcloud: https://HOST/remote.php/dav)")

    def _named(self, href: str, base: str, what: str) -> str:
        """The absolute URL of a place discovery was pointed to (the principal, a home
        set), which must be on the origin the user typed, as every href sync uses (see
        relmanager.sync.hrefs): elsewhere it is not even asked, since what it answered
        would be taken for this account's collections."""
        url = resolve(href, base)
        if origin_of(url) != self.origin:
            raise DavError(f"the server named {url}, on another server, as the place of "
                           f"your {what}; Relmanager stays on the address you entered, so "
                           "it was not asked and nothing was stored. If you trust it, enter "
                           f"{url} as the server address")
        return url

    def discover(self, create: bool = True) -> Collections:
        """Find (or, when ``create``, make) the address book and a calendar for journal
        entries and tasks: on the principal's home sets (on the account's origin), among
        their members (strictly inside them, or the home set itself)."""
        principal = self.principal()
        homes = dict(self.propfind(principal, "<card:addressbook-home-set/>"
                                              "<cal:calendar-home-set/>"))
        props = next(iter(homes.values()), None)
        book_home = self._named(_href(props, "card:addressbook-home-set") or principal,
                                principal, "address books (addressbook-home-set)")
        cal_home = self._named(_href(props, "cal:calendar-home-set") or principal,
                               principal, "calendars (calendar-home-set)")
        book = self._find(book_home, "card:addressbook", None)
        if book is None and create:
            book = self._make(book_home, "addressbook")
        calendar = self._find(cal_home, "cal:calendar", ("VJOURNAL", "VTODO"))
        if calendar is None and create:
            calendar = self._make(cal_home, "calendar")
        return Collections(book or "", calendar or "")

    def _find(self, home: str, kind: str, components: tuple[str, ...] | None) -> str | None:
        """Among the home set's members, the collection named Relmanager (else the first)
        of ``kind`` offering ``components``. A member the listing names outside the home
        (another user's book, ``../``, another host) is never taken: sync would read and
        write there."""
        outside: list[str] = []
        found = self.propfind(home, "<d:resourcetype/><cal:supported-calendar-component-set/>"
                                    "<d:displayname/>", depth=1, outside=outside, itself=True)
        for href in outside:
            log.warning("the server listed %r, outside the home set %s: not used",
                        href[:200], home)
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
                return _sync_listing(response.tree(), self._url(collection))
        else:
            # A first sync: RFC 6578's initial sync-collection (an empty token) lists
            # every member with its ETag and the token in one request.
            response = self.request("REPORT", collection, _SYNC_FROM_START, {"Depth": "0"},
                                    raw=True)
            if response.status == 207 and b" 507 " not in response.body:  # not truncated
                listing = _sync_listing(response.tree(), self._url(collection))
                if listing.token and not listing.removed:
                    listing.complete = True
                    return listing
        listing = Listing(token=None, complete=True)
        for href, props in self.propfind(collection, "<d:getetag/><d:resourcetype/>", 1,
                                         outside=listing.outside):
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
            outside: list[str] = []
            for href, props in _props(response.tree(), self._url(collection), outside):
                text = props.findtext(f"{{{ns}}}{data}")
                etag = props.findtext("d:getetag", "", NS)
                if text is not None:
                    found[href] = (etag, text)
            for href in outside:  # not asked for, and not the collection's: never taken
                log.warning("the server sent %r, outside %s: left alone", href[:200],
                            collection)
        return found

    def is_member(self, href: str, collection: str) -> bool:
        """``href`` (a stored path) names something inside ``collection``. The usual
        one (the collection's path, then a name with no '%', '/' or dot segment) is
        known inside at once: 10,000 pairings are checked on every sync."""
        prefix = collection.rstrip("/") + "/"
        name = href[len(prefix):]
        if href.startswith(prefix) and name.strip(".") and not any(c in name for c in "%/"):
            return True
        return is_member(resolve(href, self._url(collection)), self._url(collection))

    def _url(self, collection: str) -> str:
        """The collection's absolute URL: the base its members' hrefs resolve against."""
        return urljoin(self.base, collection)

    def put(self, href: str, text: str, content_type: str, etag: str | None) -> str | None:
        """Create (``etag`` None) or replace an entry; returns its new ETag when the server
        says it. Raises :class:`DavPreconditionError` when it changed (or exists) there,
        :class:`DavRefusedError` when the server will not take this entry."""
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
        if response.status == 423:  # the server (or its store) is locked, not this entry
            raise DavLockedError(f"{urlsplit(href).path} is locked by the server, try "
                                 "again later (HTTP 423)")
        # 4xx for one PUT, after this run's requests were answered: the entry is refused
        # (413 too large, 400/403/409/422 with a precondition), not the login.
        raise _refused(response, href)

    def delete(self, href: str, etag: str | None) -> None:
        response = self.request("DELETE", href, None, {"If-Match": etag} if etag else {})
        if response.status not in (200, 204, 404):
            raise _refused(response, href)

    def etag(self, href: str) -> str | None:
        for _h, props in self.propfind(href, "<d:getetag/>"):
            return props.findtext("d:getetag", None, NS)
        return None

    def put_many(self, uploads: Iterable[Upload], workers: int = 4,
                 done: Callable[[PutOutcome], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[PutOutcome]:
        """PUT many entries over ``workers`` connections at once: see
        :func:`relmanager.sync.uploads.put_many`."""
        from relmanager.sync import uploads as pool

        return pool.put_many(self, uploads, workers, done, cancelled)


def _refused(response: Response, href: str) -> DavRefusedError:
    condition = precondition(response.body)
    error = DavRefusedError("", response.status, condition)
    error.args = (f"the server refused {urlsplit(href).path}: {error.reason()}",)
    return error


def member_href(collection: str, uid: str, suffix: str) -> str:
    """Where a new entry goes: the collection path plus a URL-safe file name."""
    path = urlsplit(collection).path
    return f"{path if path.endswith('/') else path + '/'}{quote(uid, safe='')}{suffix}"


def _names_precondition(body: bytes) -> bool:
    """A CardDAV/CalDAV precondition in an error body (Xandikos answers an invalid card
    with 412 and valid-address-data: a refusal, not an entry changed meanwhile)."""
    return any(name in body for name in (CARD.encode(), CAL.encode()))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _href(props: ET.Element | None, name: str) -> str | None:
    if props is None:
        return None
    return props.findtext(f"{name}/d:href", None, NS)


def _member(href: str, base: str, outside: list[str] | None, itself: bool = False
            ) -> str | None:
    """The path of a listed href when it may be used: with ``outside`` given (a listing
    of the collection at ``base``), only a member strictly inside it (or, with
    ``itself``, the collection); an href outside is added to ``outside`` (the collection
    itself is neither)."""
    url = resolve(href, base)
    if outside is None or is_member(url, base):
        return urlsplit(url).path
    if is_collection(url, base):
        return urlsplit(url).path if itself else None
    outside.append(href.strip())
    return None


def _props(tree: ET.Element, base: str, outside: list[str] | None = None,
           itself: bool = False) -> list[tuple[str, ET.Element]]:
    found = []
    for response in tree.findall("d:response", NS):
        path = _member(response.findtext("d:href", "", NS), base, outside, itself)
        if path is None:
            continue
        for propstat in response.findall("d:propstat", NS):
            if " 200 " in (propstat.findtext("d:status", "", NS) + " "):
                prop = propstat.find("d:prop", NS)
                if prop is not None:
                    found.append((path, prop))
    return found


def _sync_listing(tree: ET.Element, base: str) -> Listing:
    listing = Listing(token=tree.findtext("d:sync-token", None, NS))
    for response in tree.findall("d:response", NS):
        href = _member(response.findtext("d:href", "", NS), base, listing.outside)
        if href is None:
            continue
        status = response.findtext("d:status", "", NS)
        if " 404 " in status + " ":
            listing.removed.append(href)
            continue
        for propstat in response.findall("d:propstat", NS):
            etag = propstat.findtext("d:prop/d:getetag", None, NS)
            if etag:
                listing.changed[href] = etag
    return listing
