"""The checks on typed values (store/validation.py) that the form, the command line and
the importers share: each refusal names the problem, each accepted form reads as meant."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relmanager.domain import limits
from relmanager.store import validation as v
from relmanager.store.errors import ValidationError

NOW = datetime(2026, 3, 10, 15, 30)


@pytest.mark.parametrize(("text", "expected"), [
    ("now", NOW), ("", NOW), ("  Today ", NOW),
    ("yesterday", datetime(2026, 3, 9, 12)),
    ("3 days ago", datetime(2026, 3, 7, 12)), ("1 day ago", datetime(2026, 3, 9, 12)),
    ("2026-03-01", datetime(2026, 3, 1, 12)),  # a plain date: the middle of that day
    ("2026-03-10 09:15", datetime(2026, 3, 10, 9, 15)),
])
def test_dates_as_people_type_them(text, expected):
    assert v.parse_when(text, NOW) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("next week", "is not a date; use YYYY-MM-DD"),
    ("2026-03-11", "is in the future"),
    ("2026-03-10 16:00", "is in the future"),
])
def test_dates_that_cannot_be_logged_are_refused_with_the_reason(text, message):
    with pytest.raises(ValidationError, match=message):
        v.parse_when(text, NOW)


def test_a_plain_date_reads_and_anything_else_is_named():
    assert v.parse_date(" 2026-02-28 ") == date(2026, 2, 28)
    with pytest.raises(ValidationError, match=r"'28/02/2026' is not a date \(expected"):
        v.parse_date("28/02/2026")


@pytest.mark.parametrize("address", [
    "x@y.org?attach=/home/u/.ssh/id_rsa", "x@y.org&bcc=spy@evil.example", "a b@y.org",
    "x@y", "x@@y.org", "x@y.org\nbcc:z@w.org", "<x@y.org>", "x%40y@z.org", "x@y.o",
    "a" * (limits.MAX_EMAIL_LOCAL + 1) + "@y.org", "x@" + "d" * 250 + ".org",
])
def test_addresses_that_would_change_a_mailto_link_are_refused(address):
    assert not v.is_email(address)
    with pytest.raises(ValidationError, match="is not an email address"):
        v.clean_email(address)


def test_real_addresses_are_kept_trimmed_and_lower_cased():
    assert v.clean_email("  Ada.Lovelace+crm@Example.CO.uk ") == "ada.lovelace+crm@example.co.uk"
    assert v.is_email("jörg@bücher.example")


def test_names_tags_and_texts_are_held_to_the_form_limits():
    assert v.clean_name("  Ada \t Lovelace ") == "Ada Lovelace"
    with pytest.raises(ValidationError, match="needs a name"):
        v.clean_name("  ")
    with pytest.raises(ValidationError, match=f"at most {limits.MAX_NAME}"):
        v.clean_name("n" * (limits.MAX_NAME + 1))
    with pytest.raises(ValidationError, match="control characters"):
        v.clean_name("Ada\x07Lovelace")
    assert v.clean_tag("  close   friend ") == "close friend"
    with pytest.raises(ValidationError, match=f"a tag is at most {limits.MAX_TAG}"):
        v.clean_tag("t" * (limits.MAX_TAG + 1))
    assert v.clean_text("a\x00b", "notes") == "ab"
    assert v.clean_text(None) == ""
    with pytest.raises(ValidationError, match=f"notes is at most {limits.MAX_TEXT:,}"):
        v.clean_text("x" * (limits.MAX_TEXT + 1), "notes")


def test_counts_spheres_cadences_and_minutes_have_their_ranges():
    v.check_count(limits.MAX_TAGS, "tags")
    with pytest.raises(ValidationError, match=f"at most {limits.MAX_EMAILS} e-mail addresses "
                                              r"\(51 given\)"):
        v.check_count(51, "e-mail addresses")
    assert v.clean_sphere(" Business ") == "business"
    with pytest.raises(ValidationError, match="sphere must be one of personal, business, both"):
        v.clean_sphere("work")
    assert v.clean_cadence(None) is None
    assert v.clean_cadence(3650) == 3650
    for bad in (0, 3651):
        with pytest.raises(ValidationError, match="between 1 and 3650 days"):
            v.clean_cadence(bad)
    assert v.clean_minutes(0) == 0 and v.clean_minutes(1440) == 1440
    with pytest.raises(ValidationError, match="between 0 and 1440"):
        v.clean_minutes(1441)
