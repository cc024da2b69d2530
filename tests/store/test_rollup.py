"""The timeline's weekly and monthly sums stay equal to a fresh GROUP BY over the
interactions through every kind of write: logging (back-dated too), editing, deleting,
moving a contact between stages and spheres, deleting and restoring contacts."""

from __future__ import annotations

from datetime import timedelta

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
