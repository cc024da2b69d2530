"""domain.introductions' words for Today, the tray and the digest, each case to the value:
who meets whom with and without someone in between, and how long a step has waited (a
check-in's due day only while it is pending)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.domain.introductions import IntroStatus, through_word, waiting_words, who_line

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(("requester", "target", "introducer", "line"), [
    ("Ana", "Ben", None, "Ana → Ben"),
    (None, "Ben", None, "you → Ben"),
    ("Ana", None, None, "Ana → you"),
    (None, None, "Nia", "Nia → you"),
    (None, "Ben", "Nia", "Nia → Ben (for you)"),  # the user asked Nia to meet Ben
    ("Ana", None, "Nia", "Nia → Ana (for you)"),
    ("Ana", "Ben", "Nia", "Nia → Ben (for Ana)"),
    ("Ana", "Ben", "", "Ana → Ben"),  # an empty introducer is nobody
])
def test_who_meets_whom(requester, target, introducer, line):
    assert who_line(requester, target, introducer) == line


@pytest.mark.parametrize(("requester", "target", "introducer", "through"), [
    ("Ana", "Ben", None, "you"),  # the user introduces Ana to Ben
    (None, "Ben", None, "nobody (direct)"),  # the user meets Ben: "Through: you" before
    ("Ana", None, None, "nobody (direct)"),
    (None, None, "Nia", "Nia"),
    (None, "Ben", "Nia", "Nia"),
    ("Ana", "Ben", "Nia", "Nia"),
    ("Ana", "Ben", "", "you"),  # an empty introducer is nobody
])
def test_through_whom(requester, target, introducer, through):
    """The Introductions page's Through column, read as who_line reads the people."""
    assert through_word(requester, target, introducer) == through


def test_a_step_other_than_made_waits_since_its_day_even_with_a_check_in_date():
    since, due = NOW - timedelta(days=3), NOW - timedelta(days=1)
    assert waiting_words(IntroStatus.FOLLOWED_UP, since, due, NOW) == "3 days ago"
    assert waiting_words(IntroStatus.REQUESTED, NOW, due, NOW) == "today"
    assert waiting_words(IntroStatus.MADE, since, due, NOW) == "1 day overdue"
    assert waiting_words(IntroStatus.MADE, since, NOW, NOW) == "due today"
    assert waiting_words(IntroStatus.MADE, since, NOW + timedelta(days=2), NOW) == "due 4 Mar"
    assert waiting_words(IntroStatus.MADE, since, None, NOW) == "3 days ago"
