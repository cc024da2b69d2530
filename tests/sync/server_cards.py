"""Cards put on the set-up account's server as another client would: what the tests of
foreign cards start from (written once; three test files had their own copy)."""

from __future__ import annotations

from relmanager.sync import account
from relmanager.sync.dav import DavClient


def account_client() -> DavClient:
    return account.load().client()


def put_card(name: str, text: str) -> str:
    """PUT ``text`` as ``name`` in the account's address book, unconditionally (as
    another client's new card); returns its href."""
    href = account.load().addressbook.rstrip("/") + "/" + name
    client = account_client()
    try:
        client.put(href, text, "text/vcard", None)
    finally:
        client.close()
    return href
