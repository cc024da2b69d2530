"""Merging contacts in the store: everything moves, one transaction, undo is exact."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from relmanager.domain.limits import MAX_TAGS
from relmanager.domain.reciprocity import Exchange
from relmanager.store import contacts, duplicates, merge, reciprocity
from relmanager.store.errors import StoreError
from relmanager.store.models import (
    Channel,
    Contact,
    FollowUp,
    Interaction,
    Introduction,
    StageChange,
    database,
)
from tests.store.merge_fixture import dump, plan_merge, two_annas


def _emails(contact_id: int) -> list[str]:
    return [e.email for e in contacts.get_contact(contact_id).emails]


def test_every_related_row_moves_to_the_survivor(db, clock):
    p = two_annas(clock)
    own = {m: m.select().where(m.contact == p.anna2).count()
           for m in (Interaction, StageChange, FollowUp)}
    plan = plan_merge([p.anna2, p.anna])
    assert plan.survivor == p.anna  # more interactions, older
    merge.merge_contacts(clock, plan)

    assert Contact.get_or_none(Contact.id == p.anna2) is None
    for model in (Interaction, StageChange, FollowUp):
        assert model.select().where(model.contact == p.anna2).count() == 0
    # every interaction moved but anna2's share of the dinner anna was at too
    assert Interaction.select().where(Interaction.contact == p.anna).count() == 3 + own[
        Interaction] - 1
    # anna2's moves (not its first placement) plus the merge's own move to her stage
    history = StageChange.select().where(StageChange.contact == p.anna)
    assert history.count() == 1 + (own[StageChange] - 1) + 1
    assert history.where(StageChange.from_stage.is_null()).count() == 1
    assert FollowUp.select().where(FollowUp.contact == p.anna).count() == 1 + own[FollowUp]
    photos = FollowUp.get(FollowUp.title == "photos")
    assert photos.contact_id == p.anna and photos.interaction_id == p.shared_event[0]
    # reciprocity comes with the interactions
    assert reciprocity.ever(p.anna).asks == 1 and reciprocity.ever(p.anna).gives == 1
    # introductions: anna2's become anna's; those only between the two records go
    intros = list(Introduction.select())
    assert [(i.requester_id, i.target_id, i.introducer_id) for i in intros] == [
        (p.anna, p.carl, None)]
    assert Contact.get_by_id(p.carl).introduced_by_id == p.anna
    # lists: a union without repeats (case, phone formats)
    assert _emails(p.anna) == ["anna@acme.example", "anna@home.example"]
    phones = [ph.number for ph in contacts.get_contact(p.anna).phones]
    assert phones == ["+44 20 7946 0000", "+46 70 123 45 67"]
    assert [lk.url for lk in contacts.get_contact(p.anna).links] == [
        "https://linkedin.example/in/anna"]
    assert contacts.tags_of(p.anna) == ["climbing", "parents"]
    survivor = Contact.get_by_id(p.anna)
    # defaults: own name, an empty field filled, notes joined, furthest stage, both spheres
    assert survivor.display_name == "Anna Berg" and survivor.title == "Engineer"
    assert survivor.notes == "Met at the meetup.\n\nHas two kids."
    assert survivor.stage == "friendship" and survivor.sphere == "both"
    assert survivor.last_interaction_at is not None and "kids" in survivor.search_text


def test_chosen_values_win(db, clock):
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2], keep=p.anna2)
    plan.values["name"] = ("Anna Berg", "Anna", "Berg")
    plan.values["notes"] = "Has two kids."
    plan.values["met_on"] = date(2025, 5, 1)
    merge.merge_contacts(clock, plan)
    kept = Contact.get_by_id(p.anna2)
    assert (kept.display_name, kept.first_name, kept.last_name) == ("Anna Berg", "Anna", "Berg")
    assert kept.notes == "Has two kids." and kept.met_on == date(2025, 5, 1)
    assert Contact.get_or_none(Contact.id == p.anna) is None
    assert _emails(p.anna2)[0] == "anna@acme.example"


def test_undo_restores_every_row_exactly_and_redo_repeats(db, clock):
    p = two_annas(clock)
    before = dump()
    record = merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    assert dump() != before
    merge.undo_merge(record)
    assert dump() == before
    again = merge.redo_merge(clock, record)
    assert Contact.get_or_none(Contact.id == p.anna2) is None
    merge.undo_merge(again)
    assert dump() == before


def test_a_failed_merge_changes_nothing(db, clock):
    p = two_annas(clock)
    contacts.add_tags([p.anna], [f"t{n}" for n in range(MAX_TAGS - 1)])
    contacts.add_tags([p.anna2], [f"u{n}" for n in range(5)])
    before = dump()
    with pytest.raises(StoreError, match="tags"):
        merge.merge_contacts(clock, plan_merge([p.anna, p.anna2]))
    assert dump() == before


def test_merging_needs_two_existing_contacts(db, clock):
    p = two_annas(clock)
    with pytest.raises(ValueError, match="two different"):
        plan_merge([p.anna, p.anna])
    with pytest.raises(StoreError, match="no contact"):
        plan_merge([p.anna, 9999])


def test_dismissed_pairs_are_not_offered_again(db, clock):
    p = two_annas(clock)
    contacts.create_contact(clock, "Bo Lind", emails=["bo@x.example"])
    groups = duplicates.find()
    assert [g.ids for g in groups] == [[p.anna, p.anna2]]
    assert any("same e-mail anna@acme.example" in r for r in groups[0].reasons)
    pairs = duplicates.dismiss([p.anna, p.anna2])
    assert duplicates.find() == []
    duplicates.undismiss(pairs)
    assert [g.ids for g in duplicates.find()] == [[p.anna, p.anna2]]


READER = textwrap.dedent("""
    import sqlite3, sys, time, pathlib
    path, anna, anna2, stop, ready = sys.argv[1:]
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    seen = {}
    while not pathlib.Path(stop).exists():
        row = con.execute(
            "SELECT (SELECT count(*) FROM contact WHERE id = ?),"
            " (SELECT count(*) FROM interaction WHERE contact_id = ?),"
            " (SELECT count(*) FROM contact_email WHERE contact_id = ?),"
            " (SELECT count(*) FROM follow_up WHERE contact_id = ?)",
            (anna2, anna, anna, anna)).fetchone()
        seen[row] = seen.get(row, 0) + 1

        pathlib.Path(ready).touch()
    print(repr(seen))
