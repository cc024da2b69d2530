"""What Today and the tray read (store.today_reads), checked on what a person sees: the
step an introduction waits on, when a snooze ends, and the stage and last contact beside
each row however many rows there are."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions, notification_state, today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact, set_archived
from relmanager.store.follow_ups import create_follow_up, set_done
from relmanager.store.models import database
from tests.conftest import START


@pytest.fixture
def trio(db, clock):
    return {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
            for n in ("Ana", "Ben", "Cleo")}


def _intro_steps(now) -> list[str]:
    return [f"{item.detail} | {item.why}" for item in today_reads.load(now, 7).intros]


@pytest.mark.parametrize(("requester", "target", "step"), [
    (None, "Cleo", "report back to Ben on meeting Cleo"),  # the user asked Ben
    ("Ana", None, "report back to Ben on meeting Ana"),  # Ben introduced Ana to the user
])
def test_an_introduction_made_for_the_user_asks_to_report_back_on_the_other(
        trio, clock, requester, target, step):
    intro = introductions.create_introduction(
        clock, requester_id=trio.get(requester), target_id=trio.get(target),
        introducer_id=trio["Ben"])
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    clock.advance(days=FOLLOW_UP_AFTER_DAYS, minutes=1)
    steps = _intro_steps(clock.now())
    assert any(step in text for text in steps), steps


@pytest.mark.parametrize(("steps", "step"), [
    ((), "ask Ben to introduce you to Ana"),
    ((IntroStatus.CONSENT_ASKED,), "waiting on Ben to hear from Ana"),
])
def test_an_introduction_someone_makes_to_the_user_names_the_other_not_you(
        trio, clock, steps, step):
    """Ben is to introduce Ana to the user (no target: the user is the one met): the step
    names Ana, never "you", and is filed under Ben, whom it is about (snoozing Ana, or
    opening her, did nothing for "ask Ben")."""
    intro = introductions.create_introduction(
        clock, requester_id=trio["Ana"], target_id=None, introducer_id=trio["Ben"])
    for status in steps:
        introductions.advance(clock, intro.id, status)
    assert [(i.why, i.contact_id) for i in today_reads.load(clock.now(), 7).intros] == [
        (step, trio["Ben"])]


def test_the_user_asking_to_meet_someone_is_you_in_the_step(trio, clock):
    """No requester and no introducer: the user would like to meet Cleo."""
    introductions.create_introduction(clock, requester_id=None, target_id=trio["Cleo"])
    assert [i.why for i in today_reads.load(clock.now(), 7).intros] == [
        "ask Cleo whether they would like to meet you"]


def test_a_made_introduction_not_yet_due_hides_only_itself(trio, clock):
    """Ana and Ben, asked first, introduced yesterday (check-in not due): left out, while
    Ben and Cleo, asked later, are listed."""
    first = introductions.create_introduction(clock, requester_id=trio["Ana"],
                                              target_id=trio["Ben"])
    clock.advance(days=1)
    introductions.create_introduction(clock, requester_id=trio["Ben"], target_id=trio["Cleo"])
    clock.advance(days=5)
    introductions.advance(clock, first.id, IntroStatus.MADE)
    clock.advance(days=1)
    assert [i.name for i in today_reads.load(clock.now(), 7).intros] == ["Ben → Cleo"]


def test_a_snooze_ends_at_its_moment(db, clock):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.DEVELOPMENT)
    clock.advance(days=60)  # far past a development rhythm: going cold
    until = clock.now() + timedelta(hours=1)
    notification_state.snooze("contact", str(ada.id), until)

    def snoozed_at(moment) -> bool:
        [item] = [i for i in today_reads.load(moment, 7).cold if i.contact_id == ada.id]
        return item.snoozed_until is not None

    assert snoozed_at(until - timedelta(seconds=1))
    assert not snoozed_at(until)  # at its end the snooze is over: shown, not marked


def test_stage_and_last_contact_of_more_rows_than_one_query_takes(db, clock):
    with database.atomic():
        ids = [create_contact(clock, f"Person {n:04d}", stage=Stage.RECOGNITION).id
               for n in range(901)]
    last = ids[-1]  # the 901st: past the first 900-id chunk
    log_interaction(clock, [last], "phone")
    facts = today_reads.stage_and_last_contact(ids)
    assert set(facts) == set(ids)
    assert facts[last] == ("recognition", clock.now())
    assert facts[ids[0]] == ("recognition", None)


# --- Every list of load() read to the value (pinned against mutmut's survivors) ---

T0 = START  # Monday 2 March 2026, 09:00
NOW = T0 + timedelta(days=50, hours=2)  # Tuesday 21 April 2026, 11:00
TODAY = NOW.date()


def _at(clock, moment, make):
    """Run ``make`` with the clock at ``moment`` (here earlier), then back at NOW."""
    clock.set(moment)
    try:
        return make()
    finally:
        clock.set(NOW)


@pytest.fixture
def world(db, clock):
    """Friends past their rhythm (one snoozed, one archived), an Inbox contact, new
    encounters at both edges of a 30-day "link while fresh" window, follow-ups either
    side of tomorrow, and introductions at every open step, each step on its own day."""
    ids = {}

    def person(name, stage, **fields):
        ids[name] = create_contact(clock, name, stage=stage, **fields).id
        return ids[name]

    for name in ("Ada", "Bo", "Di"):
        person(name, Stage.FRIENDSHIP)
    person("Cy", Stage.INBOX)
    log_interaction(clock, [ids["Ada"], ids["Bo"], ids["Di"]], "phone")
    set_archived(clock, [ids["Di"]], True)
    for name in ("Ivy", "Jo", "Kim", "Lu", "Max", "Ned", "Oz", "Pia"):
        person(name, Stage.DEVELOPMENT)
    person("Zoe", Stage.FRIENDSHIP, birthday="1990-04-21")  # her birthday is NOW's day
    person("Uma", Stage.FRIENDSHIP)  # called five days after she was entered
    person("Vic", Stage.FRIENDSHIP, met_on=(T0 + timedelta(days=3)).date())  # met later

    def intro(day, requester, target, introducer=None, steps=()):
        clock.set(T0 + timedelta(days=day))
        made = introductions.create_introduction(
            clock, requester_id=ids.get(requester), target_id=ids.get(target),
            introducer_id=ids.get(introducer))
        for step in steps:
            clock.advance(days=1)
            introductions.advance(clock, made.id, step)
        return made.id

    ask, give = IntroStatus.CONSENT_ASKED, IntroStatus.CONSENT_GIVEN
    made, followed = IntroStatus.MADE, IntroStatus.FOLLOWED_UP
    intro(30, "Ivy", "Jo")
    intro(30, None, "Kim", "Ivy")
    intro(30, "Jo", "Kim", steps=[ask])
    intro(30, None, "Lu", "Jo", steps=[ask])
    intro(30, "Kim", "Ivy", steps=[ask, give])
    lu_max = intro(30, "Lu", "Max", steps=[made])  # made day 31: check-in due day 45
    intro(30, "Max", "Ned", steps=[made, followed])  # followed up day 32
    intro(35, None, "Oz", "Ned", steps=[made])  # day 36: the user was introduced
    intro(48, "Oz", "Pia", steps=[made])  # day 49: check-in not due yet
    clock.set(NOW - timedelta(days=FOLLOW_UP_AFTER_DAYS))
    boundary = introductions.create_introduction(
        clock, requester_id=ids["Pia"], target_id=ids["Ivy"])
    introductions.advance(clock, boundary.id, made)  # check-in due at NOW exactly
    clock.set(NOW)

    for name in ("Bo", "Max"):
        notification_state.snooze("contact", str(ids[name]), NOW + timedelta(days=1))
    # An introduction is snoozed itself (Max's snooze as a person leaves it as it is).
    notification_state.snooze("introduction", str(lu_max), NOW + timedelta(days=1))
    log_interaction(clock, [ids["Zoe"]], "phone", occurred_at=T0 + timedelta(days=40))
    log_interaction(clock, [ids["Uma"]], "phone", occurred_at=T0 + timedelta(days=5))
    person("Eve", Stage.ENCOUNTER, met_on=TODAY - timedelta(days=20), where_met="PyCon")
    person("Fay", Stage.ENCOUNTER, how_met="via Ada")
    person("Gus", Stage.ENCOUNTER, met_on=TODAY - timedelta(days=30))
    person("Hal", Stage.ENCOUNTER, met_on=TODAY - timedelta(days=29), how_met="a talk",
           where_met="Berlin")
    notification_state.snooze("contact", str(ids["Hal"]), NOW + timedelta(days=2))
    start = datetime.combine(TODAY - timedelta(days=29), time())
    _at(clock, start, lambda: person("Lou", Stage.ENCOUNTER))
    _at(clock, start - timedelta(seconds=1), lambda: person("Mo", Stage.ENCOUNTER))

    create_follow_up(clock, ids["Ada"], "Send the slides", NOW - timedelta(days=1))
    call_back = create_follow_up(clock, ids["Bo"], "Call back", datetime.combine(TODAY, time(17)))
    # A follow-up is snoozed itself (Bo's snooze as a person leaves it as it is).
    notification_state.snooze("follow_up", str(call_back.id), NOW + timedelta(days=1))
    create_follow_up(clock, ids["Ada"], "Tomorrow's", datetime.combine(
        TODAY + timedelta(days=1), time()))
    done = create_follow_up(clock, ids["Bo"], "Done", NOW - timedelta(days=2))
    set_done(clock, done.id)
    return ids


def _row(item, ids):
    """What Today shows of an item, with the contact by name."""
    names = {v: k for k, v in ids.items()}
    return (names[item.contact_id], item.kind.value, item.name, item.why, item.occurrence,
            item.detail, item.urgent, item.snoozed_until, item.rhythm)


def test_going_cold_lists_tracked_people_past_their_rhythm_snoozed_last(world):
    """Friends past six weeks and a development contact past three, each with the rhythm
    counted from the latest of the last two-way contact (Uma, called after she was
    entered), the day met (Vic, met after he was entered) and the day entered; the Inbox
    contact, the archived friend and anyone still inside a fresh window are not listed;
    the snoozed friend comes last, marked with the snooze's end."""
    cold = [_row(i, world) for i in today_reads.load(NOW, 30).cold]
    assert cold == [
        ("Ada", "cooling", "Ada", "", "2026-04-16 09:00:00", "", False, None, (45.0, 50.0)),
        ("Jo", "cold", "Jo", "", "2026-04-16 09:00:00", "", True, None, (21.0, 50.0)),
        ("Vic", "cooling", "Vic", "", "2026-04-19 00:00:00", "", False, None, (45.0, 47.0)),
        ("Uma", "cooling", "Uma", "", "2026-04-21 09:00:00", "", False, None, (45.0, 45.0)),
        ("Mo", "cooling", "Mo", "", "2026-04-05 23:59:59", "", False, None, (14.0, 30.0)),
        ("Bo", "cooling", "Bo", "", "2026-04-16 09:00:00", "", False,
         NOW + timedelta(days=1), (45.0, 50.0)),
    ]
    # Lou's 30-day window is open, so Lou is not also going cold; with a 10-day window
    # Lou is just an encounter past a fortnight.
    assert "Lou" not in [r[0] for r in cold]
    shorter = [_row(i, world)[0] for i in today_reads.load(NOW, 10).cold]
    assert shorter == ["Ada", "Jo", "Vic", "Uma", "Mo", "Lou", "Bo"]


