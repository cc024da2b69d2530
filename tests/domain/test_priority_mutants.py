"""Who comes first today, pinned against mutmut's survivors in domain/priority.py.

Each test names a rule the user sees in the digest, on Today and in the tray: how close a
person is and how far past their own rhythm a silence is decide the order; a promise with
a date, a fresh encounter and an introduction each have their weight and their words; the
same person is suggested once; the order is stable from one morning to the next.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from relmanager.domain import priority
from relmanager.domain.priority import Item, Kind
from relmanager.domain.warmth import Fresh

NOW = datetime(2026, 3, 2, 9, 0)


def item(cid: int, name: str, score: float, *, subject: str = "",
         snoozed: bool = False) -> Item:
    return Item(Kind.COOLING, cid, name, score, "why", subject or str(cid), "o",
                snoozed_until=NOW + timedelta(days=1) if snoozed else None)


@pytest.mark.parametrize(("stage", "closeness"), [
    ("encounter", 1.0), ("recognition", 1.5), ("development", 2.5),
    ("friendship", 5.0), ("intimacy", 8.0)])
def test_a_silence_weighs_the_persons_closeness_doubling_by_doubling(stage, closeness):
    """At its rhythm a silence weighs the closeness; one doubling past it twice that;
    past two doublings (four times the usual gap) it grows no more urgent: simply cold."""
    assert priority.silence_score(stage, 10, 10) == pytest.approx(closeness)
    assert priority.silence_score(stage, 10, 20) == pytest.approx(2 * closeness)
    assert priority.silence_score(stage, 10, 40) == pytest.approx(3 * closeness)
    assert priority.silence_score(stage, 10, 400) == pytest.approx(3 * closeness)


def test_a_silence_shorter_than_the_rhythm_is_not_less_urgent_than_one_at_it():
    assert priority.silence_score("friendship", 20, 5) == pytest.approx(5.0)


def test_a_silence_of_someone_in_no_relationship_stage_weighs_nothing():
    assert priority.silence_score("inbox", 10, 40) == 0.0


def test_a_rhythm_under_a_day_still_counts_its_doublings():
    """Half a day's rhythm and a day of silence is one doubling (no floor of a day)."""
    assert priority.silence_score("friendship", 0.5, 1.0) == pytest.approx(10.0)
    assert priority.silence_score("friendship", 0, 1.0) == pytest.approx(15.0)


def test_a_contact_is_cooling_from_the_very_moment_its_gap_is_reached():
    anchor = NOW - timedelta(days=21)
    at = priority.silence(1, "Ada", "friendship", anchor=anchor, cooling_at=NOW,
                          cold_at=NOW + timedelta(days=21), now=NOW)
    assert at is not None and at.kind is Kind.COOLING and not at.urgent
    assert at.occurrence == str(NOW) and at.subject == "1" and at.name == "Ada"
    assert at.rhythm == (21.0, 21.0) and at.why == ""
    assert priority.silence(1, "Ada", "friendship", anchor=anchor,
                            cooling_at=NOW + timedelta(seconds=1), cold_at=None,
                            now=NOW) is None


def test_a_contact_is_cold_from_the_very_moment_its_maximum_is_reached():
    anchor = NOW - timedelta(days=42)
    cold = priority.silence(1, "Ada", "friendship", anchor=anchor,
                            cooling_at=anchor + timedelta(days=21), cold_at=NOW, now=NOW)
    assert cold is not None and cold.kind is Kind.COLD and cold.urgent
    assert cold.occurrence == str(NOW)  # the cold crossing, said once
    no_max = priority.silence(1, "Ada", "friendship", anchor=anchor,
                              cooling_at=anchor + timedelta(days=21), cold_at=None, now=NOW)
    assert no_max is not None and no_max.kind is Kind.COOLING and not no_max.urgent
    assert no_max.occurrence == str(anchor + timedelta(days=21))


def test_a_silence_is_worded_in_calendar_days_but_scored_in_hours():
    """Last talked yesterday evening, this morning reads "1 day" like "Last two-way"."""
    anchor = datetime(2026, 3, 1, 21, 0)
    got = priority.silence(1, "Ada", "intimacy", anchor=anchor,
                           cooling_at=anchor + timedelta(hours=6), cold_at=None, now=NOW)
    assert got is not None
    assert got.rhythm == (0.25, 1.0)
    assert got.score == pytest.approx(priority.silence_score("intimacy", 0.25, 0.5))
    assert got.snoozed_until is None and not got.snoozed


