"""Hrefs a server lists that are not plain members of the collection. Xandikos lists a
resource whose name has a colon (another client named it by its ``urn:uuid:`` UID) as a
bare relative href, which a URL parser reads as a scheme: Relmanager must still reach the
same resource, never one beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmanager.store import sync_state
from relmanager.store.contacts import update_contact
from relmanager.store.models import Contact
from relmanager.sync import account, engine

UID = "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Other App//EN\r\nN:Hopper;Grace;;;\r\n"
        "FN:Grace Hopper\r\nNICKNAME:Amazing Grace\r\nUID:urn:uuid:" + UID + "\r\n"
        "END:VCARD\r\n")


@pytest.fixture
def dav_server(xandikos):
    """Only Xandikos keeps a colon in a name (Radicale refuses it with 400)."""
    return xandikos


def _listing() -> dict[str, str]:
    client = account.load().client()
    try:
        book = account.load().addressbook
        return {href: client.multiget(book, [href], calendar=False)[href][1]
                for href in client.changes(book, None).changed}
    finally:
        client.close()


def test_an_entry_named_by_its_urn_uid_is_edited_where_it_is(devices, clock,
                                                            tmp_path: Path):
    """Before the fix the href 'urn:uuid:....vcf' was read as the path 'uuid:....vcf',
    relative to the server's root: the card was never fetched, and nothing reached it."""
    with devices.a:
        book = account.load().addressbook
        href = book.rstrip("/") + f"/urn:uuid:{UID}.vcf"
        client = account.load().client()
        try:
            client.put(href, CARD, "text/vcard", None)
        finally:
            client.close()
        report = engine.sync(clock)
        assert report.pulled == 1, report.summary()
        contact = Contact.get()
        assert sync_state.item_for("contact", contact.id).href == href
        update_contact(clock, contact.id, title="Rear admiral")
        report = engine.sync(clock)
        assert report.pushed == 1 and not report.skipped, report.summary()
        listing = _listing()
    assert list(listing) == [href]
    assert "TITLE:Rear admiral" in listing[href]
    assert "NICKNAME:Amazing Grace" in listing[href]
