"""The content lines of a vCard or iCalendar text, and edits made to them in place.

A line is kept as the exact text it was stored with (its folding and line ending too), so
an entry edited here differs from what another client stored only in the lines that were
replaced: :mod:`relmanager.interchange.card_patch` decides which lines those are, this
module only finds, removes and inserts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_HEAD = re.compile(r"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)")
#: A physical line: up to CRLF, LF or CR only. ``str.splitlines`` also ends a line at
#: U+2028, NEL, form feed and the like, which are text inside a value (an iPhone writes a
#: soft line break in a note as U+2028): split there, a note's tail became a line of its
#: own, left behind (as a new EMAIL, say) when the note was replaced.
_PHYSICAL = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


@dataclass(eq=False)
class Line:
    """One logical content line: its text exactly as stored (all its physical lines)."""

    text: str
    group: str | None
    name: str  # upper case

    @property
    def unfolded(self) -> str:
        return re.sub(r"\r?\n[ \t]", "", self.text).rstrip("\r\n")


def split_lines(text: str) -> list[Line]:
    """The logical lines of a vCard / iCalendar text; joined back, they are the text.
    Linear in the text: a photo folded over 10,000 physical lines is gathered as parts
    and joined once (appending to the line's text copied it on every fold)."""
    lines: list[Line] = []
    parts: list[list[str]] = []
    for found in _PHYSICAL.finditer(text):
        physical = found.group()
        if physical[:1] in (" ", "\t") and parts:
            parts[-1].append(physical)
            continue
        match = _HEAD.match(physical)
        group, name = (match.group(1), match.group(2).upper()) if match else (None, "")
        lines.append(Line(physical, group, name))
        parts.append([physical])
    for line, pieces in zip(lines, parts, strict=True):
        if len(pieces) > 1:
            line.text = "".join(pieces)
    if lines and not lines[-1].text.endswith("\n"):
        lines[-1].text += "\r\n"
    return lines


def fold(text: str, newline: str = "\r\n", width: int = 75) -> str:
    """One logical line folded at ``width`` octets (RFC 6350 3.2), never inside a UTF-8
    character, with ``newline`` and a space before each continuation."""
    pieces, current, size = [], "", 0
    for char in text:
        octets = len(char.encode("utf-8"))
        if size + octets > width:
            pieces.append(current)
            current, size = " ", 1
        current += char
        size += octets
    return newline.join([*pieces, current])


def join(lines: Iterable[Line]) -> str:
    return "".join(line.text for line in lines)


def value_of(line: Line) -> str:
    """The raw value after the head (the first colon outside quotes)."""
    text, quoted = line.unfolded, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return text[index + 1:]
    return ""


def type_params(line: Line) -> list[str]:
    """The TYPE values of a line's head (``TYPE=a,b``, ``TYPE="a,b"``, vCard 2.1's bare
    ``;A``), lower-cased."""
    text, quoted, head = line.unfolded, False, ""
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head = text[:index]
            break
    params, quoted, start = [], False, 0
    for index, char in enumerate(head):  # split on ";" outside quotes only
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            params.append(head[start:index])
            start = index + 1
    params.append(head[start:])
    found: list[str] = []
    for param in params[1:]:
        key, _, value = param.partition("=")
        if not value:  # a bare parameter is a type
            found.append(key.strip().casefold())
        elif key.strip().upper() == "TYPE":
            found += [v.strip().strip('"').casefold() for v in value.split(",") if v.strip()]
    return found


def _component(lines: list[Line], name: str) -> tuple[int, int]:
    """(index of BEGIN:name, index of its END) of the first such component."""
    begin = next((i for i, line in enumerate(lines) if line.name == "BEGIN"
                  and value_of(line).strip().upper() == name), None)
    if begin is None:
        raise ValueError(f"no {name} in the stored entry")
    depth = 0
    for index in range(begin, len(lines)):
        line = lines[index]
        if line.name == "BEGIN":
            depth += 1
        elif line.name == "END":
            depth -= 1
            if depth == 0:
                return begin, index
    raise ValueError(f"{name} is not closed in the stored entry")


def _unused_group(lines: list[Line], taken: set[str]) -> Callable[[], str]:
    used = {(line.group or "").casefold() for line in lines} | taken
    number = [0]

    def fresh() -> str:
        while True:
            number[0] += 1
            name = f"item{number[0]}"
            if name not in used:  # number only grows: a name given is never made again
                return name
    return fresh


class Patcher:
    """The lines of one stored entry, and replacements made in place."""

    def __init__(self, raw: str, component: str) -> None:
        self.lines = split_lines(raw)
        self.component = component
        self._fresh = _unused_group(self.lines, set())

    def body(self) -> range:
        begin, end = _component(self.lines, self.component)
        return range(begin + 1, end)

    def _end(self) -> int:
        return _component(self.lines, self.component)[1]

    def lines_named(self, *names: str) -> list[Line]:
        found = []
        depth = 0
        for index in self.body():
            line = self.lines[index]
            if line.name == "BEGIN":
                depth += 1
            elif line.name == "END":
                depth -= 1
            elif depth == 0 and line.name in names:
                found.append(line)
        return found

    def remove(self, doomed: Iterable[Line]) -> int | None:
        """Take lines out (with the Apple label of a group they leave empty); returns the
        index where the first of them was."""
        doomed_ids = {id(line) for line in doomed}
        if not doomed_ids:
            return None
        groups = {line.group.casefold() for line in self.lines
                  if id(line) in doomed_ids and line.group}
        first = next(i for i, line in enumerate(self.lines) if id(line) in doomed_ids)
        kept = [line for line in self.lines if id(line) not in doomed_ids]
        # Groups left with only Apple's X-AB* lines go too (one pass, whatever their number).
        bare = set(groups)
        for line in kept:
            if line.group and not line.name.startswith("X-AB"):
                bare.discard(line.group.casefold())
        if bare:
            kept = [line for line in kept if (line.group or "").casefold() not in bare]
        self.lines = kept
        return min(first, self._end())

    def insert(self, index: int | None, new: list[Line]) -> None:
        """Add lines at ``index`` (the end of the component when None), giving grouped
        ones (``item1.EMAIL`` + ``item1.X-ABLabel``) a group name the entry does not use."""
        renamed: dict[str, str] = {}
        for line in new:
            if line.group:
                key = line.group.casefold()
                if key not in renamed:  # not setdefault: it would use up a name per line
                    renamed[key] = self._fresh()
                group = renamed[key]
                line.text = group + line.text[len(line.group):]
                line.group = group
        at = self._end() if index is None else index
        self.lines[at:at] = new

    def replace(self, names: tuple[str, ...], new: list[Line],
                keep: Callable[[Line], bool] = lambda _line: False) -> None:
        """Every line of ``names`` (except those ``keep`` says) replaced by ``new``, put
        where the first old one was."""
        at = self.remove([line for line in self.lines_named(*names) if not keep(line)])
        self.insert(at, new)

    def text(self) -> str:
        return join(self.lines)
