from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.clock import FakeClock
from relmanager.domain.stages import DEFAULT_CADENCE, Cadence, Stage, cadence_for
from relmanager.domain.warmth import Warmth, anchor_of, due_dates, warmth_at
from relmanager.store import activity, contacts, queries, settings, snapshots
from relmanager.store.errors import AmbiguousError, NotFoundError, ValidationError
from relmanager.store.models import (
    Contact,
    ContactEmail,
    ContactTag,
    FollowUp,
    Interaction,
    Introduction,
    StageChange,
)


def _going_cold(clock: FakeClock) -> list[int]:
    """Who the contact list's "Going cold" filter shows, most overdue first."""
    return queries.contact_ids(queries.ContactFilter(warmth=queries.WarmthFilter.GOING_COLD),
                               clock.now(), queries.SortKey.URGENCY)


def _reload(contact_id: int) -> Contact:
    return Contact.get_by_id(contact_id)


def test_create_contact_writes_children_history_and_search(db, clock: FakeClock) -> None:
    c = contacts.create_contact(
        clock, "  José   Müller ", emails=["Jose@Example.org", ("j@work.example", "work")],
        phones=["+46 70 1"], links=[("linkedin", "https://linkedin.com/in/jm")],
        organisation="Helix Labs", tags=["PyData", "climate"], stage=Stage.ENCOUNTER,
        notes="Loves sailing")
    assert c.display_name == "José Müller" and (c.first_name, c.last_name) == ("José", "Müller")
    assert [e.email for e in c.emails] == ["jose@example.org", "j@work.example"]
    assert contacts.tags_of(c.id) == ["climate", "PyData"]
    history = list(StageChange.select().where(StageChange.contact == c.id))
    assert [(h.from_stage, h.to_stage) for h in history] == [(None, "encounter")]
    for text in ("jose", "MULLER", "helix", "sailing", "pydata", "work.example"):
        assert queries.contact_ids(queries.ContactFilter(text=text), clock.now()) == [c.id]
    assert c.cooling_at == clock.now() + timedelta(days=DEFAULT_CADENCE[Stage.ENCOUNTER].ideal_days)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"display_name": "  "}, "needs a name"),
     ({"display_name": "A", "emails": ["not-an-email"]}, "not an email"),
     ({"display_name": "A", "sphere": "galactic"}, "sphere"),
     ({"display_name": "A", "cadence_days": 0}, "cadence")],
)
def test_create_contact_validates(db, clock: FakeClock, kwargs: dict, message: str) -> None:
    kwargs = dict(kwargs)  # the parameter is shared: a second run in one process
    name = kwargs.pop("display_name")
    with pytest.raises(ValidationError, match=message):
        contacts.create_contact(clock, name, **kwargs)
    assert Contact.select().count() == 0, "nothing half-written"


def test_update_contact_returns_previous_values(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "Ann Lee", emails=["ann@example.org"])
    before = contacts.update_contact(clock, c.id, organisation="Quartz Bank",
                                     emails=["ann@quartz.example"])
    assert before == {"organisation": "", "emails": [("ann@example.org", "")]}
    assert _reload(c.id).organisation == "Quartz Bank"
    assert queries.contact_ids(queries.ContactFilter(text="quartz"), clock.now()) == [c.id]
    assert queries.contact_ids(queries.ContactFilter(text="ann@example"), clock.now()) == []
    with pytest.raises(ValueError, match="not editable"):
        contacts.update_contact(clock, c.id, stage="friendship")
    with pytest.raises(ValueError, match="introduced themselves"):
        contacts.update_contact(clock, c.id, introduced_by=c.id)


def test_find_contact_by_id_email_and_name(db, clock: FakeClock) -> None:
    ann = contacts.create_contact(clock, "Ann Lee", emails=["ann@example.org"])
    contacts.create_contact(clock, "Anna Berg")
    contacts.create_contact(clock, "Annika Berg")
    assert contacts.find_contact(str(ann.id)).id == ann.id
    assert contacts.find_contact("ANN@example.org").id == ann.id
    assert contacts.find_contact("ann lee").id == ann.id
    assert contacts.find_contact("annika").display_name == "Annika Berg"
    with pytest.raises(AmbiguousError, match="several"):
        contacts.find_contact("berg")
    with pytest.raises(NotFoundError):
        contacts.find_contact("nobody@example.org")
    with pytest.raises(NotFoundError):
        contacts.find_contact("Zed")


