"""The network at its bounds, as the Network page and `relmanager paths`/`ideas` show it:
the page draws the 2,000 strongest ties and the edges among them only; an organisation
joins at most 25 of its people directly; organisation names fold case and spaces; an idea
needs a tag shared by few enough people (at least 10, 5% of those known, at most 50) and
a tie of at least 0.3 with each; five ways in by default, the weakest path still warm."""

from __future__ import annotations

import math

import pytest

from relmanager.domain.network import (
    HUB_STEP,
    KIND_STRENGTH,
    ME,
    DerivedKind,
    Edge,
    RelationKind,
    build_network,
    ego_network,
    introduction_ideas,
    organisation_node,
)
from relmanager.domain.warm_paths import warm_paths


def test_the_page_draws_the_2000_strongest_ties_and_only_edges_among_them():
    ties = {n: 0.2 + n / 10_000 for n in range(1, 2002)}  # 2,001 people, 1 the weakest
    net = build_network(ties, [Edge(1, 2, RelationKind.FRIEND), Edge(2, 3, RelationKind.KNOWS)])
    ego = ego_network(net)
    assert len(ego.nodes) == 2001 and 1 not in ego.nodes and ME in ego.nodes
    assert not ego.has_edge(1, 2)  # to someone not drawn: left out
    edges = {pair: data for a, b, data in ego.edges() for pair in ((a, b), (b, a))}
    assert edges[2, 3] == {"strength": KIND_STRENGTH[RelationKind.KNOWS],
                               "kinds": (RelationKind.KNOWS,)}
    assert edges[ME, 2001] == {"strength": ties[2001], "kinds": ("you",)}
    assert len(list(ego.edges())) == 2000 + 1


def test_an_organisation_joins_at_most_25_of_its_people_directly():
    ties = dict.fromkeys(range(1, 31), 0.5)
    orgs = dict.fromkeys(range(1, 31), "Acme") | {1: "Other"}
    net = build_network(ties, [Edge(2, 3, RelationKind.PARTNER)], orgs)
    ego = ego_network(net)
    edges = {pair: data for a, b, data in ego.edges() for pair in ((a, b), (b, a))}
    between = {(a, b) for a, b, _ in ego.edges() if ME not in (a, b)}
    members = list(range(2, 27))  # the first 25 by id of Acme's 29
    assert between == {(a, b) for a in members for b in members if a < b}
    assert edges[2, 3]["kinds"] == (RelationKind.PARTNER,)  # the user's word kept
    assert edges[4, 5] == {"strength": KIND_STRENGTH[DerivedKind.SAME_ORGANISATION],
                               "kinds": (DerivedKind.SAME_ORGANISATION,)}


def test_organisation_names_fold_case_and_spaces_and_blank_is_none():
    assert organisation_node("  Acme   Corp ") == "org:acme corp"
    assert organisation_node(" \t") is None
    net = build_network({1: 0.5, 2: 0.5, 3: 0.5}, [],
                        {1: "Acme Corp", 2: "acme  corp", 3: "", 9: "Acme Corp"})
    assert net.members("org:acme corp") == [1, 2]  # 9 is not in the network
    assert net.hub(1) == net.hub(2) == "org:acme corp" and net.hub(3) is None
    assert net.neighbours(3) == [] and "org:acme corp" in net and 9 not in net
    [*_, (a, hub, step)] = net.edges()
    assert (a, hub) == (2, "org:acme corp") and net.number_of_edges() == 2
    assert step.strength == pytest.approx(math.sqrt(0.3)) == HUB_STEP
    assert step.cost == pytest.approx(-math.log(HUB_STEP))
    assert step.kinds == (DerivedKind.SAME_ORGANISATION,)
    [path] = warm_paths(net, 2)
    assert path.nodes == (ME, 1, 2) and path.strengths == (0.5, pytest.approx(0.3))


def test_an_edge_costs_minus_the_log_of_its_strength():
    net = build_network({1: 0.5, 2: 0.5}, [Edge(1, 2, RelationKind.FRIEND)])
    assert net.edge(1, 2).cost == pytest.approx(-math.log(0.8))


def test_five_ways_in_by_default_each_with_its_own_introducer():
    ties = {n: 0.3 + n / 100 for n in range(1, 8)} | {99: 0.1}
    net = build_network(ties, [Edge(n, 99, RelationKind.FRIEND) for n in range(1, 8)])
    paths = warm_paths(net, 99)
    assert [p.introducer for p in paths] == [7, 6, 5, 4, 3]
    assert [p.strength for p in paths] == sorted((p.strength for p in paths), reverse=True)
    assert warm_paths(net, 99, k=2)[1].introducer == 6


