"""A calendar's pricing (relmanager.interchange.calendar_size) at its exact bounds and
byte for byte: what is cut, what is kept around it, and the problem line naming each
cut (mutmut found the bounds, the labels and the kept text untested: the hostile tests,
tests/hostile/test_calendar_size.py, read far past the bounds in child processes)."""

from __future__ import annotations

from relmanager.interchange.calendar_size import (
    MAX_CALENDAR_LINES,
    MAX_COMPONENT_LINES,
    MAX_NESTED,
    content_lines,
    cut_oversized,
    too_many_lines,
)

HEAD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
TAIL = b"END:VCALENDAR\r\n"
ALARM = b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"


def _event(uid: str, alarms: int = 0, lines: int = 0, kind: bytes = b"VEVENT") -> bytes:
    """An event of ``alarms`` alarms, or of exactly ``lines`` lines in all."""
    filler = b"X-N:1\r\n" * max(0, lines - 3)
    return (b"BEGIN:" + kind + b"\r\nUID:" + uid.encode() + b"\r\n" + filler
            + ALARM * alarms + b"END:" + kind + b"\r\n")


def test_content_lines_counts_lines_but_not_folded_continuations():
    assert content_lines(b"") == 1
    assert content_lines(b"A:1\r\nB:2") == 2
    assert content_lines(b"A:1\r\n  folded\r\n\tfolded\r\nB:2\r\n") == 3


def test_a_calendar_of_the_most_lines_allowed_is_read_and_one_more_is_refused():
    assert too_many_lines(b"X\n" * (MAX_CALENDAR_LINES - 1)) is None
    assert too_many_lines(b"X\n" * MAX_CALENDAR_LINES) == (
        "it has 500,001 lines, more than the 500,000 a calendar may have to be read (a "
        "real event is some 20 lines)")


def test_a_component_of_too_many_nested_components_is_cut_and_named():
    kept_before, kept_after = _event("before", alarms=1), _event("after", alarms=MAX_NESTED)
    data = HEAD + kept_before + _event("big", alarms=MAX_NESTED + 1) + kept_after + TAIL
    text, problems = cut_oversized(data)
    assert text == HEAD + kept_before + b"\n" + kept_after + TAIL
    assert problems == ["event 'big' has 101 components inside it (alarms or others; a "
                        "real one has a few, and more than 100 are not read); left out"]


def test_a_component_of_too_many_lines_is_cut_and_named():
    biggest = _event("biggest", lines=MAX_COMPONENT_LINES)
    data = HEAD + biggest + _event("over", lines=MAX_COMPONENT_LINES + 1) + TAIL
    text, problems = cut_oversized(data)
    assert text == HEAD + biggest + b"\n" + TAIL
    assert problems == ["event 'over' has 20,001 lines (more than the 20,000 one may "
                        "have); left out"]


def test_a_component_of_the_most_nested_and_too_many_lines_is_cut_for_its_lines():
    both = _event("both", alarms=MAX_NESTED, lines=MAX_COMPONENT_LINES - 4 * MAX_NESTED + 1)
    _text, problems = cut_oversized(HEAD + both + TAIL)
    assert problems == ["event 'both' has 20,001 lines (more than the 20,000 one may "
                        "have); left out"]


def test_two_cuts_keep_exactly_what_is_between_and_around_them():
    middle = _event("middle")
    data = (HEAD + _event("a", alarms=MAX_NESTED + 1) + middle
            + _event("b", alarms=MAX_NESTED + 5, kind=b"VTODO") + TAIL)
    text, problems = cut_oversized(data)
    assert text == HEAD + b"\n" + middle + b"\n" + TAIL
    assert [p.split(" has ")[0] for p in problems] == ["event 'a'", "vtodo 'b'"]
    assert "has 105 components" in problems[1]


def test_a_component_is_named_by_its_uid_or_summary_or_its_kind_alone():
    alarms = ALARM * (MAX_NESTED + 1)
    for block, name in (
            (b"BEGIN:VTODO\r\nSUMMARY:Call\x07 Ann\r\n" + alarms + b"END:VTODO\r\n",
             "vtodo 'Call Ann'"),
            (b"BEGIN:VJOURNAL\r\n" + alarms + b"END:VJOURNAL\r\n", "vjournal without a UID"),
            (b"BEGIN:\r\n" + alarms + b"END:\r\n", "component without a UID"),
            (b"BEGIN:VEVENT\r\nUID;X-P=1:  \r\n" + alarms + b"END:VEVENT\r\n",
             "event without a UID")):
        _text, problems = cut_oversized(HEAD + block + TAIL)
        assert problems[0].split(" has ")[0] == name