def test_a_rhythm_and_a_gap_that_read_the_same_are_said_in_days():
    assert priority.rhythm_reason(14, 16) == "usually every 2 weeks; now 16 days"
    assert priority.rhythm_reason(14, 16.4) == "usually every 2 weeks; now 16 days"
    assert priority.rhythm_reason(10, 12) == "usually every 10 days; now 12 days"
    assert priority.describe_days(-3) == "0 days"
    assert priority.describe_days(2.6) == "3 days"
    assert priority.describe_rhythm(7) == "every 7 days"


def test_a_reason_worded_by_the_caller_is_kept_over_the_rhythm():
    given = Item(Kind.COOLING, 1, "Ada", 1.0, "said so", "1", "o", rhythm=(21.0, 60.0))
    assert given.reason == "said so"
    silent = Item(Kind.COOLING, 1, "Ada", 1.0, "", "1", "o", rhythm=(21.0, 56.0))
    assert silent.reason == "usually every 3 weeks; now 8 weeks"
    bare = Item(Kind.COOLING, 1, "Ada", 1.0, "", "1", "o")
    assert bare.reason == ""
    assert given.key == ("cooling", "1", "o")


def test_a_fresh_encounter_grows_more_pressing_as_its_window_closes():
    week = priority.fresh_item(5, "Eve", Fresh(date(2026, 3, 2), 7), NOW, 7)
    assert week.score == pytest.approx(7.0) and week.reason == "met today; 7 days left"
    assert not week.urgent and week.detail == "7 days left" and week.kind is Kind.FRESH
    assert week.subject == "5" and week.occurrence == "2026-03-02"
    half = priority.fresh_item(5, "Eve", Fresh(date(2026, 2, 28), 2), NOW, 4)
    assert half.score == pytest.approx(8.0) and half.reason == "met 2 days ago; 2 days left"
    last = priority.fresh_item(5, "Eve", Fresh(date(2026, 3, 1), 1), NOW, 2,
                               snoozed_until=NOW)
    assert last.score == pytest.approx(8.0) and last.reason == "met yesterday; last day"
    assert last.urgent and last.snoozed
    # a window of no days counts as one: no division by zero
    zero = priority.fresh_item(5, "Eve", Fresh(date(2026, 3, 2), 0), NOW, 0)
    assert zero.score == pytest.approx(9.0)
    one_day = priority.fresh_item(5, "Eve", Fresh(date(2026, 3, 2), 1), NOW, 1)
    assert one_day.score == pytest.approx(7.0)  # a whole one-day window still ahead


def test_a_follow_up_is_due_today_then_overdue_by_the_day_weighing_up_to_a_week():
    due = priority.follow_up_item(77, 6, "Ana", "send it", NOW + timedelta(hours=3), NOW)
    assert (due.reason, due.urgent, due.score) == ("due today", False, 9.0)
    assert due.subject == "77" and due.contact_id == 6 and due.detail == "send it"
    assert due.occurrence == str(NOW + timedelta(hours=3)) and due.kind is Kind.FOLLOW_UP
    ahead = priority.follow_up_item(77, 6, "Ana", "x", NOW + timedelta(days=2), NOW)
    assert ahead.reason == "due today" and not ahead.urgent
    one = priority.follow_up_item(77, 6, "Ana", "x", NOW - timedelta(days=1), NOW)
    assert (one.reason, one.urgent) == ("1 day overdue", True)
    assert one.score == pytest.approx(9 + 1 / 7)
    week = priority.follow_up_item(77, 6, "Ana", "x", NOW - timedelta(days=7), NOW)
    month = priority.follow_up_item(77, 6, "Ana", "x", NOW - timedelta(days=30), NOW,
                                    snoozed_until=NOW)
    assert week.score == pytest.approx(10.0) and month.score == pytest.approx(10.0)
    assert month.reason == "30 days overdue" and month.snoozed


def test_an_introduction_weighs_up_to_four_weeks_and_is_urgent_after_one():
    new = priority.introduction_item(3, 4, "Al → Bo", "ask Bo", NOW, NOW, "step-1",
                                     detail="today", person="Bo")
    assert (new.score, new.urgent, new.detail) == (6.0, False, "today")
    assert (new.name, new.person_name, new.contact_id) == ("Al → Bo", "Bo", 4)
    assert (new.subject, new.occurrence, new.why, new.kind) == (
        "3", "step-1", "ask Bo", Kind.INTRODUCTION)
    future = priority.introduction_item(3, 4, "Bo", "x", NOW + timedelta(days=3), NOW, "s",
                                        detail="", person="Bo")
    assert future.detail == "" and future.score == 6.0
    six = priority.introduction_item(3, 4, "Bo", "x", NOW - timedelta(days=6), NOW, "s",
                                     detail="", person="Bo")
    assert not six.urgent and six.score == pytest.approx(6 + 6 / 28)
    seven = priority.introduction_item(3, 4, "Bo", "x", NOW - timedelta(days=7), NOW, "s",
                                       detail="", person="Bo")
    assert seven.urgent
    late = priority.introduction_item(3, 4, "Bo", "x", NOW - timedelta(days=90), NOW, "s",
                                      snoozed_until=NOW, detail="", person="Bo")
    assert late.score == pytest.approx(7.0) and late.snoozed


