"""Likely duplicates, pinned against mutmut's survivors in domain/duplicates.py: which
contacts the Duplicates page offers together, with which reasons, in which order, and
which it never offers (different firms, dismissed groups, too little to go on)."""

from __future__ import annotations

import pytest

from relmanager.domain import duplicates
from relmanager.domain.duplicates import (
    Group,
    Person,
    compact_dismissed,
    find_groups,
    normal_email,
    normal_phone,
)


def offered_as_one(a: str, b: str) -> bool:
    """Whether the Duplicates page offers two people of one organisation together on
    their names alone: the path (``find_groups``, its blocks) every name goes through."""
    return [g.ids for g in find_groups([Person(1, "u1", a, "Acme"), Person(2, "u2", b, "Acme")])
            ] == [[1, 2]]


def test_addresses_compare_trimmed_and_caseless_numbers_by_their_last_nine_digits():
    assert normal_email("  Ada@X.ORG ") == "ada@x.org"
    assert normal_phone("12 34 56 7") == "1234567"  # seven digits: enough
    assert normal_phone("123 456") is None  # six: an extension
    assert normal_phone("+1 (234) 567-8901") == "345678901"


def test_initials_match_either_way_round_but_two_different_initials_do_not():
    assert offered_as_one("John Smith", "J. Smith")
    assert offered_as_one("J Smith", "John Paul Smith")
    assert not offered_as_one("K. Smith", "John Smith")
    assert not offered_as_one("Smith", "John Smith") or offered_as_one("Smith", "Smith")
    assert offered_as_one("Mary-Ann O'Neil", "mary ann o neil")
    assert not offered_as_one("Al Smith", "Bo Smith")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("John Smith", "john  smith", True), ("J. Smith", "John Smith", True),
    ("Jo Ann Smith", "Jo Smith", True), ("Jonh Smith", "John Smith", True),
    ("John Smith", "Jane Smith", False), ("Anna Berg", "Bo Lind", False),
    ("Zoë Ødegård", "Zoe Odegard", True), ("Łukasz Wałęsa", "Lukasz Walesa", True),
    ("", "John", False),
])
def test_names_of_one_person_written_two_ways(a, b, same):
    assert offered_as_one(a, b) is same


@pytest.mark.parametrize(("written", "typed"), [
    ("Þóra Ægisdóttir", "Thora Aegisdottir"), ("Ana Đokić", "Ana Dokic"),
    ("Jon Ðorsson", "Jon Dorsson"), ("Anna Ħabib", "Anna Habib"),
    ("Ayse Yıldız", "Ayse Yildiz"), ("Anne Œuvray", "Anne Oeuvray"),
])
def test_a_last_name_typed_without_its_own_letters_is_the_same_person(written, typed):
    """Letters ``fold`` keeps (no mark to strip) begin these last names: without them
    on a keyboard people type the plain ones, and the two fell in different blocks."""
    assert offered_as_one(written, typed)


def test_a_typo_in_a_long_name_is_similar_a_different_short_name_is_not():
    assert offered_as_one("Christina Lovelace", "Christine Lovelace")
    assert not offered_as_one("Ann Lee", "Ben Lee")
    assert not offered_as_one("", "")



def test_a_group_inside_a_dismissed_group_and_single_uids_are_dropped():
    assert compact_dismissed([["a"], ["b", "b"], ["c", "d", "e"], ["d", "c"]]) == [
        ["c", "d", "e"]]
    # two pairs sharing a person that are not every pair of the three stay pairs
    assert compact_dismissed([["a", "b"], ["b", "c"]]) == [["a", "b"], ["b", "c"]]
    assert compact_dismissed([["a", "b"], ["b", "c"], ["a", "c"]]) == [["a", "b", "c"]]
    # a bigger group overlapping a smaller one keeps both
    assert compact_dismissed([["a", "b", "c"], ["c", "d"]]) == [["a", "b", "c"], ["c", "d"]]


def test_the_shared_number_is_shown_as_the_first_contact_typed_it():
    people = [Person(1, "u1", "Ann", phones=["ext 1", "+44 20 7946 0000"]),
              Person(2, "u2", "Bo", phones=["020 7946 0000"])]
    assert find_groups(people) == [Group([1, 2], ["same phone +44 20 7946 0000"])]


