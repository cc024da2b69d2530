"""Which listed hrefs are members of a collection (relmanager.sync.hrefs), without a
server: every hostile form tests/sync/test_hrefs_outside.py sends through a real one,
and the members that must stay members (a name with a colon, an encoded character, a
dot segment that stays inside)."""

from __future__ import annotations

import pytest

from relmanager.sync.hrefs import is_collection, is_member, resolve
from tests.sync.test_hrefs_outside import HOSTILE

BOOK = "http://127.0.0.1:5232/alice/book/"


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


@pytest.mark.parametrize(("href", "itself"), [
    *((href, True) for href in ("/alice/book/", "/alice/book", ".", "", "x/..",
                                "http://127.0.0.1:5232/alice/%62ook/", "/alice/book/%2e",
                                "/alice/book/./")),
    *((href, False) for href in ("/alice/", "/", "/alice/book2/", "/alice/bo", "../..",
                                 "http://localhost:5232/alice/book/", "/alice/book/..",
                                 "/alice/book/x/../.."))])
def test_the_collection_itself_and_what_is_above_or_beside_are_no_members(
        href: str, itself: bool) -> None:
    url = resolve(href, BOOK)
    assert not is_member(url, BOOK)
    assert is_collection(url, BOOK) == itself


def test_an_encoded_dot_segment_counts_and_never_climbs_above_the_root() -> None:
    for href in ("/%2e%2e/alice/book/x.vcf", "/alice/%2e%2e/alice/book/x.vcf",
                 "/alice/book/x/%2e%2e/y.vcf"):
        assert is_member(resolve(href, BOOK), BOOK), href
    for href in ("/alice/book/%2e%2e/book2/x.vcf", "/alice/book/x/%2e%2e"):
        assert not is_member(resolve(href, BOOK), BOOK), href


def test_an_encoded_slash_in_the_collections_name_is_part_of_that_name() -> None:
    """A server may keep 'bo%2Fok' as one name: '/alice/bo/ok/' is then another
    collection, whose members are none of this one's."""
    book = "http://h/alice/bo%2Fok/"
    assert is_member(resolve("/alice/bo%2Fok/x.vcf", book), book)
    assert not is_member(resolve("/alice/bo/ok/x.vcf", book), book)
    assert is_collection(resolve("/alice/bo%2Fok/", book), book)
    assert not is_collection(resolve("/alice/bo/ok/", book), book)


def test_a_collection_url_without_its_trailing_slash_or_ending_in_x() -> None:
    book = "http://h/alice/BOX"
    assert is_member(resolve("/alice/BOX/x.vcf", book), book)
    assert not is_member(resolve("/alice/other/x.vcf", book), book)
    assert not is_member(resolve("/alice/BOXES/x.vcf", book), book)
    assert is_collection(resolve("/alice/BOX/", book), book)
    assert is_collection(resolve("/alice/BOX", "http://h/alice/BOX/"), "http://h/alice/BOX/")


def test_deeper_inside_is_a_member_and_root_collections_work() -> None:
    assert is_member(resolve("sub/x.vcf", BOOK), BOOK)
    assert is_member(resolve("/x.vcf", "http://h/"), "http://h/")
    assert not is_member(resolve("/", "http://h/"), "http://h/")
    assert is_member(resolve("x.vcf", "http://h:80/a/"), "http://H/a/")


@pytest.mark.parametrize("href", [*HOSTILE, "/alice/book/x.vcf", "/alice/book/..",
                                  "/alice/book/.", "/alice/book/...", "/alice/book/",
                                  "/alice/book/a%2F..%2F..%2Fb", "/alice/book/sub/x.vcf",
                                  "/alice/book/%2e%2e", "/alice/book", "/alice/bookx/y",
                                  "/alice/book/urn:uuid:1.vcf", "/alice/book/..x.vcf"])
def test_the_clients_quick_check_of_a_stored_href_agrees_with_the_rule(href: str) -> None:
    """DavClient.is_member answers the usual stored path at once (every pairing is
    checked on every sync); it must never say "inside" where the rule says no."""
    from relmanager.sync.dav import DavClient

    client = DavClient("http://127.0.0.1:5232/", "alice", "pw")
    try:
        assert client.is_member(href, "/alice/book/") == is_member(resolve(href, BOOK), BOOK)
    finally:
        client.close()
