"""The display rule's one line (relmanager.domain.text.visible and one_line): a tab or a
newline in a name, a title or an organisation is a control there, shown as U+FFFD like
any other, and kept only where the place takes several lines (a notification's body,
``lines=True``): a newline in an organisation from a vCard (its escaped ``\\n``) would
break a row of the contact list, an entry of the tray's menu or a line of the command
line's listing in two."""

from __future__ import annotations

from relmanager.domain.text import one_line, visible


def test_a_tab_or_newline_on_one_line_is_shown_as_a_control():
    assert visible("Ann\nSmith") == "Ann\ufffdSmith"
    assert visible("Ann\tSmith\r") == "Ann\ufffdSmith\ufffd"
    assert one_line("Acme\nEvil Corp") == "Acme\ufffdEvil Corp"


def test_a_tab_or_newline_is_kept_where_lines_are_allowed():
    assert visible("Met at PyCon\n\tTalked about Rust", lines=True) == (
        "Met at PyCon\n\tTalked about Rust")
    assert visible("a\rb\x00", lines=True) == "a\ufffdb\ufffd"  # other controls still are
