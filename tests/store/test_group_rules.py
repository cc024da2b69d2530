"""A group event for each participant: warmth (last two-way contact) and reciprocity
count it for every participant; deleting it from one profile is for everyone or only
for that person, and an undo puts back the very same rows."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.reciprocity import Balance
from relmanager.domain.stages import Stage
from relmanager.store import activity, event_edits, history_reads, reciprocity
from relmanager.store.contacts import create_contact
from relmanager.store.models import Contact, Interaction, database


def _people(clock) -> tuple[int, int, int]:
    return tuple(create_contact(clock, name, stage=Stage.FRIENDSHIP).id
                 for name in ("Ann Lee", "Bo Chen", "Cy Diaz"))


def _two_way(contact_id: int):
    return Contact.get_by_id(contact_id).last_two_way_at


def test_each_participant_gets_its_own_last_two_way_contact(db, clock) -> None:
    ann, bo, cy = _people(clock)
    clock.advance(days=30)  # added a month ago: the log, not the adding, is the anchor
    dinner = clock.now() - timedelta(days=10)
    activity.log_interaction(clock, [ann, bo, cy], "meeting", occurred_at=dinner)
    assert [_two_way(c) for c in (ann, bo, cy)] == [dinner] * 3
    later = clock.now() - timedelta(days=2)
    activity.log_interaction(clock, [bo], "phone", occurred_at=later)
    assert [_two_way(c) for c in (ann, bo, cy)] == [dinner, later, dinner]
    # Cooling is counted from each one's own anchor: Bo's is further away.
    cooling = {c: Contact.get_by_id(c).cooling_at for c in (ann, bo, cy)}
    assert cooling[ann] == cooling[cy] < cooling[bo]
    # A lean, one-way channel (a voicemail) logged with the group resets nobody.
    activity.log_interaction(clock, [ann, cy], "voicemail", occurred_at=clock.now())
    assert [_two_way(c) for c in (ann, cy)] == [dinner, dinner]


def test_the_exchange_applies_to_each_participant(db, clock) -> None:
    ann, bo, cy = _people(clock)
    activity.log_interaction(clock, [ann, bo], "meeting", exchange="give")
    activity.log_interaction(clock, [ann, bo, cy], "video", exchange="ask")
    now = clock.now()
    assert reciprocity.last_year(ann, now) == Balance(1, 1, 0, 0)
    assert reciprocity.last_year(bo, now) == Balance(1, 1, 0, 0)
    assert reciprocity.last_year(cy, now) == Balance(0, 1, 0, 0)
    assert reciprocity.ever(cy) == Balance(0, 1, 0, 0)


def test_history_names_the_other_participants(db, clock) -> None:
    ann, bo, cy = _people(clock)
    activity.log_interaction(clock, [ann, bo, cy], "meeting")
    activity.log_interaction(clock, [bo], "phone")
    rows = history_reads.interactions(bo)
    assert [r.with_text for r in rows] == ["", "with Ann Lee, Cy Diaz"]
    assert history_reads.interactions(ann)[0].others == ("Bo Chen", "Cy Diaz")


def test_delete_for_everyone_or_only_this_person_and_undo(db, clock) -> None:
    ann, bo, cy = _people(clock)
    logged = activity.log_interaction(clock, [ann, bo, cy], "meeting",
                                      occurred_at=clock.now() - timedelta(days=3))
    ann_row, bo_row, cy_row = logged.interaction_ids
    before = list(Interaction.select().order_by(Interaction.id).dicts())

    only = event_edits.delete_event(bo_row, everyone=False)
    assert [r.id for r in Interaction.select()] == [ann_row, cy_row]
    assert _two_way(bo) is None and _two_way(ann) is not None
    assert history_reads.interactions(ann)[0].others == ("Cy Diaz",)
    event_edits.restore_rows(only)
    assert list(Interaction.select().order_by(Interaction.id).dicts()) == before
    assert history_reads.interactions(ann)[0].others == ("Bo Chen", "Cy Diaz")

    everyone = event_edits.delete_event(bo_row, everyone=True)
    assert Interaction.select().count() == 0
    assert [_two_way(c) for c in (ann, bo, cy)] == [None, None, None]
    event_edits.restore_rows(everyone)
    assert list(Interaction.select().order_by(Interaction.id).dicts()) == before
    assert _two_way(cy) is not None
    events = database.execute_sql("SELECT sum(n) FROM interaction_rollup "
                                  "WHERE grain = 'month'").fetchone()[0]
    assert events == 1


def test_a_one_person_event_is_the_same_either_way(db, clock) -> None:
    ann, bo, _cy = _people(clock)
    row = activity.log_interaction(clock, [ann], "phone").interaction_ids[0]
    activity.log_interaction(clock, [bo], "phone")
    assert event_edits.event_rows(row, everyone=True) == [row]
    event_edits.delete_event(row, everyone=True)
    assert [r.contact_id for r in Interaction.select()] == [bo]


def test_edit_for_everyone_or_only_this_person(db, clock) -> None:
    ann, bo, cy = _people(clock)
    ann_row, bo_row, cy_row = activity.log_interaction(
        clock, [ann, bo, cy], "meeting", minutes=60, note="dinner").interaction_ids
    assert event_edits.edit_event(bo_row, everyone=True, minutes=90) == [ann_row, bo_row, cy_row]
    assert {r.minutes for r in Interaction.select()} == {90}
    # Only Bo: he left early. His row becomes an event of its own; the others' stays.
    assert event_edits.edit_event(bo_row, everyone=False, minutes=30, note="left early") \
        == [bo_row]
    rows = {r.id: r for r in Interaction.select()}
    assert (rows[bo_row].minutes, rows[bo_row].note, rows[bo_row].group_key) == \
        (30, "left early", None)
    assert rows[ann_row].group_key == rows[cy_row].group_key is not None
    assert (rows[ann_row].minutes, rows[ann_row].note) == (90, "dinner")
    assert history_reads.interactions(ann)[0].others == ("Cy Diaz",)
    assert history_reads.interactions(bo)[0].others == ()
    events = database.execute_sql("SELECT sum(n) FROM interaction_rollup "
                                  "WHERE grain = 'month'").fetchone()[0]
    assert events == 2
