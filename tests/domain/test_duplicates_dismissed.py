"""Dismissed groups (issue 22, item 18): what is left of a group after a dismissal is
still offered, exactly as linking every pair that shares a value would say."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from relmanager.domain.duplicates import Person, compact_dismissed, find_groups


def _person(i: int, emails: list[str]) -> Person:
    return Person(i, f"u{i}", f"Person{i} Q{i}x", "", tuple(emails))


def test_a_dismissed_pair_leaves_the_rest_of_the_group():
    people = [_person(i, ["same@example.org"]) for i in (1, 2, 3)]
    assert [g.ids for g in find_groups(people)] == [[1, 2, 3]]
    # A-B are two people; both are still the same as C, so all three stay one group.
    assert [g.ids for g in find_groups(people, [["u1", "u2"]])] == [[1, 2, 3]]
    # A-B and A-C dismissed: B-C are left, A is alone.
    assert [g.ids for g in find_groups(people, [["u1", "u2"], ["u1", "u3"]])] == [[2, 3]]
    # The whole group dismissed: nothing; a fourth with the address brings them back.
    assert find_groups(people, [["u1", "u2", "u3"]]) == []
    more = [*people, _person(4, ["same@example.org"])]
    assert [g.ids for g in find_groups(more, [["u1", "u2", "u3"]])] == [[1, 2, 3, 4]]


def _brute_force(people: list[Person], dismissed: list[list[str]]) -> set[tuple[int, ...]]:
    refused = {frozenset(p) for group in dismissed for p in combinations(group, 2)}
    parent = {p.id: p.id for p in people}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in combinations(people, 2):
        if {e.casefold() for e in a.emails} & {e.casefold() for e in b.emails} \
                and frozenset((a.uid, b.uid)) not in refused:
            parent[root(a.id)] = root(b.id)
    groups: dict[int, list[int]] = {}
    for p in people:
        groups.setdefault(root(p.id), []).append(p.id)
    return {tuple(sorted(ids)) for ids in groups.values() if len(ids) > 1}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a@x", "b@x", "c@x", "d@x"]), max_size=2),
                min_size=2, max_size=9),
       st.lists(st.lists(st.integers(0, 8), min_size=2, max_size=5, unique=True),
                max_size=4))
def test_groups_are_the_components_of_every_pair_not_dismissed(addresses, dismissals):
    people = [_person(i, emails) for i, emails in enumerate(addresses)]
    dismissed = [[f"u{i}" for i in group if i < len(people)] for group in dismissals]
    dismissed = [g for g in dismissed if len(g) > 1]
    found = {tuple(g.ids) for g in find_groups(people, dismissed)}
    assert found == _brute_force(people, dismissed)
    # Pairs stored by older versions say the same as their groups.
    as_pairs = [list(p) for group in dismissed for p in combinations(group, 2)]
    assert {tuple(g.ids) for g in find_groups(people, as_pairs)} == found


def test_old_pairs_compact_into_their_group_and_compaction_is_idempotent():
    group = [f"u{i}" for i in range(60)]
    pairs = [[a, b] for a, b in combinations(group, 2)] + [["x1", "x2"], ["x2", "x3"]]
    compact = compact_dismissed(pairs)
    assert compact == sorted([sorted(group), ["x1", "x2"], ["x2", "x3"]])
    assert compact_dismissed(compact) == compact
    assert compact_dismissed([*compact, group[:10]]) == compact  # inside one: goes