def test_an_end_with_nothing_open_does_not_hide_the_next_oversized_component():
    data = b"END:VEVENT\r\nEND:VCALENDAR\r\n" + HEAD + _event("big", alarms=MAX_NESTED + 1) + TAIL
    _text, problems = cut_oversized(data)
    assert [p.split(" has ")[0] for p in problems] == ["event 'big'"]


def test_boundaries_with_parameters_and_in_any_case_are_counted():
    alarms = b"begin;x=1:valarm\r\nEND:VALARM \r\n" * (MAX_NESTED + 1)
    _text, problems = cut_oversized(HEAD + b"Begin:VEvent\r\nUID:u\r\n" + alarms
                                    + b"end:vevent\r\n" + TAIL)
    assert problems[0].startswith("event 'u' has 101 components")


def test_a_component_never_ended_is_cut_to_the_end_only_when_too_large():
    small = HEAD + b"BEGIN:VEVENT\r\nUID:open\r\n" + ALARM * MAX_NESTED
    assert cut_oversized(small) == (small, [])
    lines = HEAD + b"BEGIN:VEVENT\r\nUID:long\r\n" + b"X-N:1\r\n" * (MAX_COMPONENT_LINES - 3)
    assert cut_oversized(lines) == (lines, [])  # 20,000 lines with the last, empty one
    text, problems = cut_oversized(lines + b"X-N:1\r\n")
    assert (text, problems) == (HEAD, ["event 'long' is never ended and too large to be "
                                       "read; left out"])
    nested = small + ALARM
    assert cut_oversized(nested) == (HEAD, ["event 'open' is never ended and too large to "
                                            "be read; left out"])


def test_folded_text_is_unfolded_before_it_is_cut_and_plain_text_left_as_it_is():
    folded = HEAD + b"BEGIN:VEVENT\r\nUID:f\r\nDESCRIPTION:a\r\n  b\r\nEND:VEVENT\r\n" + TAIL
    assert cut_oversized(folded) == (folded.replace(b"\r\n  ", b" "), [])
    tabbed = HEAD + b"BEGIN:VEVENT\r\nUID:f\r\nDESCRIPTION:a\r\n\tb\r\nEND:VEVENT\r\n" + TAIL
    assert cut_oversized(tabbed) == (tabbed.replace(b"\r\n\t", b""), [])
    plain = HEAD + _event("p", alarms=2) + TAIL
    assert cut_oversized(plain) == (plain, [])


def test_a_hostile_kind_is_shown_plain_as_its_uid_is():
    """The problem line is shown by the window and printed by the command line: the
    component's kind comes from the file as its UID does (a terminal escape in it was
    printed as it was)."""
    block = (b"BEGIN:X-\x1b[2J\x1b[31mRED\r\nUID:a\x1b[0m\r\n" + ALARM * (MAX_NESTED + 1)
             + b"END:X\r\n")
    _text, problems = cut_oversized(HEAD + block + TAIL)
    assert problems[0].split(" has ")[0] == "x- [2j [31mred 'a [0m'"
    assert problems[0].isprintable()


def test_bytes_that_are_not_text_are_shown_replaced():
    """A UID is UTF-8; a kind is ASCII (RFC 5545 keeps it to letters, digits and
    dashes): other bytes are shown as replacement characters, and read on."""
    alarms = ALARM * (MAX_NESTED + 1)
    for block, name in (
            (b"BEGIN:VEVENT\r\nUID:\xff\xc3\xa9\r\n" + alarms + b"END:VEVENT\r\n",
             "event '\ufffd\u00e9'"),
            (b"BEGIN:X-\xc3\xa9\r\nUID:b\r\n" + alarms + b"END:X\r\n",
             "x-\ufffd\ufffd 'b'")):
        _text, problems = cut_oversized(HEAD + block + TAIL)
        assert problems[0].split(" has ")[0] == name
