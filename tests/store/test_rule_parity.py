"""Each rule lives once in ``domain/``; where SQL repeats it as a filter (the denormalised
due dates, cooling_at <= now, tracked stages, the fresh window, due before tomorrow), it
must give the domain's answer. Checked on a generated network at several moments, and
Today and the tray (which read the same lists) give the same answers there too."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

import pytest

from relmanager.domain.stages import BOARD_ORDER, Stage, cadence_for
from relmanager.domain.warmth import (
    TRACKED_STAGES,
    Warmth,
    anchor_of,
    due_dates,
    follow_up_due,
    fresh_encounter,
    is_tracked,
    meeting_day,
    warmth_at,
)
from relmanager.store import notification_state as state
from relmanager.store import today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, update_contact
from relmanager.store.follow_ups import create_follow_up, set_done
from relmanager.store.models import Contact, FollowUp
from relmanager.store.settings import stage_cadences

WINDOW = 7


@pytest.fixture
def network(db, clock):
    """~90 contacts in every stage (some archived, some with their own rhythm, some met
    without a date), interactions on the meeting day and after, follow-ups done and open."""
    rng = random.Random(21)
    start = clock.now()
    ids = []
    for n in range(90):
        recent = rng.random() < 0.4  # met in the last week: fresh at the first moments
        clock.set(start - timedelta(days=rng.randint(0, 7 if recent else 120),
                                    hours=rng.randint(0, 23)))
        stage = rng.choice(BOARD_ORDER + (Stage.ENCOUNTER,) * 3)
        met = None if rng.random() < 0.3 else (clock.now() - timedelta(
            days=rng.choice([0, 0, 1, 5, 30]))).date()
        contact = create_contact(clock, f"Person {n}", stage=stage, met_on=met,
                                 cadence_days=rng.choice([None, None, None, 5, 60]))
        ids.append(contact.id)
        if rng.random() < 0.5:  # the meeting itself, logged on the day
            log_interaction(clock, [contact.id], "one_on_one",
                            occurred_at=datetime.combine(met, time(12)) if met
                            and datetime.combine(met, time(12)) <= clock.now() else None)
        if rng.random() < 0.4:
            clock.advance(days=rng.randint(1, 10))
            log_interaction(clock, [contact.id], rng.choice(["email", "phone", "blog"]))
        if rng.random() < 0.3:
            follow = create_follow_up(clock, contact.id, "send it",
                                      clock.now() + timedelta(days=rng.randint(-3, 20),
                                                              hours=rng.randint(0, 23)))
            if rng.random() < 0.3:
                set_done(clock, follow.id)
        if rng.random() < 0.1:
            update_contact(clock, contact.id, archived=True)
        if rng.random() < 0.1:
            state.snooze("contact", str(contact.id), start + timedelta(days=rng.randint(1, 40)))
    # An encounter with its own short rhythm: cooling while still fresh (fresh wins).
    clock.set(start - timedelta(days=4))
    quick = create_contact(clock, "Quick Rhythm", stage=Stage.ENCOUNTER, cadence_days=3,
                           met_on=clock.now().date())
    ids.append(quick.id)
    clock.set(start)
    return ids


MOMENTS = [timedelta(0), timedelta(hours=15), timedelta(days=1), timedelta(days=3, hours=23,
           minutes=59), timedelta(days=9), timedelta(days=31), timedelta(days=70)]


def domain_answers(now: datetime) -> dict[str, set[int]]:
    table = stage_cadences()
    fresh, cooling, cold = set(), set(), set()
    for c in Contact.select():
        met = meeting_day(c.met_on, c.created_at)
        last_day = c.last_interaction_at.date() if c.last_interaction_at else None
        if fresh_encounter(c.stage, met, last_day, now.date(), WINDOW, c.archived):
            fresh.add(c.id)
            continue
        if not is_tracked(c.stage, c.archived):
            continue
        dates = due_dates(anchor_of(c.last_two_way_at, c.met_on, c.created_at),
                          cadence_for(Stage(c.stage), c.cadence_days, table))
        w = warmth_at(now, dates)
        (cold if w is Warmth.COLD else cooling if w is Warmth.COOLING else set()).add(c.id)
    follow_ups = {f.id for f in FollowUp.select() if follow_up_due(f.due_at, f.done_at, now)}
    return {"fresh": fresh, "cooling": cooling, "cold": cold, "follow_ups": follow_ups}


def test_sql_filters_give_the_domain_answers(network, clock):
    assert {s.value for s in Stage if s.is_relationship} == TRACKED_STAGES
    table = stage_cadences()
    for c in Contact.select():  # the denormalised due dates are the domain's
        tracked = is_tracked(c.stage, c.archived)
        assert (c.cooling_at is not None) == tracked, c.display_name
        if tracked:
            dates = due_dates(anchor_of(c.last_two_way_at, c.met_on, c.created_at),
                              cadence_for(Stage(c.stage), c.cadence_days, table))
            assert (c.cooling_at, c.cold_at) == (dates.cooling_at, dates.cold_at)
    seen_fresh = seen_cold = 0
    for offset in MOMENTS:
        now = clock.now() + offset
        expected = domain_answers(now)
        data = today_reads.load(now, WINDOW)
        assert {r.item.contact_id for r in data.fresh} == expected["fresh"], offset
        assert {i.contact_id for i in data.cold if i.kind.value == "cooling"} == \
            expected["cooling"], offset
        assert {i.contact_id for i in data.cold if i.kind.value == "cold"} == expected["cold"]
        assert {int(i.subject) for i in data.follow_ups} == expected["follow_ups"], offset
        fresh_ids = {r.item.contact_id for r in data.fresh}
        assert not fresh_ids & {i.contact_id for i in data.cold}  # never in both lists
        if offset == timedelta(0):
            quick = Contact.get(Contact.display_name == "Quick Rhythm")
            assert quick.cooling_at <= now and quick.id in fresh_ids
        seen_fresh += len(expected["fresh"])
        seen_cold += len(expected["cold"])
    assert seen_fresh >= 5 and seen_cold >= 20  # the network exercises every rule


def test_today_and_the_tray_list_the_same_people(network, clock, qtbot, db_path):
    from PySide6.QtWidgets import QWidget

    from relmanager.services.context import AppContext
    from relmanager.ui.shell.tray import TrayController
    from relmanager.ui.today import today_queries as tq

    window = QWidget()
    qtbot.addWidget(window)
    tray = TrayController(AppContext.create(clock, db_path), window)
    for offset in MOMENTS:
        now = clock.now() + offset
        today = tq.load(now)
        lists = tray.lists(now)

        def live(rows):
            return [cid for cid, columns, _w in rows if "snoozed until" not in " ".join(columns)]

        cold = live(today.cold)  # Today shows the first 30, snoozed last
        assert cold == [i.contact_id for i in lists["cold"]][:len(cold)]
        assert today.cold_total - len(today.cold) + len(cold) >= len(lists["cold"])
        assert live(today.fresh) == [i.contact_id for i in lists["fresh"]]
        assert live(today.follow_ups) == [i.contact_id for i in lists["follow_ups"]]
        assert live(today.intros) == [i.contact_id for i in lists["intros"]]
    tray.shutdown()
