"""What the app keeps of each vCard property it reads: one handler a property name.

A handler gets the card being read (:class:`~relmanager.interchange.vcard_card.CardReader`),
the line number, the value (already unfolded, quoted-printable decoded and cut to the
longest value worth reading) and what the line's head says (parameters, group,
encodings), and adds to the card's contact. List fields go through ``CardReader.keep``,
which drops repeats and counts what is beyond the limits of relmanager/domain/limits.py;
texts made of many lines through ``CardReader.more_text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from relmanager.domain import limits
from relmanager.domain.relations import relation_kind_of
from relmanager.interchange import vcard_values as vv
from relmanager.interchange.records import LINK_KINDS, guess_link_kind

if TYPE_CHECKING:
    from relmanager.interchange.vcard_card import CardReader

__all__ = ["HANDLERS", "Handler", "clip"]

Handler = Callable[..., None]

#: The longest base64 PHOTO value decoded: four characters per three bytes, and some
#: room for folding whitespace.
_LONG_BASE64 = limits.MAX_PHOTO_BYTES * 4 // 3 + limits.MAX_PHOTO_BYTES // 10


def _text(value: str) -> str:
    return vv.unescape(value).strip()


def _h_fn(r: CardReader, _n: int, value: str, *_: object) -> None:
    r.fn = r.fn or " ".join(_text(value).split())


def _h_n(r: CardReader, _n: int, value: str, *_: object) -> None:
    if r.n_parts is None:
        r.n_parts = [" ".join(p.split()) for p in vv.split_escaped(value, ";")]


def _h_org(r: CardReader, _n: int, value: str, *_: object) -> None:
    if r.more_text("orgs", len(value)):
        r.orgs.extend(p.strip() for p in vv.split_escaped(value, ";"))


def _h_title(r: CardReader, _n: int, value: str, *_: object) -> None:
    r.contact.title = r.contact.title or _text(value)


def _h_note(r: CardReader, _n: int, value: str, *_: object) -> None:
    text = _text(value).replace("\r\n", "\n")
    if text and r.more_text("notes", len(text)):
        r.notes.append(text)


def _listed(field: str, scheme: str, limit: int) -> Handler:
    """The handler of a labelled list property (EMAIL, TEL): the value without its URI
    scheme (``mailto:``, ``tel:``), kept once and within ``limit``, with its types and
    group (an Apple label is matched to it later by the group)."""

    def handle(r: CardReader, _n: int, value: str, pdict: dict[str, list[str]],
               singles: list[str], group: str | None, *_: object) -> None:
        item = _text(value)
        if item[:len(scheme)].lower() == scheme:
            item = item[len(scheme):]
        if item and r.keep(field, item, limit):
            getattr(r, field).append((item, pdict.get("TYPE", []) + singles, group))

    return handle


_h_email = _listed("emails", "mailto:", limits.MAX_EMAILS)
_h_tel = _listed("phones", "tel:", limits.MAX_PHONES)


def _h_url(r: CardReader, _n: int, value: str, pdict: dict[str, list[str]], *_: object) -> None:
    url = _text(value)
    if not url or not r.keep("links", url, limits.MAX_LINKS):
        return
    types = [t.casefold().removeprefix("x-") for v in pdict.get("TYPE", []) for t in v.split(",")]
    kind = next((t for t in types if t in LINK_KINDS), None) or guess_link_kind(url)
    r.contact.links.append((kind, url))


def _h_categories(r: CardReader, _n: int, value: str, *_: object) -> None:
    for raw_tag in vv.split_escaped(value, ","):
        tag = " ".join(raw_tag.split())
        if tag and r.keep("tags", tag, limits.MAX_TAGS):
            r.contact.tags.append(tag)


def _h_bday(
    r: CardReader, lineno: int, value: str, pdict: dict[str, list[str]], *_: object
) -> None:
    omit = pdict.get("X-APPLE-OMIT-YEAR", [None])[0]
    birthday = vv.parse_birthday(_text(value), omit)
    if birthday is None and value.strip():
        r.warn(lineno, f"birthday '{clip(value)}' not understood; ignored")
    r.contact.birthday = r.contact.birthday or birthday


def _h_photo(
    r: CardReader,
    lineno: int,
    value: str,
    pdict: dict[str, list[str]],
    singles: list[str],
    group: str | None,
    encodings: list[str],
) -> None:
    contact = r.contact
    text = value.strip()
    if contact.photo:
        return  # the first photo is the one kept; the others are not even decoded
    b64 = "B" in encodings or "BASE64" in encodings or \
        (text[:5].lower() == "data:" and ";base64," in text[:100].lower())
    if b64 and len(text) > _LONG_BASE64:
        r.skipped["photo"] = 1
        return
    try:
        if text[:5].lower() == "data:":
            contact.photo = vv.decode_data_uri(text)
        elif b64:
            contact.photo = vv.decode_base64(text)
        elif "://" in text[:12] or pdict.get("VALUE", [""])[0].upper() in ("URI", "URL"):
            contact.photo_uri = contact.photo_uri or vv.unescape(text)
        elif text:
            raise ValueError("neither inline data nor a link")
    except ValueError as exc:
        r.warn(lineno, f"photo could not be read ({exc}); ignored")
    if contact.photo is not None and len(contact.photo) > limits.MAX_PHOTO_BYTES:
        contact.photo = None
        r.skipped["photo"] = 1


def _h_uid(r: CardReader, _n: int, value: str, *_: object) -> None:
    r.contact.uid = r.contact.uid or vv.strip_uuid_urn(_text(value)) or None


def _h_related(r: CardReader, _n: int, value: str, pdict: dict[str, list[str]],
               singles: list[str], *_: object) -> None:
    """Untyped or TYPE=contact: the introducer; a type of ours (colleague, spouse, kin,
    friend, acquaintance...): a relation; any other type is not ours and is left out."""
    related = vv.strip_uuid_urn(_text(value))
    types = [t.strip().casefold() for v in pdict.get("TYPE", []) + singles
             for t in v.split(",") if t.strip()]
    if not related:
        return
    # The kind first: another app's muse or emergency line is not ours to count, so ten
    # of them never crowd out the introducer; each of ours has its own budget.
    kind = relation_kind_of(types)
    if kind is not None:
        if r.keep("relations", f"{kind.value} {related}", limits.MAX_RELATED):
            r.contact.relations.append((kind.value, related))
    elif (not types or "contact" in types) and r.keep("related", related, limits.MAX_RELATED):
        r.contact.related.append(related)


def _h_ablabel(
    r: CardReader,
    _n: int,
    value: str,
    pdict: dict[str, list[str]],
    singles: list[str],
    group: str | None,
    *_: object,
) -> None:
    if group:
        r.group_labels[group] = _text(value)


def _h_kind(r: CardReader, _n: int, value: str, *_: object) -> None:
    """The one rule, for file import and sync alike, for an address book group (vCard
    4's ``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``): a list of members,
    not a person, so no contact. Taken for one, a group showed as a person named
    "Family", and deleting that contact during sync deleted the group for every other
    client of the account."""
    if _text(value).strip().casefold() == "group":
        r.group_card = True


HANDLERS: dict[str, Handler] = {
    "FN": _h_fn,
    "N": _h_n,
    "ORG": _h_org,
    "TITLE": _h_title,
    "NOTE": _h_note,
    "EMAIL": _h_email,
    "TEL": _h_tel,
    "URL": _h_url,
    "X-SOCIALPROFILE": _h_url,
    "CATEGORIES": _h_categories,
    "BDAY": _h_bday,
    "PHOTO": _h_photo,
    "UID": _h_uid,
    "RELATED": _h_related,
    "X-ABLABEL": _h_ablabel,
    "KIND": _h_kind,
    "X-ADDRESSBOOKSERVER-KIND": _h_kind,
}


def clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
