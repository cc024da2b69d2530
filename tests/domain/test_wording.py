"""The shared wording (domain.wording) and richness in words (domain.channels): what the
window and the CLI say, at the boundaries where the words change."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relmanager.domain.channels import BUILTIN_CHANNELS, ChannelKind, richness_text
from relmanager.domain.wording import overdue, plural, relative_day, span, who

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(("days", "words"), [
    (1, "1 day"), (13, "13 days"), (14, "2 weeks"), (59, "8 weeks"), (60, "2 months"),
    (729, "24 months"), (730, "2 years")])
def test_span(days, words):
    assert span(days) == words


@pytest.mark.parametrize(("moment", "words"), [
    (None, "never"), (datetime(2026, 3, 2, 0, 1), "today"),
    (datetime(2026, 3, 1, 23, 59), "yesterday"), (date(2026, 2, 27), "3 days ago"),
    (date(2026, 3, 3), "in the future")])
def test_relative_day(moment, words):
    assert relative_day(moment, NOW) == words


def test_overdue_names_how_late():
    assert overdue(date(2026, 3, 3), NOW) is None
    assert overdue(datetime(2026, 3, 2, 23, 0), NOW) == "due today"
    assert overdue(date(2026, 3, 1), NOW) == "1 day overdue"
    assert overdue(date(2025, 12, 1), NOW) == "3 months overdue"


def test_plural_and_who():
    assert plural(1, "contact") == "1 contact"
    assert plural(0, "contact") == "0 contacts"
    assert plural(1200, "contact") == "1,200 contacts"
    assert plural(2, "time box", "time boxes") == "2 time boxes"
    assert who(["Ada"], 1) == "Ada"
    assert who(["Ada", "Bo"], 2) == "Ada and Bo"
    assert who(["Ada"], 2) == "Ada and 1 other"
    assert who(["Ada"], 301) == "Ada and 300 others"
    assert who([], 3) == "3 contacts"  # names unreadable: still a count


def test_richness_reads_richest_first():
    words = [richness_text(c.kind, c.two_way) for c in BUILTIN_CHANNELS]
    assert words[0] == "face to face, richest"
    assert words[-1] == "broadcast, leanest, one-way"
    order = ["richest", "very rich", "rich", "lean", "leanest"]
    assert [ChannelKind(k).richness_words for k in ChannelKind] == order
    assert richness_text("telepathy", True) == ""  # a kind this version does not know
    assert richness_text("telepathy", False) == "one-way"
    assert richness_text("voice", True, with_kind=False) == "rich"