def test_move_writes_history_and_undo_redo(db, clock: FakeClock) -> None:
    a = contacts.create_contact(clock, "A", stage=Stage.ENCOUNTER)
    b = contacts.create_contact(clock, "B", stage=Stage.FRIENDSHIP)
    clock.advance(hours=1)
    record = activity.move_stage(clock, [a.id, b.id], Stage.RECOGNITION)
    assert {m.contact_id: m.from_stage for m in record.moves} == {a.id: "encounter",
                                                                  b.id: "friendship"}
    assert _reload(a.id).stage == _reload(b.id).stage == "recognition"
    assert StageChange.select().count() == 4
    activity.undo_move(record)
    assert (_reload(a.id).stage, _reload(b.id).stage) == ("encounter", "friendship")
    assert StageChange.select().count() == 2
    redone = activity.redo_move(clock, record)
    assert len(redone.moves) == 2 and _reload(b.id).stage == "recognition"
    assert activity.move_stage(clock, [a.id], Stage.RECOGNITION).moves == [], "no-op move"
    with pytest.raises(NotFoundError):
        activity.move_stage(clock, [999], Stage.PARKED)


def test_parked_and_inbox_never_go_cold(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "A", stage=Stage.ENCOUNTER)
    activity.move_stage(clock, [c.id], Stage.PARKED)
    assert _reload(c.id).cooling_at is None
    clock.advance(days=400)
    assert _going_cold(clock) == []


def test_log_interaction_resets_warmth_from_its_own_date(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "A", stage=Stage.RECOGNITION)
    clock.advance(days=70)
    assert _going_cold(clock) == [c.id]
    back_dated = clock.now() - timedelta(days=5)
    logged = activity.log_interaction(clock, [c.id], "phone", occurred_at=back_dated,
                                      minutes=20, exchange="give", note="call",
                                      follow_up=("Send deck", clock.now() + timedelta(days=7)))
    row = _reload(c.id)
    assert row.last_interaction_at == row.last_two_way_at == back_dated
    assert row.last_channel.key == "phone"
    assert row.cooling_at == back_dated + timedelta(days=30)
    assert _going_cold(clock) == []
    assert FollowUp.get_by_id(logged.follow_up_id).title == "Send deck"
    # An older back-dated entry never moves "last contact" backwards.
    activity.log_interaction(clock, [c.id], "email", occurred_at=back_dated - timedelta(days=9))
    assert _reload(c.id).last_interaction_at == back_dated
    assert _reload(c.id).last_channel.key == "phone"


def test_broadcast_does_not_reset_warmth(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "A", stage=Stage.RECOGNITION)
    clock.advance(days=70)
    activity.log_interaction(clock, [c.id], "blog")
    row = _reload(c.id)
    assert row.last_interaction_at == clock.now() and row.last_two_way_at is None
    assert _going_cold(clock) == [c.id]


def test_log_interaction_rejects_bad_input_and_writes_nothing(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "A")
    with pytest.raises(ValidationError, match="future"):
        activity.log_interaction(clock, [c.id], "phone",
                                 occurred_at=clock.now() + timedelta(days=1))
    with pytest.raises(NotFoundError, match="unknown channel"):
        activity.log_interaction(clock, [c.id], "carrier pigeon")
    with pytest.raises(NotFoundError):
        activity.log_interaction(clock, [c.id, 999], "phone")
    with pytest.raises(ValidationError, match="minutes"):
        activity.log_interaction(clock, [c.id], "phone", minutes=5000)
    assert Interaction.select().count() == 0


def test_group_interaction_and_delete_recomputes(db, clock: FakeClock) -> None:
    a = contacts.create_contact(clock, "A", stage=Stage.ENCOUNTER)
    b = contacts.create_contact(clock, "B", stage=Stage.ENCOUNTER)
    clock.advance(days=1)
    logged = activity.log_interaction(clock, [a.id, b.id], "meeting", minutes=60)
    rows = list(Interaction.select().where(Interaction.id.in_(logged.interaction_ids)))
    assert len(rows) == 2 and rows[0].group_key and rows[0].group_key == rows[1].group_key
    activity.delete_interactions(logged.interaction_ids)
    assert _reload(a.id).last_interaction_at is None and _reload(a.id).last_channel is None


def test_sql_due_dates_match_the_domain(db, clock: FakeClock) -> None:
    """The SQL that maintains cooling_at/cold_at and the pure domain rules agree."""
    cases = [(Stage.ENCOUNTER, None), (Stage.FRIENDSHIP, 10), (Stage.INTIMACY, None)]
    for stage, override in cases:
        c = contacts.create_contact(clock, f"C {stage}", stage=stage, cadence_days=override)
        clock.advance(days=3)
        activity.log_interaction(clock, [c.id], "video")
        row = _reload(c.id)
        expected = due_dates(row.last_two_way_at, cadence_for(stage, override))
        assert (row.cooling_at, row.cold_at) == (expected.cooling_at, expected.cold_at)
        for days in (5, 12, 25, 200):
            now = row.last_two_way_at + timedelta(days=days)
            anchor = anchor_of(row.last_two_way_at, row.met_on, row.created_at)
            domain = warmth_at(now, due_dates(anchor, cadence_for(stage, override)))
            is_cooling = queries.contact_ids(
                queries.ContactFilter(ids=[c.id], warmth=queries.WarmthFilter.GOING_COLD), now)
            assert bool(is_cooling) == (domain in (Warmth.COOLING, Warmth.COLD))


