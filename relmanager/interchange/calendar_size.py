"""What a calendar's text may cost before ``icalendar`` builds it (hostile input).

``icalendar`` builds every content line into objects (a property, its parameters, a
case-less dict) at some 20 us and 500 bytes a line, all before a capture can look at the
first event: one event with 200,000 alarms (a 17 MB file, a million lines) took 20 CPU
seconds and 650 MB, and a capture reads none of those alarms. So the text is priced
first, where counting is cheap (C-speed byte counts and one regular expression over the
component boundaries): a file of more content lines than :data:`MAX_CALENDAR_LINES` is
refused whole, and a top-level component (an event, a task, a time zone) with more
nested components or lines than any real one has is cut out of the text, with a
problem line naming it, before the parse. The rest of the file is read as before.
"""

from __future__ import annotations

import re

from relmanager.interchange.source_words import plain

#: Content lines one calendar may have: some 10 s and 300 MB of parsing on a busy
#: machine. A real event is 15 to 40 lines with its alarm, so this is 12,000 or more
#: events: ten years of a full working calendar.
MAX_CALENDAR_LINES = 500_000
#: Components inside one top-level component (alarms in an event, observances in a time
#: zone): a real event has one or two alarms, a time zone a few observances.
MAX_NESTED = 100
#: Content lines of one top-level component: a meeting with 5,000 attendees fits.
MAX_COMPONENT_LINES = 20_000

#: icalendar's own unfolding (a line break followed by a space or tab continues the line):
#: components are found in the unfolded text, so a folded "BEG\r\n IN:VALARM" is seen.
_UNFOLD = re.compile(rb"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
#: A component boundary as icalendar reads one: BEGIN or END, parameters allowed.
_BOUNDARY = re.compile(rb"^(BEGIN|END)(?:;[^:\r\n]*)?:[ \t]*([^\r\n]*?)[ \t]*\r?$",
                       re.IGNORECASE | re.MULTILINE)
_UID = re.compile(rb"^(?:UID|SUMMARY)(?:;[^:\r\n]*)?:([^\r\n]{0,200})",
                  re.IGNORECASE | re.MULTILINE)


def content_lines(data: bytes) -> int:
    """How many content lines ``data`` has at most (folded continuations not counted)."""
    return data.count(b"\n") + 1 - data.count(b"\n ") - data.count(b"\n\t")


def too_many_lines(data: bytes) -> str | None:
    """Why ``data`` is too large to be parsed at all, or None."""
    lines = content_lines(data)
    if lines <= MAX_CALENDAR_LINES:
        return None
    return (f"it has {lines:,} lines, more than the {MAX_CALENDAR_LINES:,} a calendar may "
            "have to be read (a real event is some 20 lines)")


def _label(kind: str, block: bytes) -> str:
    found = _UID.search(block)
    name = plain(found.group(1).decode("utf-8", errors="replace").strip()) if found else ""
    # The kind is the file's too (BEGIN:<anything>): plain, as the UID is.
    what = "event" if kind == "VEVENT" else plain(kind.lower()) or "component"
    return f"{what} '{name}'" if name else f"{what} without a UID"


def cut_oversized(data: bytes) -> tuple[bytes, list[str]]:
    """``data`` (unfolded) without its top-level components that nest more than
    :data:`MAX_NESTED` components or hold more than :data:`MAX_COMPONENT_LINES` lines,
    and a problem line for each one cut. The caller has checked :func:`too_many_lines`,
    so the walk over the boundaries is bounded."""
    text = _UNFOLD.sub(b"", data) if b"\n " in data or b"\n\t" in data else data
    cuts: list[tuple[int, int]] = []
    problems: list[str] = []
    depth = nested = 0
    start, kind = 0, ""
    for match in _BOUNDARY.finditer(text):
        begins = match.group(1).upper() == b"BEGIN"
        if begins:
            depth += 1
            if depth == 2:
                start, nested = match.start(), 0
                kind = match.group(2).decode("ascii", errors="replace").upper()
            elif depth > 2:
                nested += 1
            continue
        if depth == 2:
            end = match.end()
            lines = text.count(b"\n", start, end) + 1
            if nested > MAX_NESTED or lines > MAX_COMPONENT_LINES:
                block = text[start:end]
                if nested > MAX_NESTED:
                    why = (f"has {nested:,} components inside it (alarms or others; a real "
                           f"one has a few, and more than {MAX_NESTED} are not read)")
                else:
                    why = (f"has {lines:,} lines (more than the {MAX_COMPONENT_LINES:,} one "
                           "may have)")
                problems.append(f"{_label(kind, block)} {why}; left out")
                cuts.append((start, end))
        depth = max(0, depth - 1)
    if depth >= 2 and (nested > MAX_NESTED
                       or text.count(b"\n", start) + 1 > MAX_COMPONENT_LINES):
        # never ended: what is left of the file is that component
        problems.append(f"{_label(kind, text[start:])} is never ended and too large to "
                        "be read; left out")
        cuts.append((start, len(text)))
    if not cuts:
        return text, []
    kept, at = [], 0
    for begin, end in cuts:
        kept.append(text[at:begin])
        at = end
    kept.append(text[at:])
    return b"".join(kept), problems
