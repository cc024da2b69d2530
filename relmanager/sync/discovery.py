"""Finding where an account's data lives on a CardDAV/CalDAV server, for
:class:`relmanager.sync.dav.DavClient` (whose base this is): the RFC 6764 well-known
URLs and the current-user-principal, the principal's home sets, and among the home sets'
members the address book and the calendar of journal entries and tasks (made when the
account has none). Every place the server names must be on the origin the user typed
and inside the home set it was listed in (relmanager.sync.hrefs): what a hostile or
broken server points elsewhere is never asked or used. Also the PROPFIND every request
of the client reads properties with, and its multistatus answers read into (href,
properties) pairs, members only.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from relmanager.sync.dav_errors import DavError
from relmanager.sync.hrefs import is_collection, is_member, resolve
from relmanager.sync.transport import Transport, origin_of

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
NS = {"d": DAV, "card": CARD, "cal": CAL, "cs": CS}
log = logging.getLogger(__name__)


@dataclass
class Collections:
    """Where the account's data lives, found by :func:`discover`."""

    addressbook: str
    calendar: str


class Discovery(Transport):
    """PROPFIND and discovery: the part of the DAV client that finds the collections."""

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

    def _url(self, collection: str) -> str:
        """The collection's absolute URL: the base its members' hrefs resolve against."""
        return urljoin(self.base, collection)

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
