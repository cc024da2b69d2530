"""The network's arrays (relmanager.domain.network_graph) at the edges mutmut found
untested: a view that keeps nobody, and what each accessor answers there."""

from __future__ import annotations

import pytest

from relmanager.domain.network import Edge, RelationKind, build_network


def _network():
    return build_network({1: 0.5, 2: 0.8, 3: 0.3}, [Edge(1, 2, RelationKind.FRIEND)],
                         {1: "Acme", 3: "Acme"})


def test_a_view_that_keeps_nobody_has_no_ties_and_no_strongest():
    nobody = _network().restricted(set())
    assert (len(nobody.ties), list(nobody.ties), list(nobody.ties.pairs())) == (0, [], [])
    assert nobody.ties.strongest == 0.0
    assert build_network({}, [], {}).ties.strongest == 0.0


def test_a_missing_tie_names_the_contact_asked_for():
    network = _network()
    for ties, missing in ((network.ties, 4), (network.restricted({1}).ties, 2)):
        with pytest.raises(KeyError) as raised:
            ties[missing]
        assert raised.value.args == (missing,)


def test_the_first_person_by_id_is_in_the_network():
    network = _network()
    assert 1 in network and network.index(1) == 0
    assert 1 in network.restricted({2})  # a view keeps every node


def test_a_view_keeps_the_hub_steps_and_every_edge():
    network = _network()
    kept = network.restricted({1})
    assert kept.hub_step == network.hub_step is not None
    assert list(kept.edges()) == list(network.edges())
    assert list(kept.adjacent(kept.index(3))) == list(network.adjacent(network.index(3)))


def test_the_edge_count_is_a_whole_number():
    """bench/bench_graph.py prints it with ``:,``: 3.0 read "3.0 edges"."""
    assert f"{_network().number_of_edges():,}" == "3"