""")


def test_a_second_process_never_sees_half_a_merge(db, clock, db_path, tmp_path):
    p = two_annas(clock)
    email = Channel.get(Channel.key == "email")
    now = clock.now()
    rows = [{"contact": p.anna2, "occurred_at": now, "channel": email,
             "exchange": Exchange.NEUTRAL.value, "created_at": now} for _ in range(20_000)]
    with database.atomic():
        for start in range(0, len(rows), 500):
            Interaction.insert_many(rows[start:start + 500]).execute()
    stop, ready = tmp_path / "stop", tmp_path / "ready"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db_path), str(p.anna), str(p.anna2), str(stop),
         str(ready)], stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2], keep=p.anna))
    took = time.monotonic() - started
    time.sleep(0.2)
    stop.touch()
    out, _err = reader.communicate(timeout=20)
    seen = eval(out)  # the reader's own repr of a dict of tuples
    states = set(seen)
    before = (1, 3, 1, 1)
    after = (0, 3 + 20_001, 2, 3)
    assert states == {before, after}, (states, took)
    assert sum(seen.values()) > 50  # it really read all along


def test_store_guards_what_a_plan_cannot_mean(db, clock):
    p = two_annas(clock)
    plan = plan_merge([p.anna, p.anna2])
    plan.values["introduced_by"] = p.anna2  # introduced by herself, once merged
    merge.merge_contacts(clock, plan)
    assert Contact.get_by_id(p.anna).introduced_by_id is None
    stale = plan_merge([p.anna, p.carl])
    contacts.create_contact(clock, "Someone")
    from relmanager.store.snapshots import delete_contacts

    delete_contacts([p.carl])
    with pytest.raises(StoreError, match="no longer exists"):
        merge.merge_contacts(clock, stale)


def test_an_event_both_merged_away_records_were_at_is_kept_once(db, clock):
    from relmanager.store.activity import log_interaction

    p = two_annas(clock)
    third = contacts.create_contact(clock, "A. Berg", organisation="Acme").id
    event = log_interaction(clock, [p.anna2, third], "video")
    merge.merge_contacts(clock, plan_merge([p.anna, p.anna2, third], keep=p.anna))
    shares = Interaction.select().where(Interaction.group_key == Interaction.get_by_id(
        event.interaction_ids[0]).group_key)
    assert [i.contact_id for i in shares] == [p.anna]


def test_duplicates_reading_options(db, clock):
    p = two_annas(clock)
    contacts.set_archived(clock, [p.anna2], True)
    assert [x.id for x in duplicates.people(include_archived=False)] == [p.anna, p.carl]
    assert duplicates.find(cancelled=lambda: True) == []
    assert duplicates.dismiss([p.anna, p.anna2]) != []
    assert duplicates.dismiss([p.anna2, p.anna]) == (None, [])  # already remembered
