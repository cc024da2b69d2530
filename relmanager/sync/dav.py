"""A small WebDAV client for CardDAV (RFC 6352) and CalDAV (RFC 4791) servers.

Only what sync needs: discovery (RFC 6764 well-known URLs, current-user-principal, the
home sets, creating an address book or calendar when the account has none: the base
class, in relmanager.sync.discovery), the collection's sync-token / ctag (one request
tells whether anything changed), the sync-collection report (RFC 6578) with an ETag
listing as the fallback, multiget, and conditional PUT and DELETE. No Qt and no
database: it runs in a worker thread and in the command line alike. Every failure is a
:class:`DavError` whose message says what to do; passwords never appear in messages or
logs.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from relmanager.sync.dav_errors import (
    DavAuthError,
    DavCertificateError,
    DavError,
    DavLockedError,
    DavPreconditionError,
    DavRefusedError,
    precondition,
)
from relmanager.sync.discovery import CAL, CARD, NS, Collections, Discovery, _member, _props
from relmanager.sync.hrefs import is_member, resolve
from relmanager.sync.transport import TIMEOUT_S, Response
from relmanager.sync.uploads import PutOutcome, Upload

__all__ = ["CAL", "NS", "TIMEOUT_S", "Collections", "DavAuthError", "DavCertificateError",
           "DavClient", "DavError", "DavLockedError", "DavPreconditionError",
           "DavRefusedError", "Response", "member_href"]

MULTIGET_BATCH = 200
log = logging.getLogger(__name__)


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


class DavClient(Discovery):
    """One server, one account: discovery (relmanager.sync.discovery), listings,
    multiget, conditional writes."""

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
