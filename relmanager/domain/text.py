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


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [term for term in fold(query).split() if term]
