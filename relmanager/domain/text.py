"""Text rules every layer shares: normalisation for search (one function, used when
indexing and when querying, so "jose" finds "José" and "ANN" finds "Joanna"), and the
display rule for contact text (control characters shown, bidi controls dropped, one-line
places cut: the window, the tray's menu and notifications, and the command line's output
use the same one)."""

from __future__ import annotations

import re
import unicodedata

#: Runs of non-ASCII characters: the only places a combining mark can be.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

#: Letters that are not a base letter with a mark (so stripping marks keeps them) but
#: that people without them on their keyboard write as these: "Zoe Odegard" for "Zoë
#: Ødegård", "Lukasz" for "Łukasz". Search (typing "odegard") and duplicate finding (the
#: two spellings in one block) both read text through :func:`fold`, so this is the one
#: table: duplicates once had its own, and search found no "Ødegård" for "odegard".
#: Stored folded text (``contact.search_text``, ``contact.sort_name``) is made by this
#: function; migrations.refold_plain_letters brought older rows to it.
PLAIN_LETTERS: dict[str, str] = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h",
                                 "ı": "i", "þ": "th", "æ": "ae", "œ": "oe"}
_PLAIN = str.maketrans(PLAIN_LETTERS)


def fold(text: str | None) -> str:
    """Case-fold, strip diacritics, and write the letters of :data:`PLAIN_LETTERS`
    plainly."""
    if not text:
        return ""
    if text.isascii():  # the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only the non-ASCII runs are looked at character by character: a search text with
    # one accented name is mostly ASCII.
    return _NON_ASCII.sub(_without_marks, decomposed)


def _without_marks(run: re.Match[str]) -> str:
    return "".join([ch for ch in run.group() if not unicodedata.combining(ch)]).translate(_PLAIN)


#: What separates terms: white space, and control characters, which nobody types into a
#: search and which SQLite would not take whole (a NUL ends the MATCH string it is in:
#: "unterminated string", and the list said "Could not load").
_SEPARATORS = re.compile(r"[\s\x00-\x1f\x7f]+")


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [term for term in _SEPARATORS.split(fold(query)) if term]


#: Explicit bidi embeddings, overrides and isolates (UAX #9: LRE RLE PDF LRO RLO, LRI RLI
#: FSI PDI). In contact text they are dropped for display: an override reverses the text
#: inside it ("Bob<RLO>gpj.exe" read "Bobexe.jpg", "<RLO>evil" read "live"), so a file
#: could make one person look like another, and left open it runs on over whatever the
#: line shows after it. Dropped rather than marked: phones and messengers wrap numbers and
#: names in LRE ... PDF as a matter of course, and a mark there would be noise. Storage
#: keeps them (sync writes back what the server had); only what is shown loses them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Control characters (C0 but tab and newline, DEL, C1) to the replacement character.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ONE_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: The most characters a one-line place shows of one piece of contact text (a name, a
#: title, an organisation, a follow-up's title): a 100,000-character organisation from a
#: vCard took Qt ~0.2 s a row to lay out in the contact list and wrapped the profile's
#: header into bars, and nobody reads past this on one line. The editable field keeps
#: the whole text.
LINE_CHARS = 300


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` to show, its control characters each shown as U+FFFD and its explicit
    bidi controls dropped (:data:`_BIDI_CONTROLS`). A NUL from a vCard (quoted-printable
    ``=00``) or a sync server is stored as it came, but everything that carries a name on
    is a C string somewhere: D-Bus to the notification server and the tray's menu (which
    refuse or cut it), the window system's titles, a pipe to ``cut``, so "Ann<NUL>Evil
    Smith" was shown as "Ann". And an ESC in a name printed by the command line is the
    start of a terminal escape sequence (a title, a colour, a cursor move), not a
    character of the name. Tabs and newlines are kept where ``lines`` allows them (a
    notification's body), else they are controls too. Text made only of bidi controls
    shows one U+FFFD, not nothing."""
    pattern = _CONTROLS if lines else _ONE_LINE_CONTROLS
    if pattern.search(text):
        text = pattern.sub("\ufffd", text)
    if _BIDI_CONTROLS.search(text):
        text = _BIDI_CONTROLS.sub("", text) or "\ufffd"
    return text


def cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last an ellipsis when it was longer."""
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def one_line(text: str, limit: int = LINE_CHARS) -> str:
    """``text`` for a one-line place (a list's cell, a header, a card, a menu): visible,
    and cut to ``limit`` characters with an ellipsis (:data:`LINE_CHARS` says why). Cut
    before anything else looks at it, so a huge text costs no more than a short one."""
    return visible(cut(text, limit))
