"""The occasion rule (issue 24, item 7): birthdays and "met a year ago today", the leap
day, and the stage deciding whether they are mentioned."""

from __future__ import annotations

from datetime import date

import pytest

from relmanager.domain.occasions import (
    OccasionKind,
    birthday_today,
    met_day,
    month_days,
    occasions_for,
    parse_month_day,
    years_since_met,
)
from relmanager.domain.stages import Stage


def test_parse_both_stored_forms_and_refuse_the_rest():
    assert parse_month_day("1986-05-04") == (1986, 5, 4)
    assert parse_month_day("--05-04") == (None, 5, 4)
    assert parse_month_day("--02-29") == (None, 2, 29)
    assert parse_month_day("1988-02-29") == (1988, 2, 29)
    assert parse_month_day("1987-02-29") is None  # no such day
    for bad in ("", None, "05-04", "1986/05/04", "--13-01", "1986-02-30", "abcd-ef-gh",
                "--0504", "1986-05-04T00"):
        assert parse_month_day(bad) is None


def test_birthday_with_and_without_year():
    assert birthday_today("1986-05-04", date(2026, 5, 4)) == (True, 40)
    assert birthday_today("--05-04", date(2026, 5, 4)) == (True, None)
    assert birthday_today("1986-05-04", date(2026, 5, 5)) == (False, None)
    assert birthday_today("2030-05-04", date(2026, 5, 4)) == (False, None)  # typing mistake


def test_leap_day_birthday_is_kept_on_the_28th_in_common_years_once():
    assert birthday_today("2000-02-29", date(2027, 2, 28)) == (True, 27)
    assert birthday_today("2000-02-29", date(2027, 3, 1)) == (False, None)
    assert birthday_today("2000-02-29", date(2028, 2, 29)) == (True, 28)
    assert birthday_today("2000-02-29", date(2028, 2, 28)) == (False, None)  # not twice
    assert month_days(date(2027, 2, 28)) == ("02-28", "02-29")
    assert month_days(date(2028, 2, 28)) == ("02-28",)
    assert month_days(date(2028, 2, 29)) == ("02-29",)


def test_met_a_whole_year_or_more_ago_today():
    assert years_since_met(date(2025, 6, 1), date(2026, 6, 1)) == 1
    assert years_since_met(date(2019, 6, 1), date(2026, 6, 1)) == 7
    assert years_since_met(date(2026, 6, 1), date(2026, 6, 1)) is None  # met today
    assert years_since_met(date(2025, 6, 2), date(2026, 6, 1)) is None
    assert years_since_met(date(2024, 2, 29), date(2025, 2, 28)) == 1


def test_met_day_is_the_meeting_else_the_earliest_record():
    assert met_day(date(2020, 1, 1), date(2019, 1, 1), date(2021, 1, 1)) == date(2020, 1, 1)
    assert met_day(None, date(2019, 1, 1), date(2021, 1, 1)) == date(2019, 1, 1)
    assert met_day(None, date(2022, 1, 1), date(2021, 1, 1)) == date(2021, 1, 1)
    assert met_day(None, None, date(2021, 1, 1)) == date(2021, 1, 1)


@pytest.mark.parametrize("stage,birthday,met", [
    (Stage.INBOX, False, False),
    (Stage.PARKED, False, False),
    (Stage.ENCOUNTER, False, True),
    (Stage.RECOGNITION, True, True),
    (Stage.DEVELOPMENT, True, True),
    (Stage.FRIENDSHIP, True, True),
    (Stage.INTIMACY, True, True),
])
def test_the_stage_decides_what_is_mentioned(stage, birthday, met):
    today = date(2026, 5, 4)
    found = occasions_for(1, "Ann Lee", stage.value, birthday="1990-05-04",
                          met=date(2024, 5, 4), today=today)
    kinds = {o.kind for o in found}
    assert (OccasionKind.BIRTHDAY in kinds) is birthday
    assert (OccasionKind.MET in kinds) is met
    assert occasions_for(1, "Ann Lee", stage.value, birthday="1990-05-04",
                         met=date(2024, 5, 4), today=today, archived=True) == []


def test_reasons_in_words():
    today = date(2026, 5, 4)
    found = occasions_for(1, "Ann Lee", "friendship", birthday="1990-05-04",
                          met=date(2025, 5, 4), today=today)
    assert [o.reason for o in found] == ["birthday today (36)", "met a year ago today"]
    found = occasions_for(1, "Ann Lee", "friendship", birthday="--05-04",
                          met=date(2023, 5, 4), today=today)
    assert [o.reason for o in found] == ["birthday today", "met 3 years ago today"]
