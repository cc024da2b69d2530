"""A server that names hrefs outside the address book (``../x.vcf``, another
collection's path, ``%2e%2e/`` in disguise, another host) gets none of them fetched,
replaced or deleted, and the sync says what it left out. The server is a real Radicale or
Xandikos behind a proxy that adds the hostile hrefs to its answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine
from relmanager.sync.hrefs import is_member, resolve
from tests.sync.rewriting_proxy import Proxy, rewriting_proxy

BOOK = "http://127.0.0.1:5232/alice/book/"
HOSTILE = ["../victim/a.vcf", "/alice/victim/b.vcf", "http://evil.example/alice/book/c.vcf",
           "//evil.example/alice/book/d.vcf", "%2e%2e/victim/e.vcf",
           "f%2F..%2F..%2Fvictim%2Ff.vcf", "./g/../../victim/g.vcf",
           "http://127.0.0.1:5233/alice/book/h.vcf", "https://127.0.0.1:5232/alice/book/i.vcf"]
VICTIM_CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory Victim\r\nN:Victim;Mallory;;;\r\n"
               "UID:victim-1\r\nEND:VCARD\r\n")


@pytest.mark.parametrize("href", HOSTILE)
def test_an_href_outside_the_collection_is_no_member(href: str) -> None:
    assert not is_member(resolve(href, BOOK), BOOK)


@pytest.mark.parametrize("href", ["x.vcf", "/alice/book/x.vcf", "urn:uuid:1-2.vcf",
                                  "http://127.0.0.1:5232/alice/book/x.vcf",
                                  "HTTP://127.0.0.1:5232/alice/book/x.vcf",
                                  "/alice/%62ook/x.vcf", "sub/../y.vcf", "a%20b.vcf",
                                  "a%2Fb.vcf", "/alice/book/%2e/x.vcf"])
def test_a_member_stays_a_member(href: str) -> None:
    assert is_member(resolve(href, BOOK), BOOK)


@pytest.fixture
def proxied(request: pytest.FixtureRequest) -> Iterator[Proxy]:
    server = request.getfixturevalue(request.param)
    with rewriting_proxy(server.url) as proxy:
        yield proxy


def _responses(book: str, multiget: bool) -> bytes:
    """Each hostile href as a listed member (with an ETag), and in a multiget answer
    also with a card (Mallory) at another collection's path."""
    data = "<card:address-data>" + VICTIM_CARD + "</card:address-data>" if multiget else ""
    hrefs = HOSTILE if not multiget else [book.rstrip("/").rsplit("/", 1)[0] + "/victim/b.vcf"]
    return "".join(
        f'<d:response xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">'
        f"<d:href>{href}</d:href><d:propstat><d:prop><d:getetag>\"evil{n}\"</d:getetag>"
        f"{data}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
        for n, href in enumerate(hrefs)).encode()


@pytest.mark.parametrize("proxied", ["radicale", "xandikos"], indirect=True)
def test_a_server_naming_hrefs_outside_the_book_reaches_nothing_there(
        proxied: Proxy, isolated_home, clock) -> None:
    """Before the fix all nine hrefs were taken for members: the multiget asked for
    ``/alice/victim/b.vcf`` and the rest (the request names them), and the card the
    server put at another collection's path became a contact whose later edits would be
    PUT there."""
    from relmanager.store import db as store_db

    store_db.init_db(isolated_home / "a.sqlite3", clock=clock)
    try:
        account.set_up(proxied.url, "alice", "correct horse")
        book = account.load().addressbook
        client = account.load().client()
        try:
            client.put(book + "ada.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
                       "N:Lovelace;Ada;;;\r\nUID:ada-1\r\nEND:VCARD\r\n", "text/vcard", None)
        finally:
            client.close()

        def add(method: str, path: str, body: bytes) -> bytes:
            if path != book:  # the address book's listings only (not the calendar's)
                return b""
            if (method == "REPORT" and b"sync-collection" in body) or \
                    (method == "PROPFIND" and b"getetag" in body):
                return _responses(book, multiget=False)
            if method == "REPORT" and b"addressbook-multiget" in body:
                return _responses(book, multiget=True)
            return b""

        proxied.add = add
        proxied.seen.clear()
        report = engine.sync(clock)
        assert [c.display_name for c in Contact.select()] == ["Ada Lovelace"]
        assert len(report.skipped) == len(HOSTILE), report.reasons
        assert all("outside" in reason for reason in report.reasons)
        update_contact(clock, Contact.get().id, title="Countess")
        report = engine.sync(clock)
        assert report.pushed == 1, report.summary()
    finally:
        store_db.close_db()
    asked = [(method, path, body) for method, path, body in proxied.seen
             if b"victim" in body or "victim" in path or b"evil" in body]
    assert asked == []
    assert [path for method, path, _body in proxied.seen if method == "PUT"] == \
        [book + "ada.vcf"]
