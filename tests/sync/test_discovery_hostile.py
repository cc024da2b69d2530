"""Discovery keeps to the account, as every href sync uses does (relmanager.sync.hrefs):
a principal or home set the server names on another origin is not even asked (what it
answered would be taken for this account's collections), and an address book or
calendar the home set's listing names outside the home set (``../``, another user's
path, ``%2e%2e``, another host) is never chosen. The server is a real Radicale or
Xandikos behind a proxy that rewrites its answers; "another origin" is a loopback server
on another port that answers anything, with no password asked."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from relmanager.store import db as store_db
from relmanager.store.contacts import create_contact
from relmanager.sync import account, engine
from relmanager.sync.dav import DavError
from tests.sync.conftest import PASSWORD, USER
from tests.sync.rewriting_proxy import Proxy, rewriting_proxy
from tests.sync.servers import Recorder, recording_server

_NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" ' \
      'xmlns:cal="urn:ietf:params:xml:ns:caldav"'
_BOTH = ("<d:resourcetype><d:collection/><card:addressbook/><cal:calendar/></d:resourcetype>"
         '<cal:supported-calendar-component-set><cal:comp name="VJOURNAL"/>'
         '<cal:comp name="VTODO"/></cal:supported-calendar-component-set>'
         "<d:displayname>Relmanager</d:displayname>")


def _response(href: str, props: str) -> str:
    return (f"<d:response {_NS}><d:href>{href}</d:href><d:propstat><d:prop>{props}</d:prop>"
            "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>")


def _anything(_method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """Another host that takes anything without a password: a principal whose homes and
    collections are all its own (an address book and calendar named Relmanager)."""
    homes = ("<d:current-user-principal><d:href>/evil/</d:href></d:current-user-principal>"
             "<card:addressbook-home-set><d:href>/evil/</d:href></card:addressbook-home-set>"
             "<cal:calendar-home-set><d:href>/evil/</d:href></cal:calendar-home-set>")
    body = (f'<?xml version="1.0"?><d:multistatus {_NS}>{_response(path, homes)}'
            f"{_response('/evil/book/', _BOTH)}</d:multistatus>")
    return 207, {"Content-Type": "application/xml; charset=utf-8"}, body.encode()


@pytest.fixture
def proxied(request: pytest.FixtureRequest) -> Iterator[Proxy]:
    server = request.getfixturevalue(request.param)
    with rewriting_proxy(server.url) as proxy:
        yield proxy


@pytest.fixture
def elsewhere() -> Iterator[Recorder]:
    with recording_server(_anything) as other:
        yield other


@pytest.fixture
def home_db(isolated_home, clock) -> Iterator[None]:
    store_db.init_db(isolated_home / "a.sqlite3", clock=clock)
    try:
        yield
    finally:
        store_db.close_db()


def _href_of(element: str, url: str) -> Callable[[str, str, bytes, bytes], bytes]:
    """A rewrite that names ``url`` in the answer's ``element`` (any namespace prefix)."""
    pattern = re.compile(rb"(" + element.encode() + rb">\s*<(?:[\w-]+:)?href>)[^<]*")

    def rewrite(_method: str, _path: str, _body: bytes, data: bytes) -> bytes:
        return pattern.sub(lambda m: m.group(1) + url.encode(), data)
    return rewrite


@pytest.mark.parametrize("proxied", ["radicale", "xandikos"], indirect=True)
@pytest.mark.parametrize("element", ["current-user-principal", "addressbook-home-set",
                                     "calendar-home-set"])
def test_a_principal_or_home_set_on_another_host_is_not_asked(proxied, elsewhere, home_db,
                                                              element):
    """On the old code the other host was asked (without the password), and what it
    answered was stored as this account's address book or calendar (its path, on the
    account's server), or created there with MKCOL."""
    proxied.rewrite = _href_of(element, elsewhere.url + "evil/")
    with pytest.raises(DavError) as caught:
        account.set_up(proxied.url, USER, PASSWORD)
    assert elsewhere.seen == []
    assert account.load() is None
    message = str(caught.value)
    assert f"127.0.0.1:{elsewhere.server.server_address[1]}" in message
    assert "nothing was stored" in message and PASSWORD not in message


HOSTILE = ["../victim/", "/victim/book/", "%2e%2e/victim/", "..%2Fvictim/",
           "http://evil.example/{home}evil-book/", "https://127.0.0.1:{port}{home}evil-book/"]


@pytest.mark.parametrize("proxied", ["radicale", "xandikos"], indirect=True)
def test_collections_listed_outside_the_home_set_are_never_chosen(proxied, home_db, clock):
    """On the old code the first of them (``../victim/``, an address book and calendar
    named Relmanager) became the account's address book and calendar, and the next sync
    read and wrote there."""
    port = proxied.url.rsplit(":", 1)[1].rstrip("/")

    def add(method: str, path: str, body: bytes) -> bytes:
        if method != "PROPFIND" or b"displayname" not in body:  # the home set's listing
            return b""
        return "".join(_response(href.format(home=path, port=port), _BOTH)
                       for href in HOSTILE).encode()

    proxied.add = add
    found = account.set_up(proxied.url, USER, PASSWORD)
    homes = {path for method, path, body in proxied.seen
             if method == "PROPFIND" and b"displayname" in body}
    assert len(homes) in (1, 2)  # Radicale: one home for both; Xandikos: two
    for collection in (found.addressbook, found.calendar):
        assert any(collection.startswith(home) and collection != home for home in homes), \
            (collection, homes)
        assert "victim" not in collection and "evil" not in collection
    create_contact(clock, "Ada Lovelace")
    report = engine.sync(clock)
    assert report.pushed == 1, report.summary()
    reached = [(method, path) for method, path, _body in proxied.seen
               if "victim" in path or "evil" in path]
    assert reached == []
    puts = [path for method, path, _body in proxied.seen if method == "PUT"]
    assert len(puts) == 1 and puts[0].startswith(found.addressbook), puts


def test_a_home_set_that_is_itself_an_address_book_is_taken(radicale, home_db):
    """A server that names the address book itself as the home set (as discovery took it
    before the rule): the home set is inside itself, so that book is used, not a new one
    made inside it."""
    first = account.set_up(radicale.url, USER, PASSWORD)
    with rewriting_proxy(radicale.url) as proxy:
        proxy.rewrite = _href_of("addressbook-home-set", first.addressbook)
        found = account.set_up(proxy.url, USER, PASSWORD)
        assert [method for method, _path, _body in proxy.seen if method == "MKCOL"] == []
    assert (found.addressbook, found.calendar) == (first.addressbook, first.calendar)
