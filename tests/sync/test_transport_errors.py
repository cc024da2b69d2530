"""What a server's refusal means (issue 18, items 4 and 7): a 403 that names a
precondition (or says why in plain text, as Xandikos does) is one refused entry, not a
wrong password; only 401, and a bare 403 on the account itself, blame the credentials;
423 says the server holds a lock. A refused entry in a batch of uploads leaves the rest
to go on, each with its own outcome."""

from __future__ import annotations

import pytest

from relmanager.sync import dav
from relmanager.sync.dav import DavAuthError, DavClient, DavError, member_href
from tests.sync.conftest import PASSWORD, USER
from tests.sync.servers import recording_server

CARD = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nN:;{name};;;\r\nEND:VCARD\r\n"
XML = {"Content-Type": "application/xml; charset=utf-8"}


def _error(condition: str, ns: str = "urn:ietf:params:xml:ns:carddav") -> bytes:
    return (f'<?xml version="1.0"?><d:error xmlns:d="DAV:" xmlns:c="{ns}">'
            f"<c:{condition}/></d:error>").encode()


def _put_against(status: int, headers: dict[str, str], body: bytes) -> DavError:
    with recording_server(lambda _m, _p: (status, headers, body)) as server:
        client = DavClient(server.url, USER, PASSWORD, timeout=5)
        try:
            with pytest.raises(DavError) as caught:
                client.put("/alice/book/ada.vcf", CARD.format(uid="ada", name="Ada"),
                           "text/vcard", None)
        finally:
            client.close()
    return caught.value


@pytest.mark.parametrize(("status", "headers", "body", "condition", "words"), [
    (403, XML, _error("valid-address-data"), "valid-address-data", "does not accept"),
    (403, XML, _error("max-resource-size"), "max-resource-size", "larger than"),
    (403, XML, _error("no-uid-conflict"), "no-uid-conflict", "same UID"),
    (403, {"Content-Type": "text/plain"}, b"name contains a path separator",
     "name contains a path separator", "path separator"),
    (413, {}, b"", "", "larger than the server accepts"),
    (400, {"Content-Type": "text/plain"}, b"Bad Request: invalid vCard", "", "invalid vCard"),
])
def test_a_refused_entry_is_not_a_wrong_password(status, headers, body, condition, words):
    error = _put_against(status, headers, body)
    assert isinstance(error, dav.DavRefusedError)
    assert not isinstance(error, DavAuthError)
    assert error.status == status
    assert condition in error.condition if condition else True
    assert words in str(error)
    assert "password" not in str(error)
    assert error.about("Ada Lovelace").startswith("the server refused 'Ada Lovelace': ")


def test_401_is_the_password():
    error = _put_against(401, {"WWW-Authenticate": 'Basic realm="x"'}, b"")
    assert isinstance(error, DavAuthError)
    assert "user name or password" in str(error)


def test_a_bare_403_on_the_account_is_the_password_but_not_on_an_entry():
    with recording_server(lambda _m, _p: (403, {}, b"")) as server:
        client = DavClient(server.url, USER, PASSWORD, timeout=5)
        try:
            with pytest.raises(DavAuthError):
                client.discover(create=False)
            with pytest.raises(DavError) as caught:
                client.put("/alice/book/ada.vcf", "x", "text/vcard", None)
        finally:
            client.close()
    assert isinstance(caught.value, dav.DavRefusedError)


def test_423_says_locked_try_again_later():
    error = _put_against(423, {}, b"")
    assert isinstance(error, dav.DavLockedError)
    assert "locked by the server, try again later" in str(error)
    assert "password" not in str(error)


def test_put_many_goes_on_past_a_refused_entry(radicale):
    client = DavClient(radicale.url, USER, PASSWORD, timeout=10)
    try:
        book = client.discover(create=True).addressbook
        uploads = [dav.Upload(member_href(book, f"c{i}", ".vcf"),
                              CARD.format(uid=f"c{i}", name=f"Contact {i}"), "text/vcard",
                              key=i) for i in range(12)]
        uploads[3].text = "BEGIN:VCARD\r\nthis is not a card\r\n"
        seen = []
        outcomes = client.put_many(uploads, workers=4, done=seen.append)
        listing = client.changes(book, None)
    finally:
        client.close()
    assert [o.upload.key for o in outcomes] == list(range(12))
    assert len(seen) == 12
    refused = [o for o in outcomes if not o.ok]
    assert [o.upload.key for o in refused] == [3]
    assert isinstance(refused[0].error, dav.DavRefusedError)
    assert all(o.etag for o in outcomes if o.ok)
    assert len(listing.changed) == 11


def test_put_many_cancelled_sends_nothing_more(radicale):
    client = DavClient(radicale.url, USER, PASSWORD, timeout=10)
    try:
        book = client.discover(create=True).addressbook
        uploads = [dav.Upload(member_href(book, f"c{i}", ".vcf"),
                              CARD.format(uid=f"c{i}", name=f"C {i}"), "text/vcard")
                   for i in range(40)]
        sent = []

        def done(outcome):
            sent.append(outcome)

        outcomes = client.put_many(uploads, workers=4, done=done,
                                   cancelled=lambda: len(sent) >= 5)
        on_server = len(client.changes(book, None).changed)
    finally:
        client.close()
    skipped = [o for o in outcomes if o.skipped]
    assert skipped and len(skipped) >= 40 - 5 - 8
    assert on_server == len([o for o in outcomes if o.ok])


def test_xandikos_refusing_a_name_is_one_refused_entry(xandikos):
    client = DavClient(xandikos.url, USER, PASSWORD, timeout=10)
    try:
        book = client.discover(create=False).addressbook
        with pytest.raises(DavError) as caught:
            client.put(book + "urn%3Aa%2Fb.vcf", CARD.format(uid="a/b", name="Ada"),
                       "text/vcard", None)
    finally:
        client.close()
    assert isinstance(caught.value, dav.DavRefusedError)
    assert caught.value.status == 403
    assert "path separator" in caught.value.condition
    assert "password" not in str(caught.value)


def test_xandikos_locked_after_a_crash_says_try_again_later(xandikos):
    client = DavClient(xandikos.url, USER, PASSWORD, timeout=10)
    try:
        book = client.discover(create=False).addressbook
        folder = xandikos.root / "data" / book.strip("/")
        lock = next(folder.rglob(".git")) / "index.lock"
        lock.write_text("")  # what a kill -9 mid-write leaves behind
        with pytest.raises(DavError) as caught:
            client.put(member_href(book, "ada", ".vcf"), CARD.format(uid="ada", name="Ada"),
                       "text/vcard", None)
    finally:
        client.close()
    assert isinstance(caught.value, dav.DavLockedError), caught.value
    assert "locked by the server, try again later" in str(caught.value)
