"""Every kind of introduction at every status reads right (issue: "ask Nia to introduce
you to Ben" where Nia introduces Ana to Ben). A kind is who is who: None is the user.
The table is the whole product of kinds and statuses, so a kind or a status added later
without its words fails here."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.domain.introductions import (
    IntroStatus,
    check_in_words,
    reminder_person,
    step_words,
    waiting_words,
)

S = IntroStatus
#: (requester, target, introducer) -> what the user reads, per status.
KINDS: dict[tuple[str | None, str | None, str | None], dict[IntroStatus, str]] = {
    # The user introduces Ana to Ben.
    ("Ana", "Ben", None): {
        S.REQUESTED: "ask Ben whether they would like to meet Ana",
        S.CONSENT_ASKED: "waiting on Ben's answer",
        S.CONSENT_GIVEN: "Ben agreed: make the introduction",
        S.MADE: "close the loop: ask Ana and Ben how the introduction went",
        S.FOLLOWED_UP: "you checked in with both: close the introduction",
    },
    # The user asked Nia to introduce them to Ben.
    (None, "Ben", "Nia"): {
        S.REQUESTED: "ask Nia to introduce you to Ben",
        S.CONSENT_ASKED: "waiting on Nia to hear from Ben",
        S.CONSENT_GIVEN: "Ben agreed: waiting on Nia to introduce you",
        S.MADE: "report back to Nia on meeting Ben",
        S.FOLLOWED_UP: "you reported back to Nia: close the introduction",
    },
    # Nia is to introduce Ana to the user (the user is the side left empty).
    ("Ana", None, "Nia"): {
        S.REQUESTED: "ask Nia to introduce you to Ana",
        S.CONSENT_ASKED: "waiting on Nia to hear from Ana",
        S.CONSENT_GIVEN: "Ana agreed: waiting on Nia to introduce you",
        S.MADE: "report back to Nia on meeting Ana",
        S.FOLLOWED_UP: "you reported back to Nia: close the introduction",
    },
    # Nia introduces two of the user's contacts, Ana to Ben: the user meets nobody.
    ("Ana", "Ben", "Nia"): {
        S.REQUESTED: "ask Nia to introduce Ana to Ben",
        S.CONSENT_ASKED: "waiting on Nia to hear from Ben",
        S.CONSENT_GIVEN: "Ben agreed: waiting on Nia to introduce Ana",
        S.MADE: "close the loop: ask Ana how meeting Ben went and tell Nia",
        S.FOLLOWED_UP: "you checked in with Ana and Nia: close the introduction",
    },
    # Nia introduces the user to someone not among the contacts.
    (None, None, "Nia"): {
        S.REQUESTED: "ask Nia to introduce you",
        S.CONSENT_ASKED: "waiting on Nia to hear from the other side",
        S.CONSENT_GIVEN: "the other side agreed: waiting on Nia to introduce you",
        S.MADE: "report back to Nia on the introduction",
        S.FOLLOWED_UP: "you reported back to Nia: close the introduction",
    },
    # The user would like to meet Ben, nobody in between.
    (None, "Ben", None): {
        S.REQUESTED: "ask Ben whether they would like to meet you",
        S.CONSENT_ASKED: "waiting on Ben's answer",
        S.CONSENT_GIVEN: "arrange to meet Ben",
        S.MADE: "close the loop: note how meeting Ben went",
        S.FOLLOWED_UP: "you noted how it went: close the introduction",
    },
    # Ana would like to meet the user, nobody in between.
    ("Ana", None, None): {
        S.REQUESTED: "Ana would like to meet you: answer them",
        S.CONSENT_ASKED: "Ana is waiting on your answer",
        S.CONSENT_GIVEN: "arrange to meet Ana",
        S.MADE: "close the loop: note how meeting Ana went",
        S.FOLLOWED_UP: "you noted how it went: close the introduction",
    },
}
ENDED = {S.DECLINED: "declined: close the introduction", S.CLOSED: "closed"}
NOW = datetime(2026, 3, 2, 9, 0)


def kind_id(kind: tuple[str | None, str | None, str | None]) -> str:
    """"Ana-Ben-Nia" (requester, target, introducer; "me" for the user): ASCII, so a
    test id can be passed back on a command line (mutmut's)."""
    return "-".join(name or "me" for name in kind)


@pytest.mark.parametrize("kind", list(KINDS), ids=kind_id)
@pytest.mark.parametrize("status", list(IntroStatus), ids=str)
def test_every_kind_says_its_step_in_words_that_fit_who_is_who(kind, status) -> None:
    expected = {**KINDS[kind], **ENDED}[status]
    assert step_words(status, *kind) == expected
    words = step_words(status, *kind)
    assert "you to you" not in words and "meeting you" not in words
    requester, target, introducer = kind
    if introducer and requester and target:  # the user is not one of the two
        assert "introduce you" not in words and "report back" not in words


@pytest.mark.parametrize("kind", list(KINDS), ids=kind_id)
def test_every_kind_is_filed_under_the_one_its_steps_are_about(kind) -> None:
    """The introducer whenever someone else makes it ("ask Nia", "tell Nia"), else the
    one to meet; never the user (None) while a contact is named."""
    ids = {"Ana": 1, "Ben": 2, "Nia": 3}
    requester, target, introducer = (ids.get(n) if n else None for n in kind)
    person = reminder_person(requester, target, introducer)
    if introducer is not None:
        assert person == introducer
    else:
        assert person == (target or requester)
    assert person is not None


@pytest.mark.parametrize("status", list(IntroStatus), ids=str)
def test_waiting_and_check_in_words_of_every_status(status) -> None:
    """How long a step waited, and the page's Check-in cell, for every status: only a
    made one counts to its check-in; a followed-up one says when it was done; a declined
    or closed one has no check-in to show."""
    since, due = NOW - timedelta(days=3), NOW - timedelta(days=2)
    followed = NOW - timedelta(days=1) if status in (S.FOLLOWED_UP, S.CLOSED) else None
    waited = waiting_words(status, since, due, NOW)
    cell = check_in_words(status, due, followed, NOW)
    if status is S.MADE:
        assert (waited, cell) == ("2 days overdue", "2 days overdue")
        assert waiting_words(status, since, NOW + timedelta(days=5), NOW) == \
            f"due {NOW + timedelta(days=5):%-d %b}"
    else:
        assert waited == "3 days ago"
        assert cell == (f"done {followed:%-d %b}" if followed else "")
