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
from tests.sync.rewriting_proxy import Proxy, rewriting_proxy
from tests.sync.server_cards import put_card

HOSTILE = ["../victim/a.vcf", "/alice/victim/b.vcf", "http://evil.example/alice/book/c.vcf",
           "//evil.example/alice/book/d.vcf", "%2e%2e/victim/e.vcf",
           "f%2F..%2F..%2Fvictim%2Ff.vcf", "./g/../../victim/g.vcf",
           "http://127.0.0.1:5233/alice/book/h.vcf", "https://127.0.0.1:5232/alice/book/i.vcf"]
VICTIM_CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory Victim\r\nN:Victim;Mallory;;;\r\n"
               "UID:victim-1\r\nEND:VCARD\r\n")


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


def _make_book(client, path: str) -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?><d:mkcol xmlns:d="DAV:" xmlns:card='
            '"urn:ietf:params:xml:ns:carddav"><d:set><d:prop><d:resourcetype><d:collection/>'
            "<card:addressbook/></d:resourcetype></d:prop></d:set></d:mkcol>")
    assert client.request("MKCOL", path, body).status in (200, 201)


def test_a_pairing_outside_the_book_from_an_earlier_version_reaches_nothing_there(
        devices, clock) -> None:
    """A version before the fix could have paired a contact with an href a hostile
    listing named in another address book. Before this fix an edit here was PUT there,
    over the other book's card (its etag matched), and a deletion here deleted it."""
    from relmanager.store import sync_state
    from relmanager.store.snapshots import delete_contacts

    victim_card = VICTIM_CARD.replace("Mallory", "Trent").replace("victim-1", "victim-2")
    with devices.a:
        book = account.load().addressbook
        other = book.rstrip("/").rsplit("/", 1)[0] + "/victim/"
        client = account.load().client()
        try:
            _make_book(client, other)
            hrefs = [other + "b.vcf", other + "c.vcf"]
            etags = [client.put(href, VICTIM_CARD if n else victim_card, "text/vcard", None)
                     or client.etag(href) for n, href in enumerate(hrefs)]
            before = client.multiget(other, hrefs, calendar=False)
        finally:
            client.close()
        for n, name in enumerate(("Ada Lovelace", "Grace Hopper")):
            put_card(f"{n}.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" + name +
                     f"\r\nUID:person-{n}\r\nEND:VCARD\r\n")
        engine.sync(clock)
        ada, grace = Contact.select().order_by(Contact.display_name)
        for contact, href, etag in zip((ada, grace), hrefs, etags, strict=True):
            # what the old version would have stored from a hostile listing
            item = sync_state.item_for("contact", contact.id)
            sync_state.SyncItem.update(href=href, etag=etag).where(
                sync_state.SyncItem.id == item.id).execute()
        client = account.load().client()
        try:  # Ada's card was only where the old version paired her
            client.delete(book + "0.vcf", None)
        finally:
            client.close()
        update_contact(clock, ada.id, title="Countess")
        delete_contacts([grace.id])
        report = engine.sync(clock)
        client = account.load().client()
        try:
            after = client.multiget(other, hrefs, calendar=False)
            listed = client.changes(book, None).changed
        finally:
            client.close()
        ada_now = sync_state.item_for("contact", ada.id)
    assert after == before
    assert ada_now is not None and ada_now.href.startswith(book)
    assert sum("paired outside" in reason for reason in report.reasons) == 2, report.reasons
    assert sorted(listed) == [book + "1.vcf", book + "person-0.vcf"]  # Grace's own card
    # is left (its deletion here had gone to the other book's card); Ada is sent anew
