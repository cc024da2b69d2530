"""What a merge offers by default, pinned against mutmut's survivors in domain/merging.py.

Each test names a rule the user sees in the Merge dialog or ``relmanager merge``: which
contact is kept, which value each field takes unless the user picks another, which
questions are asked, and how values read.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from relmanager.domain.merging import (
    Candidate,
    default_plan,
    default_value,
    describe,
    differing,
    filled,
    joined,
    options,
    pick_survivor,
    union_emails,
    union_links,
    union_phones,
)


def c(i: int, **values) -> Candidate:
    return Candidate(i, values)


def test_without_history_or_dates_the_lowest_id_is_kept_and_a_dated_one_beats_none():
    assert pick_survivor([c(5), c(3), c(4)]) == 3
    dated = Candidate(9, {}, 0, datetime(2026, 1, 1))
    assert pick_survivor([c(1), dated]) == 9
    assert pick_survivor([Candidate(2, {}, 1), Candidate(1, {}, 0)]) == 2


def test_merging_needs_two_contacts_and_says_so():
    with pytest.raises(ValueError, match="at least two different contacts"):
        pick_survivor([])


def test_notes_are_joined_once_each_trimmed_in_the_survivors_order():
    assert joined(["  a ", None, "", "b", "a", "  "]) == "a\n\nb"
    assert default_value("notes", 2, [c(1, notes="one"), c(2, notes="two")]) == "two\n\none"
    assert default_value("intent", 1, [c(1), c(2)]) == ""


def test_a_stage_is_the_furthest_real_one_else_a_holding_place_other_than_the_inbox():
    assert default_value("stage", 1, [c(1, stage="intimacy"), c(2, stage="encounter")]) \
        == "intimacy"
    assert default_value("stage", 1, [c(1, stage="inbox"), c(2, stage="inbox")]) == "inbox"
    assert default_value("stage", 1, [c(1, stage=None), c(2, stage="parked"),
                                      c(3, stage="inbox")]) == "parked"


def test_a_sphere_is_both_when_either_says_both_else_the_survivors_else_any():
    assert default_value("sphere", 1, [c(1, sphere="business"), c(2, sphere="both")]) \
        == "both"
    assert default_value("sphere", 1, [c(1, sphere="personal"), c(2, sphere="personal")]) \
        == "personal"
    assert default_value("sphere", 1, [c(1, sphere=""), c(2, sphere="personal")]) \
        == "personal"
    assert default_value("sphere", 1, [c(1), c(2)]) == "business"


def test_unknown_dates_and_introducers_stay_unknown_and_one_active_keeps_it_active():
    assert default_value("met_on", 1, [c(1, met_on="2020"), c(2)]) is None
    assert default_value("introduced_by", 1, [c(1, introduced_by=2),
                                              c(2, introduced_by=1)]) is None
    assert default_value("introduced_by", 1, [c(1, introduced_by=""),
                                              c(2, introduced_by=5)]) == 5
    assert default_value("archived", 1, [c(1, archived=True), c(2, archived=True)]) is True
    assert default_value("archived", 1, [c(1, archived=True), c(2)]) is False


def test_an_empty_text_or_list_takes_the_others_and_all_empty_stays_the_survivors():
    assert default_value("title", 1, [c(1, title=()), c(2, title="CTO")]) == "CTO"
    assert default_value("title", 1, [c(1, title=""), c(2, title=None)]) == ""
    assert default_value("name", 2, [c(1, name=("A", "", "")), c(2, name=None)]) is None


def test_an_archived_flag_unset_and_false_are_no_question():
    assert differing([c(1, archived=None), c(2, archived=False)]) == []
    assert differing([c(1, archived=True), c(2, archived=False)]) == ["archived"]
    assert filled([c(1, archived=None), c(2, archived=True)]) == []


def test_list_values_are_compared_by_content():
    assert differing([c(1, photo=[1, 2]), c(2, photo=[1, 2])]) == []
    assert differing([c(1, photo=[1, 2]), c(2, photo=[2, 1])]) == ["photo"]
    assert filled([c(1, photo=[1]), c(2, photo=None), c(3, photo=[1])]) == ["photo"]


def test_a_field_all_agree_on_is_neither_asked_nor_filled():
    agreed = [c(1, title="CTO"), c(2, title="CTO")]
    assert differing(agreed) == [] and filled(agreed) == []
    three = [c(1, title="CTO"), c(2, title=""), c(3, title="CEO")]
    assert differing(three) == ["title"] and filled(three) == []


def test_notes_one_side_left_empty_offer_no_joined_choice():
    offered = options("notes", 1, [c(1, notes="x"), c(2, notes="")])
    assert [(o.value, o.label) for o in offered] == [("x", "x"), ("", "")]
    same = options("notes", 1, [c(1, notes="x"), c(2, notes="x")])
    assert [o.label for o in same] == ["x"]


def test_the_default_sphere_both_is_offered_first_in_the_callers_words():
    words = options("sphere", 2, [c(1, sphere="personal"), c(2, sphere="business")],
                    describe=lambda n, v: f"{n}={v}")
    assert [o.label for o in words] == ["sphere=both", "sphere=business", "sphere=personal"]
    plain = options("title", 2, [c(1, title="A"), c(2)])
    assert [(o.value, o.label) for o in plain] == [("A", "A"), (None, "")]


def test_links_and_numbers_compare_as_people_mean_them():
    assert union_links([[("home", "https://x.org/a/")], [("", "HTTPS://X.ORG/a"),
                                                         ("", "  "), ("w", "y")]]) == [
        ("home", "https://x.org/a/"), ("w", "y")]
    assert union_phones([[("123", "")], [(" 123 ", "m"), ("", "")]]) == [("123", "")]
    assert union_emails([[("", "")], [("a@x", "")]]) == [("a@x", "")]


def test_values_read_plainly_and_long_texts_are_cut_at_sixty():
    assert describe("name", None) == "" and describe("name", ()) == ""
    assert describe("title", None) == "(empty)"
    assert describe("archived", False) == "active"
    assert describe("notes", " two\n lines ") == "two lines"
    assert describe("notes", "x" * 60) == "x" * 60
    assert describe("notes", "x" * 61) == "x" * 59 + "…"
    assert describe("cadence_days", 0) == "every 0 days"
    assert describe("met_on", datetime(2024, 5, 1, 9)) == "2024-05-01T09:00:00"
    assert describe("birthday", date(2024, 5, 1)) == "2024-05-01"


def test_the_refusals_say_exactly_what_is_wrong():
    with pytest.raises(ValueError, match=r"^merging needs at least two different contacts$"):
        pick_survivor([c(1)])
    with pytest.raises(ValueError, match=r"^merging needs at least two different contacts$"):
        default_plan([c(1), c(1)])
    with pytest.raises(ValueError, match=r"^the contact to keep must be one of those merged$"):
        default_plan([c(1), c(2)], survivor=3)


def test_a_stage_known_on_one_side_only_is_kept_even_the_inbox():
    assert default_value("stage", 1, [c(1, stage="inbox"), c(2, stage=None)]) == "inbox"


def test_numbers_and_dates_that_differ_are_asked_about():
    assert differing([c(1, cadence_days=30), c(2, cadence_days=60)]) == ["cadence_days"]
    assert differing([c(1, met_on=date(2020, 1, 1)), c(2, met_on=date(2020, 1, 1))]) == []


def test_the_survivors_value_is_offered_first_whatever_the_order_given():
    offered = options("title", 2, [c(1, title="A"), c(2, title="B")])
    assert [o.value for o in offered] == ["B", "A"]


def test_a_link_ending_in_x_is_not_the_same_link_without_it():
    assert len(union_links([[("", "https://a.org/BOX")], [("", "https://a.org/BO")]])) == 2