def test_link_while_fresh_lists_encounters_inside_the_window_at_both_edges(world):
    """A 30-day window on 21 April: met on 23 March (the window's last day) is in, met
    on 22 March is out; entered without a meeting date at 00:00 on 23 March is in, a
    second before is out; met today, or entered today, is in. Beside each, where they
    were met, else how. The snoozed one comes last, marked."""
    fresh = [(_row(r.item, world), r.where) for r in today_reads.load(NOW, 30).fresh]
    assert fresh == [
        (("Lou", "fresh", "Lou", "met 29 days ago; last day", "2026-03-23", "last day", True,
          None, None), ""),
        (("Eve", "fresh", "Eve", "met 20 days ago; 10 days left", "2026-04-01",
          "10 days left", False, None, None), "PyCon"),
        (("Fay", "fresh", "Fay", "met today; 30 days left", "2026-04-21", "30 days left",
          False, None, None), "via Ada"),
        (("Hal", "fresh", "Hal", "met 29 days ago; last day", "2026-03-23", "last day", True,
          NOW + timedelta(days=2), None), "Berlin"),  # snoozed: last, marked
    ]


def test_follow_ups_due_by_the_end_of_today_and_not_done(world):
    """Yesterday's (overdue) and today's 17:00 are due; midnight tonight's is tomorrow's,
    and the one done is gone. The snoozed follow-up is marked, and ranked last."""
    due = [_row(i, world) for i in today_reads.load(NOW, 30).follow_ups]
    assert due == [
        ("Ada", "follow_up", "Ada", "1 day overdue", "2026-04-20 11:00:00",
         "Send the slides", True, None, None),
        ("Bo", "follow_up", "Bo", "due today", "2026-04-21 17:00:00", "Call back", False,
         NOW + timedelta(days=1), None),
    ]


