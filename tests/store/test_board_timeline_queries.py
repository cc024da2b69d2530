"""The board's reads (column counts and pages by key, card data with the richest channel
used lately), the Parked column's promise (no reminders), and the overall timeline's
aggregate checked against a plain GROUP BY over a generated network."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.services.context import AppContext
from relmanager.services.reminders import ReminderService
from relmanager.store import board_cards, board_queries, demo, queries, today_reads
from relmanager.store import timeline_queries as tq
from relmanager.store.activity import log_interaction, move_stage
from relmanager.store.contacts import create_contact, set_archived
from relmanager.store.models import Contact, Interaction, database
from tests.recording_notifier import RecordingNotifier


def test_columns_count_every_stage_and_page_by_key(db, clock, monkeypatch):
    monkeypatch.setattr(board_queries, "PAGE_IDS", 3)
    inbox = [create_contact(clock, f"Person {n}", stage=Stage.INBOX).id for n in range(7)]
    friend = create_contact(clock, "Fay Friend", stage=Stage.FRIENDSHIP, sphere="personal",
                            tags=["climbing"]).id
    gone = create_contact(clock, "Gus Gone", stage=Stage.FRIENDSHIP).id
    set_archived(clock, [gone], True)
    now = clock.now()
    columns = board_queries.columns(queries.ContactFilter(), now)
    assert list(columns) == list(BOARD_ORDER)
    assert {s: c.total for s, c in columns.items() if c.total} == {
        Stage.INBOX: 7, Stage.FRIENDSHIP: 1}  # archived contacts never show
    first = columns[Stage.INBOX]
    assert first.ids == inbox[:3] and not first.complete
    rest = board_queries.page(queries.ContactFilter(), now, Stage.INBOX,
                              (first.keys[-1], first.ids[-1]), limit=10)
    assert [cid for cid, _key in rest] == inbox[3:]
    assert columns[Stage.FRIENDSHIP].ids == [friend]
    tagged = board_queries.columns(queries.ContactFilter(tag="climbing"), now)
    assert sum(c.total for c in tagged.values()) == 1
    business = board_queries.columns(queries.ContactFilter(sphere="business"), now)
    assert business[Stage.FRIENDSHIP].total == 0
    keys = board_queries.sort_keys([friend, inbox[0]])
    assert keys[friend][0] == "friendship" and keys[inbox[0]][0] == "inbox"



def test_the_first_pages_built_once_are_each_stage_s_page(db, clock, monkeypatch):
    """``columns`` builds the first pages' statement once and binds each stage: the same
    ids as each stage's own ``page`` under every kind of filter (and a filter value
    equal to the statement's stand-in for the stage)."""
    monkeypatch.setattr(board_queries, "PAGE_IDS", 4)
    for n, stage in enumerate(list(BOARD_ORDER) * 3):
        create_contact(clock, f"Person {n} Climber" if n % 2 else f"Person {n}",
                       stage=stage, sphere="personal" if n % 3 else "business",
                       tags=["climbing"] if n % 4 else [])
    now = clock.now()
    for flt in (queries.ContactFilter(), queries.ContactFilter(text="climber"),
                queries.ContactFilter(sphere="business"),
                queries.ContactFilter(tag="climbing", text="person")):
        _same_as_each_page(flt, now)
    assert board_queries.columns(queries.ContactFilter(), now)[Stage.PARKED].total == 3
    # A filter value equal to the stand-in: each page built as it is.
    monkeypatch.setattr(board_queries, "_STAGE_MARK", "business")
    _same_as_each_page(queries.ContactFilter(sphere="business"), now)


def _same_as_each_page(flt: queries.ContactFilter, now) -> None:
    columns = board_queries.columns(flt, now)
    assert any(c.ids for c in columns.values())
    for stage in BOARD_ORDER:
        own = board_queries.page(flt, now, stage) if columns[stage].total else []
        assert columns[stage].ids == [cid for cid, _key in own], (flt, stage)
        assert columns[stage].keys == [key for _cid, key in own], (flt, stage)


def test_cards_name_the_richest_channel_of_the_last_ninety_days(db, clock):
    ada = create_contact(clock, "Ada", stage=Stage.DEVELOPMENT, organisation="Acme",
                         tags=["python", "ml"]).id
    quiet = create_contact(clock, "Quiet", stage=Stage.DEVELOPMENT).id
    now = clock.now()
    log_interaction(clock, [ada], "one_on_one", occurred_at=now - timedelta(days=200))
    log_interaction(clock, [ada], "email", occurred_at=now - timedelta(days=10))
    log_interaction(clock, [ada], "phone", occurred_at=now - timedelta(days=3))
    cards = board_cards.cards([ada, quiet], now)
    assert cards[ada].richest == "phone"  # the meeting was too long ago to count
    assert cards[ada].organisation == "Acme"
    assert cards[ada].tags == ("ml", "python")  # by name
    assert cards[quiet].richest is None


def cold_ids(now):
    """Who Today, the tray and the reminder pass list as going cold (one read)."""
    return [item.contact_id for item in today_reads.cold_items(now, set(), {})]


def test_parked_contacts_raise_no_reminders(db, db_path, clock, qapp):
    old = create_contact(clock, "Old Friend", stage=Stage.FRIENDSHIP).id
    clock.advance(days=400)  # far past any cadence
    service = ReminderService(AppContext.create(clock, db_path), RecordingNotifier())
    assert old in cold_ids(clock.now())
    assert any(old in n.people for n in service.compute(clock.now()).notices)
    move_stage(clock, [old], Stage.PARKED)
    contact = Contact.get_by_id(old)
    assert contact.cooling_at is None and contact.cold_at is None
    assert old not in cold_ids(clock.now())
    assert not [n for n in service.compute(clock.now()).notices if old in n.people]
    move_stage(clock, [old], Stage.FRIENDSHIP)  # back from Parked: tracked again
    assert Contact.get_by_id(old).cooling_at is not None


def test_overall_timeline_equals_a_plain_group_by(db, clock):
    now = clock.now()
    demo.generate(120, 2500, now)
    for grain in ("week", "month"):
        series = tq.overall(tq.TimelineFilter(), grain, None, now)
        expr = tq.rollup.GRAINS[grain].format(col="occurred_at")
        expected = {(p, c): n for p, c, n in database.execute_sql(
            f"SELECT {expr}, channel_id, count(*) FROM interaction GROUP BY 1, 2")}
        assert series.counts == expected
        assert series.grand_total == Interaction.select().count() >= 2500
        assert set(series.periods) >= {p for p, _c in expected}
        assert series.periods == sorted(series.periods)
    flt = tq.TimelineFilter(sphere="personal", stages=(Stage.FRIENDSHIP,))
    series = tq.overall(flt, "month", None, now)
    expected = {(p, c): n for p, c, n in database.execute_sql(
        "SELECT substr(i.occurred_at, 1, 7), i.channel_id, count(*) FROM interaction AS i "
        "JOIN contact AS c ON c.id = i.contact_id WHERE c.sphere IN ('personal', 'both') "
        "AND c.stage = 'friendship' GROUP BY 1, 2")}
    assert series.counts == expected