def test_an_occasion_ranks_by_closeness_above_a_silence_below_a_promise():
    friend = priority.occasion_item(2, "Ana", "friendship", "birthday", "birthday today",
                                    date(2026, 3, 2))
    assert friend.score == pytest.approx(8.0) and friend.kind is Kind.OCCASION
    assert (friend.contact_id, friend.name) == (2, "Ana")
    assert (friend.subject, friend.occurrence, friend.detail, friend.why) == (
        "birthday:2", "2026-03-02", "birthday", "birthday today")
    unknown = priority.occasion_item(2, "Ana", "parked", "met", "r", date(2026, 3, 2),
                                     snoozed_until=NOW)
    assert unknown.score == pytest.approx(4.0) and unknown.snoozed


def test_ties_rank_by_name_whatever_its_case_then_by_subject():
    ranked = priority.rank([item(1, "bo", 5.0), item(2, "Ada", 5.0), item(3, "Cy", 6.0),
                            item(4, "ada", 5.0, subject="0")])
    assert [i.contact_id for i in ranked] == [3, 4, 2, 1]
    snoozed = priority.rank([item(1, "Ada", 9.0, snoozed=True), item(2, "Bo", 1.0)])
    assert [i.contact_id for i in snoozed] == [2, 1]


def test_each_person_is_named_once_by_their_most_important_item():
    items = [item(1, "Ada", 2.0), item(1, "Ada", 9.0, subject="x"), item(2, "Bo", 5.0),
             item(3, "Cy", 99.0, snoozed=True)]
    assert [(i.contact_id, i.score) for i in priority.people(items)] == [(1, 9.0), (2, 5.0)]
    # a person's second item ranked before the next person does not hide them
    items = [item(1, "Ada", 9.0), item(1, "Ada", 8.0, subject="x"), item(2, "Bo", 5.0)]
    assert [i.contact_id for i in priority.people(items)] == [1, 2]


def test_suggestions_fill_up_with_recent_people_only_as_far_as_the_limit():
    items = [item(i, f"P{i}", 10.0 - i) for i in range(1, 6)]
    assert [i.contact_id for i in priority.suggest(items, 3, recently=[1, 2, 3, 4])] == [
        5, 1, 2]
    assert [i.contact_id for i in priority.suggest(items, 2, recently=[5])] == [1, 2]
    assert [i.contact_id for i in priority.suggest(items, 3, recently=[2])] == [1, 3, 4]


def test_an_introduction_waits_in_words_a_friend_would_say() -> None:
    """One wording for Today, the tray and the digest: a made one by its check-in, any
    other step since the day it was taken; never "0 days"."""
    from relmanager.domain.introductions import (
        IntroStatus,
        check_in_words,
        reminder_person,
        waiting_words,
    )

    made, asked = IntroStatus.MADE, IntroStatus.CONSENT_ASKED
    assert waiting_words(asked, NOW, None, NOW) == "today"
    assert waiting_words(asked, NOW - timedelta(days=3), None, NOW) == "3 days ago"
    assert waiting_words(made, NOW - timedelta(days=20), NOW, NOW) == "due today"
    assert waiting_words(made, NOW, NOW - timedelta(days=3), NOW) == "3 days overdue"
    assert check_in_words(IntroStatus.FOLLOWED_UP, NOW - timedelta(days=9),
                          NOW - timedelta(days=1), NOW) == f"done {NOW - timedelta(days=1):%-d %b}"
    assert check_in_words(IntroStatus.CLOSED, NOW - timedelta(days=9), None, NOW) == ""
    assert check_in_words(made, NOW + timedelta(days=2), None, NOW) == \
        f"{NOW + timedelta(days=2):%-d %b}"
    assert reminder_person(None, 3, 7) == 7 and reminder_person(2, None, 7) == 7
    assert reminder_person(2, 3, 7) == 7 and reminder_person(2, 3, None) == 3
    assert reminder_person(2, None, None) == 2