def test_a_path_just_above_three_percent_is_still_warm():
    # 0.1 * 0.45 * 0.7 = 3.15%: two steps after a weak tie, still offered.
    net = build_network({1: 0.1, 2: 0.5, 3: 0.5},
                        [Edge(1, 2, RelationKind.KNOWS), Edge(2, 3, DerivedKind.MET_TOGETHER,
                                                                count=7)])
    paths = warm_paths(net, 3)
    assert [p.nodes for p in paths] == [(ME, 2, 3), (ME, 1, 2, 3)]
    assert paths[1].strength == pytest.approx(0.1 * 0.45 * 0.7)
    weaker = build_network({1: 0.09, 2: 0.5, 3: 0.5},  # 2.8%: not warm
                           [Edge(1, 2, RelationKind.KNOWS),
                            Edge(2, 3, DerivedKind.MET_TOGETHER, count=7)])
    assert [p.nodes for p in warm_paths(weaker, 3)] == [(ME, 2, 3)]


def _ideas_for(known: int, sharing: int, **kwargs):
    """``known`` people tied at 0.5 with a tag each; the first ``sharing`` also share
    "#shared" (and nothing else in common)."""
    ties = dict.fromkeys(range(1, known + 1), 0.5)
    ground = {n: frozenset({f"#own{n}"} | ({"#shared"} if n <= sharing else set()))
              for n in ties}
    return introduction_ideas(build_network(ties, []), ground, **kwargs)


@pytest.mark.parametrize(("known", "sharing", "suggested"), [
    (20, 10, True), (20, 11, False),  # the floor: 10 people may share a tag
    (400, 20, True), (400, 21, False),  # 5% of those known
    (2000, 50, True), (2000, 51, False),  # never more than 50
])
def test_a_tag_shared_by_too_many_suggests_nothing(known, sharing, suggested):
    assert bool(_ideas_for(known, sharing)) is suggested


def test_ideas_need_a_tie_of_03_with_each_and_stop_at_the_limit():
    ties = {1: 0.3, 2: 0.3, 3: 0.29, 4: 0.9}
    ground = dict.fromkeys(ties, frozenset({"#jazz"}))
    ideas = introduction_ideas(build_network(ties, []), ground)
    assert [(i.a, i.b) for i in ideas] == [(1, 4), (2, 4), (1, 2)]  # 3 is below 0.3
    assert len(_ideas_for(20, 10)) == 20  # 45 pairs share the tag: 20 shown
    assert len(_ideas_for(20, 10, limit=3)) == 3


def test_an_edge_to_someone_outside_does_not_drop_the_edges_after_it():
    net = build_network({1: 0.5, 2: 0.5}, [Edge(1, 77, RelationKind.FRIEND),
                                            Edge(2, 2, RelationKind.KNOWS),
                                            Edge(1, 2, RelationKind.COLLEAGUE)])
    assert [(a, b) for a, b, _ in net.edges()] == [(1, 2)]


def test_ideas_rank_by_how_well_the_user_knows_both():
    ties = {1: 0.9, 2: 0.35, 3: 0.8}
    ground = dict.fromkeys(ties, frozenset({"#jazz"}))
    ideas = introduction_ideas(build_network(ties, []), ground)
    assert [(i.a, i.b) for i in ideas] == [(1, 3), (1, 2), (2, 3)]  # .72, .315, .28


def test_ideas_still_come_when_the_pairs_reach_their_ceiling():
    """200 tags of 50 people each make 245,000 pairs: the count stops at the ceiling and
    the best ideas among those counted are still given."""
    ties = dict.fromkeys(range(1, 10_001), 0.5)
    ground = {n: frozenset({f"#team{n % 200}"}) for n in ties}
    ideas = introduction_ideas(build_network(ties, []), ground, limit=5)
    assert len(ideas) == 5
    assert all(idea.common == (f"#team{idea.a % 200}",) and idea.a % 200 == idea.b % 200
               for idea in ideas)


def test_a_tag_too_common_to_count_does_not_hide_the_tags_after_it():
    ties = dict.fromkeys(range(1, 21), 0.5)
    ground = {n: frozenset({"#everyone"} if n <= 11 else {"#chess"} if n <= 13
                           else {f"#own{n}"}) for n in ties}  # "#everyone" is met first
    ideas = introduction_ideas(build_network(ties, []), ground)
    assert [(i.a, i.b, i.common) for i in ideas] == [(12, 13, ("#chess",))]


def test_only_meetings_together_add_up_a_friend_is_a_friend_however_often_said():
    """A count on an edge of any other kind (the same relation read from two cards)
    leaves its strength as the kind says; thirty meetings together reach 0.75."""
    assert Edge(1, 2, RelationKind.FRIEND, count=3).strength == KIND_STRENGTH[RelationKind.FRIEND]
    assert Edge(1, 2, DerivedKind.INTRODUCED, count=9).strength == 0.55
    assert Edge(1, 2, DerivedKind.MET_TOGETHER, count=2).strength == pytest.approx(0.45)
