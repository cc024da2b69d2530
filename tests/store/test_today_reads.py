"""What Today and the tray read (store.today_reads), checked on what a person sees: the
step an introduction waits on, when a snooze ends, and the stage and last contact beside
each row however many rows there are."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import introductions, notification_state, today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import database


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
