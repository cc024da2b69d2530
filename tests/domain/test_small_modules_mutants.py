"""The reminder preferences, the contact field table and the shared wording, pinned
against mutmut's survivors in domain/preferences.py, domain/contact_fields.py and
domain/wording.py."""

from __future__ import annotations

from datetime import date, datetime, time

from relmanager.domain import contact_fields, preferences
from relmanager.domain.contact_fields import ContactField
from relmanager.domain.preferences import Preferences, from_stored
from relmanager.domain.wording import overdue, plural, relative_day, span, who

NOW = datetime(2026, 3, 2, 9, 0)


def test_a_stored_value_of_the_right_type_wins_and_a_wrong_one_falls_back():
    prefs = from_stored({"daily_cap": 5, "quiet_start": 7, "digest_time": "09:15",
                         "capture_mail_paths": ["/m"], "unknown": 1})
    assert prefs.daily_cap == 5 and prefs.quiet_start == "22:00"
    assert prefs.digest_at == time(9, 15) and prefs.capture_mail_paths == ["/m"]
    assert from_stored({}) == Preferences()
    assert preferences.defaults()["timebox_minutes"] == {"small": 15, "medium": 30,
                                                         "large": 60}


def test_a_box_lasts_the_minutes_of_its_size_else_the_sizes_default():
    assert Preferences().box_minutes == 15
    assert Preferences(timebox_size="large").box_minutes == 60
    assert Preferences(timebox_size="large", timebox_minutes={"large": 45}).box_minutes == 45
    assert Preferences(timebox_size="huge", timebox_minutes={"small": 20}).box_minutes == 20
    assert Preferences(timebox_size="medium", timebox_minutes={}).box_minutes == 30


def test_quiet_hours_and_the_digest_time_read_as_times():
    assert Preferences().quiet_hours == (time(22, 0), time(7, 0))
    assert Preferences(quiet_start="23:30", quiet_end="06:15").quiet_hours == (
        time(23, 30), time(6, 15))
    assert Preferences().digest_at is None


def test_a_fields_column_defaults_to_its_name():
    plain = ContactField("title")
    assert plain.sql_column == "title"
    linked = contact_fields.BY_NAME["introduced_by"]
    assert linked.sql_column == "introduced_by_id"
    assert contact_fields.names("own")[:2] == ("sphere", "stage")
    assert "stage" not in contact_fields.names("editable")


def test_the_words_change_exactly_at_their_boundaries():
    assert span(0) == "0 days" and span(13) == "13 days" and span(14) == "2 weeks"
    assert span(729) == "24 months" and span(730) == "2 years" and span(1094) == "2 years"
    assert relative_day(date(2026, 3, 2), NOW) == "today"
    assert relative_day(datetime(2026, 2, 28, 23, 0), NOW) == "2 days ago"
    assert overdue(date(2026, 3, 2), NOW) == "due today"
    assert overdue(datetime(2026, 2, 28, 23, 0), NOW) == "2 days overdue"


def test_who_names_one_or_two_and_counts_the_rest():
    assert who(["Ada", "Bo"], 3) == "Ada and 2 others"
    assert who(["Ada", "Bo"], 0) == "0 contacts"
    assert who(["Ada"], 2) == "Ada and 1 other"
    assert plural(2, "address", "addresses") == "2 addresses"
    assert plural(-1, "day") == "-1 days"