def test_one_reason_is_said_once_and_groups_with_more_reasons_come_first():
    people = [Person(1, "u1", "Ann Lee", "Acme", ["a@x", "A@X "], ["020 7946 0000"]),
              Person(2, "u2", "Ann Lee", "Acme", ["a@x"], ["+44 20 7946 0000"]),
              Person(3, "u3", "Bo", "", ["b@x"]), Person(4, "u4", "Cy", "", ["b@x"])]
    assert find_groups(people) == [
        Group([1, 2], ["same e-mail a@x", "same phone 020 7946 0000",
                       "similar name at Acme"]),
        Group([3, 4], ["same e-mail b@x"]),
    ]


def test_groups_with_as_many_reasons_are_in_order_of_their_members():
    people = [Person(5, "u5", "E", emails=["e@x"]), Person(6, "u6", "F", emails=["e@x"]),
              Person(1, "u1", "A", emails=["a@x"]), Person(2, "u2", "B", emails=["a@x"])]
    assert [g.ids for g in find_groups(people)] == [[1, 2], [5, 6]]


def test_the_organisation_is_compared_folded_and_named_as_typed():
    people = [Person(1, "u1", "John Smith", " ACME "),
              Person(2, "u2", "Jon Smith", "acme")]
    assert find_groups(people) == [Group([1, 2], ["similar name at ACME"])]


def test_a_nameless_contact_is_never_matched_by_name():
    people = [Person(1, "u1", "", "Acme"), Person(2, "u2", " . ", "Acme")]
    assert find_groups(people) == []


def test_a_block_too_big_to_compare_pairwise_matches_exact_names_only(monkeypatch):
    """Past the block size (or the comparison budget) only the very same name is
    offered, so the time stays bounded; still with the organisation named."""
    people = [Person(1, "u1", "John Smith", "Acme"), Person(2, "u2", "Jon Smith", "Acme"),
              Person(3, "u3", "John Smith", "Acme")]
    assert [g.ids for g in find_groups(people)] == [[1, 2, 3]]
    monkeypatch.setattr(duplicates, "MAX_BLOCK", 2)
    assert find_groups(people) == [Group([1, 3], ["same name at Acme"])]
    monkeypatch.setattr(duplicates, "MAX_BLOCK", 3)
    assert [g.ids for g in find_groups(people)] == [[1, 2, 3]]
    monkeypatch.setattr(duplicates, "MAX_COMPARISONS", 2)
    assert find_groups(people) == [Group([1, 3], ["same name at Acme"])]
    monkeypatch.setattr(duplicates, "MAX_COMPARISONS", 3)
    assert [g.ids for g in find_groups(people)] == [[1, 2, 3]]


def test_the_comparison_budget_is_spent_across_blocks(monkeypatch):
    people = [Person(1, "u1", "John Smith", "Acme"), Person(2, "u2", "Jon Smith", "Acme"),
              Person(3, "u3", "Ann Berg", "Acme"), Person(4, "u4", "Anne Berg", "Acme")]
    assert len(find_groups(people)) == 2
    monkeypatch.setattr(duplicates, "MAX_COMPARISONS", 1)
    assert len(find_groups(people)) == 1  # the second block found no budget left


def test_a_contact_alone_in_its_block_or_its_address_is_in_no_group():
    people = [Person(1, "u1", "Ann Lee", "Acme", ["a@x"]),
              Person(2, "u2", "Bo Berg", "Acme", ["b@x"])]
    assert find_groups(people) == []


def test_members_of_one_dismissal_are_not_linked_but_each_still_joins_others():
    people = [Person(i, f"u{i}", f"P{i}", emails=["s@x"]) for i in (1, 2, 3, 4)]
    assert [g.ids for g in find_groups(people, [["u1", "u2"], ["u3", "u4"]])] == [
        [1, 2, 3, 4]]
    assert find_groups(people, [["u1", "u2", "u3", "u4"]]) == []
    assert [g.ids for g in find_groups(people, [["u1", "u2", "u3"]])] == [[1, 2, 3, 4]]


