"""The timeline's weekly and monthly sums stay equal to a fresh GROUP BY over the
interactions through every kind of write: logging (back-dated too), editing, deleting,
moving a contact between stages and spheres, deleting and restoring contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.store import rollup, snapshots
from relmanager.store.activity import delete_interactions, log_interaction, move_stage
from relmanager.store.contacts import create_contact, update_contact
from relmanager.store.models import Interaction, database


def _sums() -> set[tuple]:
    return set(database.execute_sql(
        "SELECT grain, period, channel_id, sphere, stage, n, minutes FROM interaction_rollup "
        "WHERE n != 0").fetchall())


def _rebuilt() -> set[tuple]:
    kept = _sums()
    with database.atomic() as transaction:
        rollup.rebuild(database)
        fresh = _sums()
        transaction.rollback()
    assert _sums() == kept
    return fresh


def test_sums_follow_every_write(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.RECOGNITION, sphere="business")
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP, sphere="personal")
    log_interaction(clock, [ada.id], "email", minutes=5)
    log_interaction(clock, [ada.id, bo.id], "one_on_one", minutes=60,
                    occurred_at=clock.now() - timedelta(days=40))  # another week and month
    clock.advance(days=1)
    third = log_interaction(clock, [bo.id], "phone", minutes=20)
    assert _sums() == _rebuilt()
    week = set(database.execute_sql(
        "SELECT period, n, minutes FROM interaction_rollup WHERE grain='week' AND "
        "stage='friendship'").fetchall())
    assert week == {("2026-03-02", 1, 20)}  # Mondays; the group counts under Ada, its lead

    Interaction.update(channel=Interaction.channel.rel_model.get(key="video").id,
                       minutes=30).where(Interaction.id == third.interaction_ids[0]).execute()
    assert _sums() == _rebuilt()
    move_stage(clock, [ada.id], Stage.DEVELOPMENT)
    update_contact(clock, bo.id, sphere="both")
    assert _sums() == _rebuilt()
    assert not database.execute_sql(
        "SELECT 1 FROM interaction_rollup WHERE stage='recognition' AND n != 0").fetchone()
    delete_interactions([third.interaction_ids[0]])
    assert _sums() == _rebuilt()
    snap = snapshots.delete_contacts([ada.id])
    assert _sums() == _rebuilt()
    snapshots.restore_snapshot(snap)
    assert _sums() == _rebuilt()
    events = database.execute_sql(
        "SELECT count(DISTINCT coalesce(group_key, id)) FROM interaction").fetchone()[0]
    assert sum(r[5] for r in _sums() if r[0] == "month") == events


_ROW = ("INSERT INTO interaction (id, contact_id, occurred_at, channel_id, initiated_by, "
        "exchange, minutes, note, group_key, created_at) VALUES (?, ?, ?, "
        "(SELECT id FROM channel WHERE key = ?), 'me', 'neutral', ?, '', ?, ?)")


def _insert_trigger() -> str:
    return database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                                f"name = '{rollup.INSERT_TRIGGER}'").fetchone()[0]


def test_appending_in_bulk_adds_what_the_trigger_adds(db, clock):
    """A bulk write's grouped sums (a capture run) equal the insert trigger's, row by
    row, on the same rows: groups among the new rows, a new row joining an older event
    (not its lead), contacts of different stages and spheres, rows given out of order."""
    ada = create_contact(clock, "Ada", stage=Stage.RECOGNITION, sphere="business")
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP, sphere="personal")
    cy = create_contact(clock, "Cy", stage=Stage.FRIENDSHIP, sphere="both")
    log_interaction(clock, [ada.id], "email", minutes=5)
    old = log_interaction(clock, [ada.id, bo.id], "one_on_one", minutes=60,
                          occurred_at=clock.now() - timedelta(days=40))
    (old_group,) = database.execute_sql("SELECT group_key FROM interaction WHERE id = ?",
                                        (old.interaction_ids[0],)).fetchone()
    first = database.execute_sql("SELECT max(id) + 10 FROM interaction").fetchone()[0]
    now = clock.now()
    rows = [  # (id, contact, occurred_at, channel, minutes, group)
        (first + 3, bo.id, now - timedelta(days=3), "email", 0, None),
        (first, ada.id, now - timedelta(days=9), "phone", 15, "g1"),
        (first + 1, bo.id, now - timedelta(days=9), "phone", 15, "g1"),
        (first + 5, cy.id, now - timedelta(days=9), "phone", 15, "g1"),
        (first + 2, cy.id, now - timedelta(days=40), "one_on_one", 60, old_group),
        (first + 4, cy.id, now - timedelta(days=70), "video", 30, None),
        (first + 6, ada.id, now - timedelta(days=1), "email", 0, "g2"),
        (first + 7, cy.id, now - timedelta(days=1), "email", 0, "g2"),
    ]
    values = [(i, c, str(at), ch, m, g, str(now)) for i, c, at, ch, m, g in rows]
    before = _sums()
    with database.atomic() as transaction:  # the trigger, row by row
        for value in values:
            database.execute_sql(_ROW, value)
        by_trigger = _sums()
        transaction.rollback()
    assert _sums() == before
    trigger = _insert_trigger()
    with database.atomic(), rollup.appending(database, first):
        database.cursor().executemany(_ROW, values)
        assert not database.execute_sql(  # the block really runs without it
            "SELECT 1 FROM sqlite_master WHERE name = ?", (rollup.INSERT_TRIGGER,)
        ).fetchone()
        assert _sums() == before
    assert by_trigger != before
    assert _sums() == by_trigger == _rebuilt()
    assert _insert_trigger() == trigger  # put back as it was: later writes keep the sums
    log_interaction(clock, [bo.id], "phone", minutes=7)
    assert _sums() == _rebuilt()


def test_appending_refuses_what_it_cannot_sum(db, clock):
    ada = create_contact(clock, "Ada")
    log_interaction(clock, [ada.id], "email", minutes=5)
    (last,) = database.execute_sql("SELECT max(id) FROM interaction").fetchone()
    # Outside a transaction the trigger could go missing for good.
    with pytest.raises(RuntimeError), rollup.appending(database, last + 1):
        pass
    with database.atomic(), pytest.raises(ValueError, match="above"), \
            rollup.appending(database, last):  # an id that is not new
        pass
    trigger = _insert_trigger()
    with pytest.raises(KeyError), database.atomic(), rollup.appending(database, last + 1):
        raise KeyError("a failed write")
    assert _insert_trigger() == trigger
    log_interaction(clock, [ada.id], "email", minutes=5)
    assert _sums() == _rebuilt()