def test_each_open_introduction_says_the_step_it_waits_on_since_that_step(world):
    """Each open step in words, counted from the day of that step (asked, agreed, made,
    followed up); a made introduction only once its check-in is due (at that moment
    exactly, not a second before), said "due today" or "5 days overdue" (it said "0 days"
    and "19 days", counted from the day made); one made for the user asks to report back
    and is filed under the introducer. The snoozed one comes last, marked."""
    intros = [_row(i, world) for i in today_reads.load(NOW, 30).intros]
    weeks = "2 weeks ago"
    assert intros == [
        ("Jo", "introduction", "Ivy → Jo", "ask Jo whether they would like to meet Ivy",
         "requested:2026-04-01 09:00:00", weeks, True, None, None),
        ("Ivy", "introduction", "Ivy → Kim (for you)", "ask Ivy to introduce you to Kim",
         "requested:2026-04-01 09:00:00", weeks, True, None, None),
        ("Kim", "introduction", "Jo → Kim", "waiting on Kim's answer",
         "consent_asked:2026-04-02 09:00:00", weeks, True, None, None),
        ("Jo", "introduction", "Jo → Lu (for you)", "waiting on Jo to hear from Lu",
         "consent_asked:2026-04-02 09:00:00", weeks, True, None, None),
        ("Ivy", "introduction", "Kim → Ivy", "Ivy agreed: make the introduction",
         "consent_given:2026-04-03 09:00:00", weeks, True, None, None),
        ("Ned", "introduction", "Max → Ned", "you checked in with both: close the introduction",
         "followed_up:2026-04-03 09:00:00", weeks, True, None, None),
        ("Ned", "introduction", "Ned → Oz (for you)", "report back to Ned on meeting Oz",
         "made:2026-04-07 09:00:00", "due today", True, None, None),
        ("Ivy", "introduction", "Pia → Ivy",
         "close the loop: ask Pia and Ivy how the introduction went",
         "made:2026-04-07 11:00:00", "due today", True, None, None),
        ("Max", "introduction", "Lu → Max",
         "close the loop: ask Lu and Max how the introduction went",
         "made:2026-04-02 09:00:00", "5 days overdue", True, NOW + timedelta(days=1), None),
    ]
    a_second_before = today_reads.load(NOW - timedelta(seconds=1), 30).intros
    assert "Pia → Ivy" not in [i.name for i in a_second_before]


def test_attention_items_are_every_list_in_order(world):
    """The digest and the time-box suggestions read every list through ``items()``:
    going cold, fresh, follow-ups, introductions, occasions, in that order."""
    attention = today_reads.load(NOW, 30)
    expected = [*attention.cold, *(r.item for r in attention.fresh), *attention.follow_ups,
                *attention.intros, *attention.occasions]
    assert list(attention.items()) == expected
    kinds = [i.kind.value for i in attention.items()]
    assert kinds == (["cooling", "cold"] + ["cooling"] * 4 + ["fresh"] * 4
                     + ["follow_up"] * 2 + ["introduction"] * 9 + ["occasion"])
    assert [i.name for i in attention.occasions] == ["Zoe"]
