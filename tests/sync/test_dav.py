"""The WebDAV client against bad addresses, a closed port and a real Radicale server:
discovery creates and then finds the collections, sync tokens and sync-collection listings
follow puts and deletes, conditional writes refuse stale ETags, and a wrong password is
reported as such. No message ever carries the password."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from relmanager.sync.dav import (
    NS,
    Collections,
    DavAuthError,
    DavClient,
    DavError,
    DavPreconditionError,
    member_href,
)
from tests.sync.conftest import PASSWORD, USER

CARD = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nN:;{name};;;\r\nEND:VCARD\r\n"
VCARD_TYPE = "text/vcard"


@pytest.fixture
def client(dav_server) -> Iterator[DavClient]:
    """A client of Radicale, then of Xandikos (the same test against both)."""
    dav = DavClient(dav_server.url, USER, PASSWORD, timeout=10)
    try:
        yield dav
    finally:
        dav.close()


@pytest.fixture
def book(client: DavClient) -> str:
    return client.discover(create=True).addressbook


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- without a server -------------------------------------------------------------------
@pytest.mark.parametrize("url", ["ftp://dav.example.org/", "dav.example.org", "", "http://",
                                 "file:///home/alice/dav"])
def test_a_url_that_is_not_http_is_refused_with_a_clear_message(url):
    with pytest.raises(DavError) as caught:
        DavClient(url, USER, PASSWORD)
    message = str(caught.value)
    assert f"'{url}' is not a server address" in message
    assert "https://" in message
    assert PASSWORD not in message


def test_the_url_is_trimmed():
    client = DavClient("  https://dav.example.org/remote.php/dav \n", USER, PASSWORD)
    try:
        assert client.base == "https://dav.example.org/remote.php/dav"
    finally:
        client.close()


def test_a_closed_port_cannot_be_reached_and_the_password_stays_out():
    password = "s3cret-Horse-battery"
    client = DavClient(f"http://127.0.0.1:{_closed_port()}/dav/", USER, password, timeout=5)
    try:
        with pytest.raises(DavError) as caught:
            client.discover(create=True)
    finally:
        client.close()
    error = caught.value
    assert type(error) is DavError  # not mistaken for a wrong password
    assert "cannot reach 127.0.0.1" in str(error)
    assert "nothing was changed" in str(error)
    assert password not in str(error)
    assert password not in repr(error)
    assert error.__cause__ is None and error.__suppress_context__


@pytest.mark.parametrize(("collection", "uid", "suffix", "expected"), [
    ("/alice/book/", "abc-123", ".vcf", "/alice/book/abc-123.vcf"),
    ("/alice/book", "abc-123", ".vcf", "/alice/book/abc-123.vcf"),
    ("/alice/cal/", "a b/c?d#e%f&g", ".ics", "/alice/cal/a%20b%2Fc%3Fd%23e%25f%26g.ics"),
    ("https://dav.example.org:8443/alice/book/", "ü", ".vcf", "/alice/book/%C3%BC.vcf"),
])
def test_member_href_is_the_collection_path_plus_a_quoted_name(collection, uid, suffix,
                                                                expected):
    assert member_href(collection, uid, suffix) == expected


# -- against Radicale -------------------------------------------------------------------
def test_discover_creates_an_address_book_and_a_calendar_then_finds_them(dav_server, client):
    if dav_server.kind != "radicale":
        pytest.skip("Radicale's accounts and the collections it creates")
    radicale = dav_server
    created = client.discover(create=True)
    assert created.addressbook == f"/{USER}/relmanager-contacts/"
    assert created.calendar == f"/{USER}/relmanager-journal/"
    props = dict(client.propfind(created.calendar,
                                 "<d:resourcetype/><cal:supported-calendar-component-set/>"
                                 "<d:displayname/>"))[created.calendar]
    assert props.find("d:resourcetype/cal:calendar", NS) is not None
    assert props.findtext("d:displayname", None, NS) == "Relmanager"
    components = {c.get("name") for c in props.findall(
        "cal:supported-calendar-component-set/cal:comp", NS)}
    assert {"VJOURNAL", "VTODO"} <= components
    book_props = dict(client.propfind(created.addressbook, "<d:resourcetype/>"))
    assert book_props[created.addressbook].find("d:resourcetype/card:addressbook",
                                                NS) is not None

    other = DavClient(radicale.url, USER, PASSWORD, timeout=10)
    try:
        assert other.discover(create=False) == created
        assert other.discover(create=True) == created  # nothing new is made
    finally:
        other.close()
    homes = client.propfind(f"/{USER}/", "<d:resourcetype/>", depth=1)
    assert sorted(href for href, _props in homes) == sorted(
        [f"/{USER}/", created.addressbook, created.calendar])


def test_state_is_stable_until_a_put_changes_it(client, book):
    before = client.state(book)
    assert before
    assert client.state(book) == before
    etag = client.put(member_href(book, "ada", ".vcf"), CARD.format(uid="ada", name="Ada"),
                      VCARD_TYPE, None)
    assert etag
    after = client.state(book)
    assert after and after != before
    with pytest.raises(DavError, match="is gone from the server"):
        client.state(f"/{USER}/no-such-collection/")


def test_changes_list_a_put_then_a_delete_as_removed(client, book):
    token = client.state(book)
    href = member_href(book, "ada", ".vcf")
    etag = client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)

    listing = client.changes(book, token)
    assert listing.changed == {href: etag}
    assert listing.removed == []
    assert not listing.complete
    assert listing.token == client.state(book)
    assert client.changes(book, listing.token).changed == {}  # nothing since

    client.delete(href, etag)
    after_delete = client.changes(book, listing.token)
    assert after_delete.removed == [href]
    assert after_delete.changed == {}
    assert after_delete.token == client.state(book)
    assert client.multiget(book, [href], calendar=False) == {}


def test_changes_without_a_token_list_every_member(client, book):
    hrefs = {}
    for uid in ("ada", "charles"):
        href = member_href(book, uid, ".vcf")
        hrefs[href] = client.put(href, CARD.format(uid=uid, name=uid.title()), VCARD_TYPE,
                                 None)
    listing = client.changes(book, None)
    assert listing.complete
    assert listing.changed == hrefs
    assert listing.token == client.state(book)


def test_changes_with_a_token_the_server_forgot_fall_back_to_every_member(client, book):
    """RFC 6578 3.2: an unknown token is answered with 403 and DAV:valid-sync-token;
    the docstring promises the ETag listing then."""
    href = member_href(book, "ada", ".vcf")
    etag = client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)
    forgotten = "http://radicale.org/ns/sync/" + "0" * 64
    listing = client.changes(book, forgotten)
    assert listing.complete
    assert listing.changed == {href: etag}


def test_multiget_returns_the_text_and_etag(client, book):
    href = member_href(book, "ada", ".vcf")
    etag = client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)
    found = client.multiget(book, [href, member_href(book, "nobody", ".vcf")], calendar=False)
    assert list(found) == [href]
    assert found[href][0] == etag
    assert "FN:Ada" in found[href][1]
    assert client.etag(href) == etag


def test_put_with_a_stale_etag_is_refused_and_changes_nothing(client, book):
    href = member_href(book, "ada", ".vcf")
    first = client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)
    second = client.put(href, CARD.format(uid="ada", name="Ada Lovelace"), VCARD_TYPE, first)
    assert second and second != first
    with pytest.raises(DavPreconditionError, match="changed on the server meanwhile"):
        client.put(href, CARD.format(uid="ada", name="Ada Byron"), VCARD_TYPE, first)
    with pytest.raises(DavPreconditionError):  # creating what already exists
        client.put(href, CARD.format(uid="ada", name="Ada Byron"), VCARD_TYPE, None)
    etag, text = client.multiget(book, [href], calendar=False)[href]
    assert etag == second
    assert "FN:Ada Lovelace" in text


def test_delete_with_a_stale_etag_is_refused(client, book):
    href = member_href(book, "ada", ".vcf")
    first = client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)
    client.put(href, CARD.format(uid="ada", name="Ada Lovelace"), VCARD_TYPE, first)
    with pytest.raises(DavPreconditionError):
        client.delete(href, first)
    assert client.etag(href) is not None


def test_a_wrong_password_is_an_auth_error_that_creates_nothing(dav_server, client):
    if dav_server.kind != "radicale":
        pytest.skip("Radicale's accounts and the collections it creates")
    radicale = dav_server
    wrong = "not the right horse"
    intruder = DavClient(radicale.url, USER, wrong, timeout=10)
    try:
        with pytest.raises(DavAuthError) as caught:
            intruder.discover(create=True)
    finally:
        intruder.close()
    message = str(caught.value)
    assert "refused the user name or password" in message
    assert "HTTP 401" in message
    assert wrong not in message and PASSWORD not in message
    assert client.discover(create=False) == Collections("", "")


def test_an_answer_that_is_not_xml_is_a_dav_error(client, book):
    # A vCard is not XML: asking its response to parse as XML must fail cleanly.
    href = member_href(book, "ada", ".vcf")
    client.put(href, CARD.format(uid="ada", name="Ada"), VCARD_TYPE, None)
    response = client.request("GET", href)
    assert response.status == 200
    with pytest.raises(DavError, match="not valid XML"):
        response.tree()
    assert isinstance(client.request("PROPFIND", book, None, {"Depth": "0"}).tree(),
                      ET.Element)
