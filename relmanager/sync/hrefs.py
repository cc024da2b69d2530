"""Which hrefs a server lists are members of the collection it was asked about.

A listing (PROPFIND, sync-collection, multiget) names its members by href, and sync then
fetches, replaces and deletes what those hrefs name. A hostile or buggy server could name
``../other/x.vcf``, another collection's path, ``%2e%2e/`` (a dot segment in disguise) or
another host, and make this device GET, PUT or DELETE outside the address book it was
given. So an href counts as a member only when, resolved against the collection's URL
(RFC 3986 section 5.2), percent-decoded and with its dot segments removed (section
5.2.4), it is on the collection's origin and strictly inside its path, whether ``%2F`` is read
as a separator or not (servers differ on that).
"""

from __future__ import annotations

from urllib.parse import unquote, urljoin, urlsplit

from relmanager.sync.transport import origin_of


def resolve(href: str, base: str) -> str:
    """The absolute URL of a listed ``href`` against the URL ``base``. Only an http(s)
    URL is absolute: Xandikos lists a name with a colon (another client named a card
    ``urn:uuid:<uid>.vcf``) as a bare relative href, which ``urljoin`` took for a URL of
    scheme ``urn`` and put under the server's root."""
    href = href.strip()
    if not href.startswith("/") and urlsplit(href).scheme.lower() not in ("http", "https"):
        href = "./" + href
    return urljoin(base, href)


def _segments(path: str, whole: bool) -> list[str]:
    """The decoded segments of the absolute ``path`` (the first is the empty one before
    its leading slash) with dot segments removed (RFC 3986 5.2.4), never above the root.
    ``whole``: decoded before it is split (``%2F`` separates), else segment by segment
    (it does not); ``%2e%2e`` is a dot segment either way (RFC 3986 6.2.2.2)."""
    parts = unquote(path).split("/") if whole else [unquote(p) for p in path.split("/")]
    out: list[str] = []
    for segment in parts:
        if segment == "..":
            if len(out) > 1:
                out.pop()
        elif segment != ".":
            out.append(segment)
    return out


def _inside(member: str, collection: str, whole: bool) -> bool:
    """``member`` strictly below ``collection`` (two paths), segment by segment."""
    outer = _segments(collection, whole)
    if outer[-1:] == [""]:  # the collection's trailing slash
        outer.pop()
    inner = _segments(member, whole)
    return inner[:len(outer)] == outer and any(inner[len(outer):])


def is_member(url: str, collection_url: str) -> bool:
    """``url`` (absolute, from :func:`resolve`) names something inside the collection at
    ``collection_url``: same origin, and inside its path as written and as decoded."""
    if origin_of(url) != origin_of(collection_url):
        return False
    path, outer = urlsplit(url).path, urlsplit(collection_url).path
    return _inside(path, outer, whole=True) and _inside(path, outer, whole=False)


def is_collection(url: str, collection_url: str) -> bool:
    """``url`` is the collection itself (a PROPFIND lists it first, with its members)."""
    path, outer = urlsplit(url).path, urlsplit(collection_url).path
    return origin_of(url) == origin_of(collection_url) and \
        _segments(path.rstrip("/") + "/", False) == _segments(outer.rstrip("/") + "/", False)