def test_a_middle_name_more_on_either_side_is_one_person():
    """Matched by word count, not by alphabet: "Anne Marie Smith" / "Marie Smith"."""
    assert offered_as_one("Anne Marie Smith", "Marie Smith")
    assert offered_as_one("Marie Smith", "Anne Marie Smith")


def test_a_full_first_name_is_not_matched_by_any_initial():
    assert not offered_as_one("John Smith", "K. X. Smith")


def test_names_of_the_same_letters_in_another_order_are_two_people():
    assert not offered_as_one("Nora Lind", "Lina Dorn")


def test_a_typo_in_a_very_long_name_is_still_a_typo():
    """From 200 characters (the longest name a contact may have) difflib's "autojunk"
    would drop the common letters and miss the match; the comparison keeps them."""
    words = ("qfviu jowkppda mknzg dixqg nahameb fowqvnrh zwqohqua vszkvu bxjegb ccjjx "
             "nsie rbs gsofywtqb gldgsv sgpdvm qpakt mjafgkzsz kngi dmrlvrpy hcxbcef rgiy "
             "tqilk djhty pesrydkb cmzeek tsz csrhsc ljsrd idzbja")
    typo = words.replace("bxjegb", "bzjegb").replace("tqilk", "tnilk")
    assert len(words) == 200 and offered_as_one(words, typo)


def test_exactly_the_similarity_threshold_counts_as_similar():
    # 17 shared letters of 17 + 23: every ratio is exactly 2 * 17 / 40 = 0.85
    assert offered_as_one("a" * 17, "a" * 17 + "b" * 6)
    assert not offered_as_one("a" * 17, "a" * 17 + "b" * 7)


def test_a_typo_in_the_last_name_is_still_compared():
    people = [Person(1, "u1", "John Smith", "Acme"), Person(2, "u2", "John Smyth", "Acme")]
    assert [g.ids for g in find_groups(people)] == [[1, 2]]


def test_a_dismissed_pair_of_similar_names_is_not_offered_again():
    people = [Person(1, "u1", "John Smith", "Acme"), Person(2, "u2", "Jon Smith", "Acme")]
    assert find_groups(people, [["u1", "u2"]]) == []


def test_a_block_of_one_does_not_stop_the_blocks_after_it():
    people = [Person(1, "u1", "Ann Lee", "Acme"), Person(2, "u2", "John Smith", "Acme"),
              Person(3, "u3", "Jon Smith", "Acme")]
    assert [g.ids for g in find_groups(people)] == [[2, 3]]


def test_every_pair_of_a_block_is_compared():
    people = [Person(1, "u1", "John Smith", "Acme"), Person(2, "u2", "Ann Smart", "Acme"),
              Person(3, "u3", "Jon Smith", "Acme"), Person(4, "u4", "Bo Smol", "Acme")]
    assert [g.ids for g in find_groups(people)] == [[1, 3]]


def test_grouping_long_chains_finishes_in_bounded_time():
    """Each member's group is found by walking up to its root, never by looping on one."""
    import signal

    def too_long(*_args: object) -> None:
        raise TimeoutError("grouping did not finish")

    people = [Person(i, f"u{i}", f"P{i}", emails=[f"{i}@x", f"{i + 1}@x"])
              for i in range(40)]
    chain = [[f"u{i}", f"u{i + 1}"] for i in range(40)]
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.setitimer(signal.ITIMER_REAL, 5)
    try:
        groups = find_groups(people)
        compact = compact_dismissed(chain)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert [g.ids for g in groups] == [list(range(40))]
    assert compact == sorted(sorted(pair) for pair in chain)


def test_a_block_matched_by_exact_name_does_not_stop_the_blocks_after_it():
    people = [Person(1, "u1", "Jane Doe"), Person(2, "u2", "Jane Doe"),
              Person(3, "u3", "John Smith", "Acme"), Person(4, "u4", "Jon Smith", "Acme")]
    assert find_groups(people) == [Group([1, 2], ["same name"]),
                                   Group([3, 4], ["similar name at Acme"])]
