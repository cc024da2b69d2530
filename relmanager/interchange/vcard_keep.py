"""The card a contact came from, kept by a file import for what Relmanager does not read.

A card from another app (Apple Contacts, Google, khard, Thunderbird) carries properties
Relmanager has no field for: an address, IMPP, GEO, a nickname, X- properties, Apple's
label groups, parameters such as ``PREF`` or ``X-SERVICE-TYPE``. Sync keeps such
properties by patching its edits into the server's text of the card
(:mod:`relmanager.interchange.card_patch`); an import keeps the file's text of the card
for the same patching, so an export or a first sync writes them back byte for byte.

Only a card with something Relmanager does not read is kept (most of a 10,000-card
export of our own has nothing), without its inline photos (kept as the contact's photo
field, and patched back in from it: a 10 MB photo is not stored twice), and only within
:data:`~relmanager.domain.limits.MAX_KEPT_CARD` characters and
:data:`~relmanager.domain.limits.MAX_KEPT_LINES` lines: a bigger card is imported with
its fields alone and the preview says why. The size is looked at before the card is
decoded again, so a hostile card costs no more than its reading did.

A vCard 2.1 card (an old phone's, Outlook's) is not kept: its encodings
(QUOTED-PRINTABLE, CHARSET) are not what CardDAV servers take (RFC 6352 asks for 3.0),
and the lines Relmanager would patch into it are 3.0/4.0 lines; it is imported with its
fields, as before.
"""

from __future__ import annotations

import re

from relmanager.domain import limits
from relmanager.interchange.content_lines import Line, value_of

__all__ = ["KEPT_TOO_BIG", "NOT_KEPT_NAMES", "kept_card"]

#: Properties whose presence alone is no reason to keep a card: its frame and its maker's
#: stamp (every app writes them; none is a fact about the person).
NOT_KEPT_NAMES = frozenset({"BEGIN", "END", "VERSION", "PRODID", "REV"})
#: The parameters Relmanager reads or writes itself: any other on a line it reads
#: (``PREF=1``, ``X-SERVICE-TYPE``, ``LANGUAGE``, ``SORT-AS``...) is another app's.
READ_PARAMETERS = frozenset({"TYPE", "VALUE", "CHARSET", "ENCODING"})
#: The bytes of a card worth decoding again to keep it: the kept text's limit, plus the
#: largest inline photo an import reads (base64, with folding), which is left out.
_LARGEST = 4 * limits.MAX_KEPT_CARD + limits.MAX_PHOTO_BYTES * 3 // 2 + 4096
KEPT_TOO_BIG = ("its properties Relmanager does not read were not kept: the card has more "
                f"than an import keeps ({limits.MAX_KEPT_LINES:,} lines, "
                f"{limits.MAX_KEPT_CARD // 1024:,} KB without its photo); the fields "
                "Relmanager reads are imported")


#: A PHOTO line with its folded continuations (whether it is inline: see _photo_line).
#: Regular expressions rather than split_lines: most cards of an Apple export carry a
#: photo, and splitting each into Line objects made reading 10,000 cards 60% slower.
_PHOTO = re.compile(r"(?:[A-Za-z0-9_-]+\.)?PHOTO[;:][^\r\n]*+(?:\r?\n[ \t][^\r\n]*+)*+"
                    r"(?:\r?\n|\Z)", re.I)
_GROUP = re.compile(r"[A-Za-z0-9_-]+\.")
#: Characters of a PHOTO line read to find where its value starts (a head is short).
_PHOTO_HEAD = 256
_FOLD = re.compile(r"\r?\n[ \t]")


def _without_inline_photos(text: str, upper: str) -> str:
    """``text`` less its inline PHOTO lines (``upper``: the text in upper case)."""
    parts: list[str] = []
    done = at = 0
    while (at := upper.find("PHOTO", at)) >= 0:
        start = upper.rfind("\n", 0, at) + 1
        found = _PHOTO.match(text, start) if start == at or \
            _GROUP.fullmatch(text, start, at) else None
        if found is None:
            at += 5
            continue
        parts += [text[done:start], _photo_line(found, text)]
        done = at = found.end()
    return "".join(parts) + text[done:]


def _photo_line(found: re.Match[str], text: str) -> str:
    """A PHOTO line as it is, or nothing for an inline photo (not a link). Only the
    line's start is unfolded and looked at: a photo is hundreds of folded lines."""
    start = text[found.start():min(found.end(), found.start() + _PHOTO_HEAD)]
    colon = start.find(":")
    # a quoted parameter value may hold a colon
    value = value_of(Line(start, None, "PHOTO")) if '"' in start[:colon] else start[colon + 1:]
    return text[found.start():found.end()] if "://" in _FOLD.sub("", value[:64])[:12] else ""


def kept_card(body: bytes, ending: str = "\r\n") -> tuple[str | None, str | None]:
    """(the card's text to keep, None) or (None, why it is not kept), from ``body``: the
    card's bytes between its BEGIN:VCARD and END:VCARD lines (as in the file, so its
    lines keep their folding and line ends). ``ending`` ends the frame's lines. A 2.1
    card gives (None, None)."""
    if len(body) > _LARGEST:
        return None, KEPT_TOO_BIG
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # the reader's per-line fallback, as it read the card
        text = "\n".join(_line(raw) for raw in body.split(b"\n"))
    upper = text.upper()  # for the look-ups below: str.find is far faster than re.M
    if upper.startswith(("VERSION:2", "VERSION: 2")) or "\nVERSION:2" in upper \
            or "\nVERSION: 2" in upper:
        return None, None  # see the module's docstring
    if "PHOTO" in upper:
        text = _without_inline_photos(text, upper)
    if text and not text.endswith("\n"):
        text += ending
    # content lines: line ends not followed by a fold
    lines = text.count("\n") - text.count("\n ") - text.count("\n\t")
    if lines > limits.MAX_KEPT_LINES or len(text) > limits.MAX_KEPT_CARD:
        return None, KEPT_TOO_BIG
    return f"BEGIN:VCARD{ending}{text}END:VCARD{ending}", None


def _line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
