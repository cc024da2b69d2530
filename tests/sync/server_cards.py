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


#: Address book groups as Apple (vCard 3.0) and a vCard 4.0 client write them.
APPLE_GROUP = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.4//EN\r\n"
               "N:Family\r\nFN:Family\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n"
               "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b\r\n"
               "UID:0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0\r\nEND:VCARD\r\n")
VCARD4_GROUP = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Book club\r\nKIND:group\r\n"
                "MEMBER:urn:uuid:7e2f1c4a-0f4b-4c1e-9c55-1b2e3d4f5a6b\r\n"
                "UID:urn:uuid:1f2e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b\r\nEND:VCARD\r\n")
