"""Reciprocity figures against a known set of interactions: the last year counted in SQL,
all-time figures, the balance line, the list's give/take column, balance sort and the
"people I only take from" filter, and the advice lines before an ask."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.reciprocity import Balance, ask_advice
from relmanager.domain.stages import Stage
from relmanager.store import queries, reciprocity
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact

#: (days ago, exchange) for Ana: three gives, an ask and a receive inside the year, one
#: give and one ask outside it, a neutral chat, and one exactly a year ago (outside).
ANA_LOG = [(10, "give"), (20, "give"), (30, "give"), (100, "ask"), (364, "receive"),
           (5, "neutral"), (365, "give"), (366, "give"), (400, "ask")]


@pytest.fixture
def people(db, clock) -> dict[str, int]:
    ids = {name: create_contact(clock, name, stage=Stage.DEVELOPMENT).id
           for name in ("Ana", "Ben", "Cy", "Dee")}
    now = clock.now()
    for days, exchange in ANA_LOG:
        log_interaction(clock, [ids["Ana"]], "phone", exchange=exchange,
                        occurred_at=now - timedelta(days=days))
    for exchange in ("ask", "ask", "receive"):  # Ben: only taken from
        log_interaction(clock, [ids["Ben"]], "email", exchange=exchange)
    log_interaction(clock, [ids["Cy"]], "email", exchange="neutral")  # Cy: nothing owed
    return ids


def test_last_year_counts_only_the_past_365_days(people, clock):
    year = reciprocity.last_year(people["Ana"], clock.now())
    assert year == Balance(gives=3, asks=1, receives=1, neutral=1)
    assert (year.takes, year.net, year.total) == (2, 1, 6)
    assert year.describe() == "You have given 1 more than you took"
    assert reciprocity.ever(people["Ana"]) == Balance(gives=5, asks=2, receives=1, neutral=1)
    clock.advance(days=40)  # the gives 10-30 days ago are still in; the receive falls out
    assert reciprocity.last_year(people["Ana"], clock.now()) == Balance(3, 1, 0, 1)


def test_balance_lines(people, clock):
    now = clock.now()
    assert reciprocity.last_year(people["Ben"], now).describe() == (
        "You have taken 3 more than you gave")
    assert reciprocity.last_year(people["Cy"], now).describe() == "No gives or asks yet"
    assert reciprocity.last_year(people["Dee"], now) == Balance()
    assert Balance(gives=2, asks=1, receives=1).describe() == "Balanced"


def test_list_column_sort_and_only_take_filter(people, clock):
    rows = queries.rows_for(list(people.values()))
    assert rows[people["Ana"]]["give_take"] == 5 - 3
    assert rows[people["Ben"]]["give_take"] == -3
    assert rows[people["Dee"]]["give_take"] is None
    ordered = queries.contact_ids(queries.ContactFilter(), clock.now(), queries.SortKey.BALANCE)
    assert ordered[0] == people["Ben"] and ordered.index(people["Ana"]) > ordered.index(
        people["Cy"])
    only = queries.ContactFilter(extra=[queries.only_takes_condition()])
    assert queries.contact_ids(only, clock.now()) == [people["Ben"]]
    log_interaction(clock, [people["Ben"]], "email", exchange="give")
    assert queries.contact_ids(only, clock.now()) == []


@pytest.mark.parametrize("stage", [Stage.INBOX, Stage.ENCOUNTER, Stage.RECOGNITION])
def test_advice_before_asking_someone_barely_met(stage):
    line = ask_advice(stage, Balance(gives=9))
    assert line is not None and f"still at {stage.label.lower()}" in line
    assert "offering something first" in line


def test_advice_for_never_given_and_for_a_heavy_taker(people, clock):
    now = clock.now()
    ben = reciprocity.last_year(people["Ben"], now)
    assert "never logged a give" in ask_advice(Stage.FRIENDSHIP, ben)
    taker = Balance(gives=1, asks=3, receives=1)
    assert ask_advice(Stage.FRIENDSHIP, taker) == (
        "You have taken 3 more than you gave: consider giving before asking again.")
    assert ask_advice(Stage.FRIENDSHIP, reciprocity.last_year(people["Ana"], now)) is None
