"""Text rules every layer shares: normalisation for search (one function, used when
indexing and when querying, so "jose" finds "José" and "ANN" finds "Joanna"), and the
bidi isolation of contact text joined with other words (the window, the tray's menu and
notifications, and the command line's output use the same one)."""

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


#: Explicit bidi embeddings, overrides and isolates (UAX #9): an override left open runs
#: on past the end of the text it came in, over whatever the line shows after it.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


#: Control characters (C0 but tab and newline, DEL, C1) to the replacement character.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ONE_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` to show, its control characters each shown as U+FFFD. A NUL from a vCard
    (quoted-printable ``=00``) or a sync server is stored as it came, but everything that
    carries a name on is a C string somewhere: D-Bus to the notification server and the
    tray's menu (which refuse or cut it), the window system's titles, a pipe to ``cut``,
    so "Ann<NUL>Evil Smith" was shown as "Ann". And an ESC in a name printed by the
    command line is the start of a terminal escape sequence (a title, a colour, a
    cursor move), not a character of the name. Tabs and newlines are kept where
    ``lines`` allows them (a notification's body), else they are controls too."""
    pattern = _CONTROLS if lines else _ONE_LINE_CONTROLS
    return pattern.sub("\ufffd", text) if pattern.search(text) else text


def isolated(text: str) -> str:
    """``text`` that is joined with other words on one line, its bidi controls kept to
    itself. A name or an organisation with a right-to-left override (U+202E) reversed
    what followed it: the profile's "Org  ·  business" read "Org  ·  ssenisub", and a
    terminal or a notification showed "Ann\u202eevil  development" with the stage
    backwards. Text with such a control is put in a first-strong isolate (FSI ... PDI),
    whose PDI ends every embedding and override opened inside it; isolates the text
    leaves open get a PDI each first, and a PDI with nothing to close is dropped (it
    would close ours). Its control characters are shown as U+FFFD (:func:`visible`).
    Other text is returned as it is."""
    text = visible(text)
    if _BIDI_CONTROLS.isdisjoint(text):
        return text
    kept: list[str] = []
    isolates = 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            isolates += 1
        elif ch == "\u2069":
            if not isolates:
                continue
            isolates -= 1
        kept.append(ch)
    return "\u2068" + "".join(kept) + "\u2069" * (isolates + 1)
