"""The rules of merging (who survives, which value wins by default) and of what counts as
a likely duplicate."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from relmanager.domain.duplicates import (
    Person,
    find_groups,
    normal_phone,
)
from relmanager.domain.merging import (
    Candidate,
    default_plan,
    differing,
    filled,
    options,
    pick_survivor,
    union_emails,
    union_phones,
)


def _c(i: int, interactions: int = 0, day: int = 1, **values) -> Candidate:
    base = {"name": (f"P{i}", "", ""), "stage": "inbox", "sphere": "business",
            "notes": "", "intent": "", "archived": False, "met_on": None,
            "introduced_by": None, "title": ""}
    return Candidate(i, {**base, **values}, interactions, datetime(2026, 1, day))


def test_the_one_with_most_history_survives_then_the_oldest():
    assert pick_survivor([_c(1, 2), _c(2, 5)]) == 2
    assert pick_survivor([_c(1, 3, day=9), _c(2, 3, day=2)]) == 2
    synced = Candidate(3, {}, 0, datetime(2026, 2, 1), synced=True)
    assert pick_survivor([_c(1, 9), synced]) == 3  # its card is what others know
    with pytest.raises(ValueError):
        pick_survivor([_c(1)])


def test_defaults_lose_nothing():
    a = _c(1, 5, title="", notes="Met at PyCon.", stage="recognition", sphere="business",
           met_on=date(2024, 5, 1), archived=True, introduced_by=2)
    b = _c(2, 1, title="CTO", notes="Two kids.", stage="friendship", sphere="personal",
           met_on=date(2023, 1, 1), archived=False, introduced_by=7)
    plan = default_plan([a, b])
    assert plan.survivor == 1 and plan.others == [2]
    values = plan.values
    assert values["title"] == "CTO"  # an empty field takes another's
    assert values["notes"] == "Met at PyCon.\n\nTwo kids."  # joined, survivor first
    assert values["stage"] == "friendship"  # furthest along
    assert values["sphere"] == "both"
    assert values["met_on"] == date(2023, 1, 1)  # known since the earliest
    assert values["archived"] is False  # active if either is
    assert values["introduced_by"] == 7  # never one of the merged people
    assert values["name"] == ("P1", "", "")
    assert default_plan([a, b], survivor=2).values["name"] == ("P2", "", "")


def test_inbox_never_beats_a_placed_stage_and_parked_beats_inbox():
    assert default_plan([_c(1, 5, stage="inbox"), _c(2, stage="parked")]).values[
        "stage"] == "parked"
    assert default_plan([_c(1, 5, stage="parked"), _c(2, stage="encounter")]).values[
        "stage"] == "encounter"


def test_only_real_differences_are_asked_and_the_default_is_offered_first():
    a, b = _c(1, 5, title="", notes="x"), _c(2, title="CTO", notes="y")
    assert differing([a, b]) == ["name", "notes"]  # an empty title is no question
    assert filled([a, b]) == ["title"]  # it is filled in, and said so
    assert differing([a, _c(1, 5, title=None, notes="x")]) == []  # None and "" agree
    offered = options("notes", 1, [a, b])
    assert [o.label for o in offered] == ["Both, joined", "x", "y"]
    assert offered[0].value == "x\n\ny"


def test_unions_compare_normalised():
    assert union_emails([[("Anna@X.org", "work")], [("anna@x.org", ""), ("a@y.org", "")]]) \
        == [("Anna@X.org", "work"), ("a@y.org", "")]
    assert union_phones([[("+44 20 7946 0000", "")], [("020 7946 0000", "home")]]) == [
        ("+44 20 7946 0000", "")]


def test_phone_numbers_compare_by_subscriber_digits():
    assert normal_phone("+44 20 7946 0000") == normal_phone("020 7946 0000") \
        == normal_phone("0044 (20) 7946-0000")
    assert normal_phone("ext 123") is None


def test_groups_reasons_and_dismissed_pairs():
    people = [
        Person(1, "u1", "Anna Berg", "Acme", ["anna@acme.example"]),
        Person(2, "u2", "Anna Berg-Olsen", "Other", ["ANNA@acme.example"]),
        Person(3, "u3", "J. Smith", "Initech", phones=["+1 202 555 0100"]),
        Person(4, "u4", "John Smith", "Initech"),
        Person(5, "u5", "John Smith", "Globex", phones=["(202) 555-0100"]),
        Person(6, "u6", "Jane Doe", ""), Person(7, "u7", "Jane Doe", ""),
        Person(8, "u8", "Jane Doe", "Acme"),
    ]
    groups = {tuple(g.ids): g.reasons for g in find_groups(people)}
    assert groups[(1, 2)] == ["same e-mail anna@acme.example"]
    assert groups[(3, 4, 5)] == ["same phone +1 202 555 0100", "similar name at Initech"]
    assert groups[(6, 7)] == ["same name"]  # no organisation: only the very same name
    assert (8,) not in groups and not any(8 in ids for ids in groups)
    dismissed = [("u2", "u1"), ("u6", "u7")]  # a dismissed pair in either order
    left = {tuple(g.ids) for g in find_groups(people, dismissed)}
    assert (1, 2) not in left and (6, 7) not in left and (3, 4, 5) in left


def test_finding_among_100k_contacts_stays_bounded():
    """The worst case for name comparison: 3,000 organisations of 33 people whose names
    all look alike. Past the comparison budget only exact names match."""
    people = [Person(i, f"u{i}", f"Person{i % 5000} Name{i % 7000}", f"Org{i % 3000}",
                     [f"p{i % 20000}@x.example"], [f"+46 70 {i % 30000:07d}"])
              for i in range(100_000)]
    started = time.process_time()  # the bound is on the work, not on a loaded machine
    groups = find_groups(people)
    assert time.process_time() - started < 30  # ~4 s of CPU on this 2-core VM
    assert sum(len(g.ids) for g in groups) == 100_000  # every shared address found


def test_values_in_words_and_the_offered_choices():
    from relmanager.domain.merging import describe

    assert describe("name", ("Anna Berg", "Anna", "Berg")) == "Anna Berg"
    assert describe("title", "") == "(empty)" and describe("stage", "friendship") == \
        "Friendship"
    assert describe("sphere", "both") == "Both" and describe("archived", True) == "archived"
    assert describe("photo", b"\x89PNG") == "a photo"
    assert describe("cadence_days", 30) == "every 30 days"
    assert describe("introduced_by", 7, {7: "Bo"}.get) == "Bo"
    assert describe("introduced_by", 7) == "#7"
    assert describe("met_on", date(2024, 5, 1)) == "2024-05-01"
    assert describe("notes", "word " * 40).endswith("…")
    a = _c(1, 5, sphere="business", introduced_by=2)
    b = _c(2, sphere="personal", introduced_by=9)
    assert [o.value for o in options("sphere", 1, [a, b])] == ["both", "business",
                                                               "personal"]
    assert [o.value for o in options("introduced_by", 1, [a, b])] == [9]  # never 2
    with pytest.raises(ValueError, match="one of those merged"):
        default_plan([a, b], survivor=3)
