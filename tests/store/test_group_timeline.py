"""A group event (one row per participant sharing a group key) counts ONCE on the overall
timeline, in the sums the triggers keep and in the raw SQL alike, and once per person in
that person's swimlane; its minutes in a time box count once."""

from __future__ import annotations

import random
from datetime import date, timedelta

from relmanager.domain.stages import Stage
from relmanager.store import rollup, snapshots, timeboxes
from relmanager.store import timeline_queries as tq
from relmanager.store.activity import delete_interactions, log_interaction, move_stage
from relmanager.store.contacts import add_tags, create_contact
from relmanager.store.models import Channel, Interaction, TimeBoxPlan, database

RAW = ("SELECT {period} AS p, i.channel_id, count(DISTINCT coalesce(i.group_key, i.id)) "
       "FROM interaction AS i {where} GROUP BY 1, 2")


def _raw(grain: str, where: str = "", params: tuple = ()) -> dict[tuple[str, int], int]:
    period = rollup.GRAINS[grain].format(col="i.occurred_at")
    return {(p, c): n for p, c, n in
            database.execute_sql(RAW.format(period=period, where=where), params)}


def _series(grain: str, flt: tq.TimelineFilter | None = None, clock=None) -> dict:
    series = tq.overall(flt or tq.TimelineFilter(), grain, None, clock.now())
    return {k: v for k, v in series.counts.items() if v}


def _random_history(clock, seed: int) -> list[int]:
    rng = random.Random(seed)
    stages = [Stage.RECOGNITION, Stage.FRIENDSHIP, Stage.DEVELOPMENT]
    ids = [create_contact(clock, f"P{n}", stage=rng.choice(stages),
                          sphere=rng.choice(["business", "personal"])).id for n in range(12)]
    keys = [c.key for c in Channel.select()]
    for _ in range(150):
        people = rng.sample(ids, rng.choice([1, 1, 2, 3, 5]))
        log_interaction(clock, people, rng.choice(keys), minutes=rng.randrange(0, 90),
                        occurred_at=clock.now() - timedelta(days=rng.randrange(0, 400),
                                                            hours=rng.randrange(0, 20)))
    return ids


def test_sums_count_each_event_once_like_the_raw_sql(db, clock) -> None:
    ids = _random_history(clock, 7)
    rows = Interaction.select().count()
    events = database.execute_sql(
        "SELECT count(DISTINCT coalesce(group_key, id)) FROM interaction").fetchone()[0]
    assert rows > events + 50  # groups are there
    for grain in ("week", "month"):
        assert _series(grain, clock=clock) == _raw(grain)
    assert sum(_series("month", clock=clock).values()) == events
    # With a tag (the raw path): an event with anyone tagged counts once.
    add_tags(ids[:6], ["Runners"])
    tagged = _raw("month", "WHERE i.contact_id IN (SELECT ct.contact_id FROM contact_tag ct "
                  "JOIN tag t ON t.id = ct.tag_id WHERE t.name = ?)", ("Runners",))
    assert _series("month", tq.TimelineFilter(tag="Runners"), clock) == tagged
    # With a stage: the event counts under its lead participant (lowest row id).
    lead = ("WHERE i.contact_id IN (SELECT id FROM contact WHERE stage = ?) AND "
            + rollup.lead("i"))
    for stage in (Stage.RECOGNITION, Stage.FRIENDSHIP):
        assert _series("week", tq.TimelineFilter(stages=(stage,)), clock) == \
            _raw("week", lead, (stage.value,))


def test_every_write_keeps_the_event_counted_once(db, clock) -> None:
    ids = _random_history(clock, 11)
    groups = [k for (k,) in database.execute_sql(
        "SELECT group_key FROM interaction WHERE group_key IS NOT NULL "
        "GROUP BY group_key HAVING count(*) >= 3 LIMIT 3")]
    first, second, third = (
        [i for (i,) in database.execute_sql(
            "SELECT id FROM interaction WHERE group_key = ? ORDER BY id", (k,))]
        for k in groups)

    def same() -> None:
        for grain in ("week", "month"):
            assert _series(grain, clock=clock) == _raw(grain)

    delete_interactions([first[0]])  # the lead row: the next participant takes over
    same()
    delete_interactions([first[-1]])  # a row that is not the lead
    same()
    Interaction.update(group_key=None).where(Interaction.id == second[0]).execute()
    same()  # a lead taken out of its group: two events now
    Interaction.update(minutes=7, occurred_at=clock.now() - timedelta(days=3)).where(
        Interaction.group_key == groups[2]).execute()
    same()
    owner = Interaction.get_by_id(third[0]).contact_id
    move_stage(clock, [owner], Stage.PARKED)
    same()
    snap = snapshots.delete_contacts([owner, ids[0]])
    same()
    snapshots.restore_snapshot(snap)
    same()
    kept = set(database.execute_sql("SELECT * FROM interaction_rollup WHERE n != 0"))
    rollup.rebuild(database)
    assert set(database.execute_sql("SELECT * FROM interaction_rollup WHERE n != 0")) == kept


def test_swimlanes_count_once_per_person_and_box_minutes_once(db, clock) -> None:
    ann = create_contact(clock, "Ann", stage=Stage.FRIENDSHIP).id
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP).id
    TimeBoxPlan.create(minutes=60, weekdays="0")
    timeboxes.start_box(clock, 60)
    log_interaction(clock, [ann, bo], "meeting", minutes=45)
    assert len(tq.contact_history(ann)[0]) == 1 and len(tq.contact_history(bo)[0]) == 1
    series = tq.overall(tq.TimelineFilter(), "week", date(2026, 2, 23), clock.now())
    assert series.grand_total == 1
    assert series.invested == {"2026-03-02": 45}
