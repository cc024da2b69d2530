"""How many explicit bidi levels (UAX #9 embeddings, overrides and isolates) a text
leaves open: the measure the bidi tests of the window, the notifications and the
command line share. At the point where our own words start, it must be zero."""

from __future__ import annotations

RLO = "\u202e"
_OPENERS = {"\u202a": "embed", "\u202b": "embed", "\u202d": "embed", "\u202e": "embed",
            "\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
CONTROLS = frozenset(_OPENERS) | {"\u202c", "\u2069"}


def open_controls(text: str) -> int:
    """How many explicit bidi levels are still open at the end of ``text``."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch == "\u202c" and stack and stack[-1] == "embed":  # PDF
            stack.pop()
        elif ch == "\u2069" and "isolate" in stack:  # PDI closes through its isolate
            while stack.pop() != "isolate":
                pass
    return len(stack)


def open_after(line: str, marker: str) -> list[int]:
    """The levels left open just after each ``marker`` (the end of a contact's text) in
    ``line``, past the controls that close it: our words follow there."""
    found, at = [], line.find(marker)
    while at >= 0:
        end = at + len(marker)
        while end < len(line) and line[end] in CONTROLS:
            end += 1
        found.append(open_controls(line[:end]))
        at = line.find(marker, end)
    return found
