"""Text normalisation for search: one function, used when indexing and when querying,
so "jose" finds "José" and "ANN" finds "Joanna"."""

from __future__ import annotations

import re
import unicodedata

#: Runs of non-ASCII characters: the only places a combining mark can be.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str | None) -> str:
    """Case-fold and strip diacritics."""
    if not text:
        return ""
    if text.isascii():  # the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only the non-ASCII runs are looked at character by character: a search text with
    # one accented name is mostly ASCII.
    return _NON_ASCII.sub(_without_marks, decomposed)


def _without_marks(run: re.Match[str]) -> str:
    return "".join([ch for ch in run.group() if not unicodedata.combining(ch)])


#: What separates terms: white space, and control characters, which nobody types into a
#: search and which SQLite would not take whole (a NUL ends the MATCH string it is in:
#: "unterminated string", and the list said "Could not load").
_SEPARATORS = re.compile(r"[\s\x00-\x1f\x7f]+")


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [term for term in _SEPARATORS.split(fold(query)) if term]