def test_changing_a_stage_cadence_moves_due_dates(db, clock: FakeClock) -> None:
    c = contacts.create_contact(clock, "A", stage=Stage.FRIENDSHIP)
    settings.set_stage_cadence(Stage.FRIENDSHIP, Cadence(5, 9))
    assert settings.stage_cadences()[Stage.FRIENDSHIP] == Cadence(5, 9)
    assert _reload(c.id).cold_at == _reload(c.id).created_at + timedelta(days=9)
    with pytest.raises(ValueError):
        settings.set_stage_cadence(Stage.PARKED, Cadence(5, 9))


def test_delete_and_restore_contact_with_everything(db, clock: FakeClock) -> None:
    a = contacts.create_contact(clock, "Ann", emails=["ann@example.org"], tags=["PyData"],
                                stage=Stage.DEVELOPMENT)
    b = contacts.create_contact(clock, "Bo", introduced_by=a.id)
    activity.log_interaction(clock, [a.id], "phone", follow_up=("Call back", clock.now()))
    activity.move_stage(clock, [a.id], Stage.FRIENDSHIP)
    Introduction.create(requester=b.id, target=a.id, requested_at=clock.now())
    snap = snapshots.delete_contacts([a.id])
    assert Contact.select().count() == 1 and _reload(b.id).introduced_by is None
    assert Interaction.select().count() == 0 and Introduction.select().count() == 0
    assert queries.contact_ids(queries.ContactFilter(text="ann"), clock.now()) == []
    snapshots.restore_snapshot(snap)
    restored = _reload(a.id)
    assert restored.stage == "friendship" and contacts.tags_of(a.id) == ["PyData"]
    assert ContactEmail.select().count() == 1 and ContactTag.select().count() == 1
    assert Interaction.select().count() == 1 and FollowUp.select().count() == 1
    assert StageChange.select().where(StageChange.contact == a.id).count() == 2
    assert Introduction.select().count() == 1 and _reload(b.id).introduced_by_id == a.id
    assert queries.contact_ids(queries.ContactFilter(text="ann"), clock.now()) == [a.id]


def test_tags_archive_and_filters(db, clock: FakeClock) -> None:
    a = contacts.create_contact(clock, "Ann", sphere="personal", stage=Stage.ENCOUNTER)
    b = contacts.create_contact(clock, "Bo", sphere="both", stage=Stage.RECOGNITION)
    c = contacts.create_contact(clock, "Cy", sphere="business", stage=Stage.RECOGNITION)
    contacts.add_tags([a.id, b.id], ["Runners"])
    now = clock.now()
    flt = queries.ContactFilter
    assert queries.contact_ids(flt(tag="runners"), now) == [a.id, b.id]
    assert queries.contact_ids(flt(sphere="personal"), now) == [a.id, b.id]
    assert queries.contact_ids(flt(stages=[Stage.RECOGNITION]), now) == [b.id, c.id]
    assert queries.contact_ids(flt(text="run"), now) == [a.id, b.id]
    contacts.remove_tags([a.id], ["RUNNERS"])
    assert queries.contact_ids(flt(tag="runners"), now) == [b.id]
    contacts.set_archived(clock, [c.id], True)
    assert queries.contact_ids(flt(), now) == [a.id, b.id]
    assert queries.contact_ids(flt(archived=True), now) == [c.id]
    assert queries.count(flt(archived=None), now) == 3
    assert queries.count(flt(stages=(Stage.RECOGNITION,)), now) == 1
    rows = queries.rows_for([b.id])
    assert rows[b.id]["tags"] == ["Runners"] and rows[b.id]["display_name"] == "Bo"
    assert queries.contact_ids(flt(text='"; DROP TABLE contact; --'), now) == []
    assert queries.contact_ids(flt(text="a%"), now) == []


def test_short_terms_match_word_starts(db, clock: FakeClock) -> None:
    jo = contacts.create_contact(clock, "Joanna Berg")
    ma = contacts.create_contact(clock, "Major Tom", organisation="Jolt Labs")
    contacts.create_contact(clock, "Ann Lee")
    now = clock.now()
    assert set(queries.contact_ids(queries.ContactFilter(text="jo"), now)) == {jo.id, ma.id}
    assert queries.contact_ids(queries.ContactFilter(text="j b"), now) == [jo.id]
    assert queries.contact_ids(queries.ContactFilter(text="ajo"), now) == [ma.id], "trigram"
    contacts.update_contact(clock, jo.id, display_name="Zoe Berg")
    assert queries.contact_ids(queries.ContactFilter(text="jo"), now) == [ma.id]
