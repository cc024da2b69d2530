"""Birthdays and "met a year ago", pinned against mutmut's survivors in
domain/occasions.py: what Today and the digest say about whom, on which day."""

from __future__ import annotations

from datetime import date

from relmanager.domain.occasions import (
    Occasion,
    OccasionKind,
    birthday_today,
    falls_on,
    month_days,
    observed_on,
    occasions_for,
    parse_month_day,
)


def test_a_birthday_typed_with_spaces_around_it_is_still_read():
    assert parse_month_day("  1986-05-04 ") == (1986, 5, 4)
    assert parse_month_day(" --12-31\n") == (None, 12, 31)


def test_a_baby_born_this_year_has_a_birthday_today_aged_zero():
    """Only a year after today is a typing mistake; this year is a real (first) day."""
    assert birthday_today("2026-05-04", date(2026, 5, 4)) == (True, 0)
    assert birthday_today(None, date(2026, 5, 4)) == (False, None)
    assert birthday_today("not a day", date(2026, 5, 4)) == (False, None)


def test_a_leap_day_is_its_own_day_in_leap_years_and_the_28th_otherwise():
    assert observed_on(2, 29, 2028) == date(2028, 2, 29)
    assert observed_on(2, 29, 2027) == date(2027, 2, 28)
    assert observed_on(2, 28, 2027) == date(2027, 2, 28)
    assert observed_on(3, 29, 2027) == date(2027, 3, 29)  # only February's 29th moves
    assert falls_on(2, 29, date(2027, 2, 28)) and not falls_on(2, 29, date(2027, 3, 1))


def test_the_sql_keys_of_a_day_are_zero_padded_month_and_day():
    assert month_days(date(2026, 1, 5)) == ("01-05",)
    assert month_days(date(2026, 12, 28)) == ("12-28",)
    assert month_days(date(2027, 3, 28)) == ("03-28",)  # the 28th of another month


def test_an_occasion_names_the_person_and_the_day_it_is_observed():
    today = date(2027, 2, 28)
    found = occasions_for(7, "Ann Lee", "intimacy", birthday="2000-02-29",
                          met=date(2024, 2, 29), today=today)
    assert found == [
        Occasion(OccasionKind.BIRTHDAY, 7, "Ann Lee", "intimacy", today, 27),
        Occasion(OccasionKind.MET, 7, "Ann Lee", "intimacy", today, 3),
    ]
    assert occasions_for(7, "Ann Lee", "intimacy", birthday="2000-03-01",
                         met=date(2024, 3, 1), today=today) == []


def test_a_birthday_of_an_unknown_year_and_two_years_since_meeting_read_in_full():
    assert Occasion(OccasionKind.BIRTHDAY, 1, "A", "friendship", date(2026, 1, 1),
                    None).reason == "birthday today"
    assert Occasion(OccasionKind.MET, 1, "A", "friendship", date(2026, 1, 1),
                    2).reason == "met 2 years ago today"
