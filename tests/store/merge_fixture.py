"""Two records of one person (Anna twice) with something of every kind attached, and a
third person around them, for the merge tests of the store, the CLI and the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from relmanager.domain import merging
from relmanager.domain.clock import FakeClock
from relmanager.domain.stages import Stage
from relmanager.store import activity, contacts, follow_ups, introductions, merge
from relmanager.store.models import database


@dataclass
class People:
    anna: int  # the older record, with more history: the default survivor
    anna2: int  # the same person under her private address
    carl: int  # someone else, introduced by the second record
    shared_event: list[int]  # the one dinner both records were logged at


def two_annas(clock: FakeClock) -> People:
    anna = contacts.create_contact(
        clock, "Anna Berg", emails=["anna@acme.example"], phones=["+44 20 7946 0000"],
        organisation="Acme", title="", stage=Stage.RECOGNITION, tags=["climbing"],
        notes="Met at the meetup.", sphere="business").id
    clock.advance(timedelta(days=1))
    anna2 = contacts.create_contact(
        clock, "Anna Berg-Olsen", emails=["ANNA@acme.example", "anna@home.example"],
        phones=["020 7946 0000", "+46 70 123 45 67"],
        links=[("linkedin", "https://linkedin.example/in/anna")],
        organisation="Acme", title="Engineer", stage=Stage.DEVELOPMENT,
        tags=["climbing", "parents"], notes="Has two kids.", sphere="personal").id
    carl = contacts.create_contact(clock, "Carl Nyström", stage=Stage.ENCOUNTER,
                                   introduced_by=anna2).id
    clock.advance(timedelta(days=1))
    activity.log_interaction(clock, [anna], "email", exchange="give")
    activity.log_interaction(clock, [anna], "phone")
    activity.log_interaction(clock, [anna2], "one_on_one", exchange="ask",
                             follow_up=("send the paper", clock.now() + timedelta(days=3)))
    dinner = activity.log_interaction(clock, [anna, anna2, carl], "meeting",
                                      follow_up=("thank-you note",
                                                 clock.now() + timedelta(days=1)))
    # the dinner's follow-up is anna's; one of anna2's own points at her share too
    with database.atomic():
        follow_ups.create_follow_up(clock, anna2, "photos", clock.now() + timedelta(days=2))
        from relmanager.store.models import FollowUp

        FollowUp.update(interaction=dinner.interaction_ids[1]).where(
            FollowUp.title == "photos").execute()
    activity.move_stage(clock, [anna2], Stage.FRIENDSHIP)
    introductions.create_introduction(clock, requester_id=anna2, target_id=carl)
    introductions.create_introduction(clock, requester_id=carl, target_id=anna,
                                      introducer_id=anna2)  # anna twice after a merge: goes
    introductions.create_introduction(clock, requester_id=anna, target_id=anna2)
    return People(anna, anna2, carl, dinner.interaction_ids)


def dump() -> dict[str, list[tuple]]:
    """Every row of every table (rowid order): equal dumps mean equal databases."""
    tables = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    virtual = [name for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    # A search index is compared by what it holds, not by its internal segments.
    shadow = {v + suffix for v in virtual
              for suffix in ("_data", "_idx", "_docsize", "_config", "_content")}
    found = {name: sorted(database.execute_sql(f'SELECT rowid, * FROM "{name}"'
                                              if name in virtual else
                                              f'SELECT * FROM "{name}"'), key=repr)
            for name in tables if name not in shadow}
    # A sum that fell to zero is the same as no sum (the rollup keeps such rows).
    found["interaction_rollup"] = [r for r in found.get("interaction_rollup", []) if r[5]]
    return found


def plan_merge(contact_ids: list[int], keep: int | None = None) -> merging.Plan:
    """The default merge of these contacts, as the command line and the merge dialog
    start from it (their candidates read by the store, the plan by the domain rules)."""
    return merging.default_plan(merge.candidates(contact_ids), keep)
