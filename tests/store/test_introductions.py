"""Introductions through every status, with dates and the interactions each step is;
follow-ups; reciprocity figures against a known set of interactions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.store import follow_ups, introductions, reciprocity, today_reads
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.errors import ValidationError
from relmanager.store.models import Interaction


def follow_ups_due(now):
    """Open follow-ups due by ``now``'s day, as Today and the tray read them (one read,
    ``store.today_reads``): their ids, most overdue first."""
    return [int(item.subject) for item in today_reads.follow_up_items(now, {})]


def check_ins(now):
    """What Today, the tray menu and the digest list for introductions at ``now`` (one
    read, ``store.today_reads``): introduction id -> the step it waits on."""
    return {item.subject: item.reason for item in today_reads.intro_items(now, {})}


@pytest.fixture
def trio(db, clock):
    return {n: create_contact(clock, n, stage=Stage.DEVELOPMENT).id
            for n in ("Ana", "Ben", "Cleo")}


def test_walk_every_status_with_dates_and_interactions(trio, clock):
    intro = introductions.create_introduction(
        clock, requester_id=trio["Ana"], target_id=trio["Ben"],
        reason_requester="Ben hires data engineers", reason_target="Ana is one")
    clock.advance(days=1)
    step = introductions.advance(clock, intro.id, IntroStatus.CONSENT_ASKED)
    assert [Interaction.get_by_id(i).contact_id for i in step.interaction_ids] == [trio["Ben"]]
    clock.advance(days=1)
    introductions.advance(clock, intro.id, IntroStatus.CONSENT_GIVEN)
    clock.advance(days=1)
    made = introductions.advance(clock, intro.id, IntroStatus.MADE)
    assert made.warning is None
    gives = [Interaction.get_by_id(i) for i in made.interaction_ids]
    assert sorted(g.contact_id for g in gives) == [trio["Ana"], trio["Ben"]]
    assert {g.exchange for g in gives} == {"give"}
    assert made.introduction.follow_up_due_at == clock.now() + timedelta(days=14)
    clock.advance(days=13, hours=23)
    assert check_ins(clock.now()) == {}  # made: nothing to do before its check-in
    clock.advance(hours=1)
    assert check_ins(clock.now()) == {
        str(intro.id): "close the loop: ask Ana and Ben how the introduction went"}
    introductions.advance(clock, intro.id, IntroStatus.FOLLOWED_UP, outcome="They met twice")
    closed = introductions.advance(clock, intro.id, IntroStatus.CLOSED).introduction
    assert closed.status == "closed" and closed.outcome == "They met twice"
    assert [getattr(closed, s.date_field) is not None for s in IntroStatus
            if s is not IntroStatus.DECLINED] == [True] * 6
    assert check_ins(clock.now()) == {}


def test_made_without_consent_warns_and_wrong_steps_are_refused(trio, clock):
    intro = introductions.create_introduction(clock, requester_id=trio["Ana"],
                                              target_id=trio["Cleo"])
    with pytest.raises(ValidationError):
        introductions.advance(clock, intro.id, IntroStatus.CLOSED)
    step = introductions.advance(clock, intro.id, IntroStatus.MADE)
    assert step.warning and "consent" in step.warning
    with pytest.raises(ValidationError):
        introductions.create_introduction(clock, requester_id=trio["Ana"],
                                          target_id=trio["Ana"])


def test_being_introduced_is_a_receive_and_asks_to_report_back(trio, clock):
    intro = introductions.create_introduction(clock, requester_id=None, target_id=trio["Cleo"],
                                              introducer_id=trio["Ben"])
    made = introductions.advance(clock, intro.id, IntroStatus.MADE)
    [logged] = [Interaction.get_by_id(i) for i in made.interaction_ids]
    assert (logged.contact_id, logged.exchange) == (trio["Ben"], "receive")
    assert made.introduction.follow_up_due_at == clock.now() + timedelta(days=14)
    clock.advance(days=14)
    assert check_ins(clock.now()) == {str(intro.id): "report back to Ben on meeting Cleo"}


@pytest.mark.parametrize(("requester", "target", "note", "step"), [
    ("Ana", "Cleo", "Introduced Ana to Cleo",
     "close the loop: ask Ana how meeting Cleo went and tell Ben"),
    (None, "Cleo", "Introduced me to Cleo", "report back to Ben on meeting Cleo"),
    ("Ana", None, "Introduced me to Ana", "report back to Ben on meeting Ana"),
    (None, None, "Introduced me to someone new", "report back to Ben on the introduction"),
])
def test_an_introduction_ben_makes_is_said_as_who_met_whom(trio, clock, requester, target,
                                                           note, step):
    """Ben introducing Ana to Cleo (the user meets nobody) is logged as what Ben did and
    checked in with Ana and Ben; it read "Introduced me to Cleo" and "report back to
    Ben on meeting Cleo". Ben introducing the user to someone not among the contacts
    read "Introduced me to me". Filed under Ben, whom every step is about."""
    intro = introductions.create_introduction(clock, requester_id=trio.get(requester),
                                              target_id=trio.get(target),
                                              introducer_id=trio["Ben"])
    made = introductions.advance(clock, intro.id, IntroStatus.MADE)
    [logged] = [Interaction.get_by_id(i) for i in made.interaction_ids]
    assert (logged.contact_id, logged.exchange, logged.note) == (trio["Ben"], "receive", note)
    clock.advance(days=14)
    [item] = today_reads.intro_items(clock.now(), {})
    assert (item.reason, item.contact_id, item.person) == (step, trio["Ben"], "Ben")


def test_follow_ups_done_undone_and_overdue(trio, clock):
    first = follow_ups.create_follow_up(clock, trio["Ana"], "Send the article",
                                        clock.now() + timedelta(days=2))
    follow_ups.create_follow_up(clock, trio["Ana"], "Ask about the launch",
                                clock.now() + timedelta(days=9))
    with pytest.raises(ValidationError):
        follow_ups.create_follow_up(clock, trio["Ana"], "  ", clock.now())
    clock.advance(days=3)
    assert [i.detail for i in today_reads.follow_up_items(clock.now(), {})] == [
        "Send the article"]
    follow_ups.set_done(clock, first.id)
    assert follow_ups_due(clock.now()) == []
    assert [f.title for f in follow_ups.for_contact(trio["Ana"])] == [
        "Ask about the launch", "Send the article"]
    follow_ups.set_done(clock, first.id, done=False)
    assert len(follow_ups_due(clock.now())) == 1


def test_reciprocity_counts_the_last_year_only(trio, clock):
    ana = trio["Ana"]
    for exchange, days_ago in (("give", 10), ("give", 100), ("ask", 20), ("receive", 30),
                               ("neutral", 40), ("give", 400), ("ask", 500)):
        log_interaction(clock, [ana], "phone", exchange=exchange,
                        occurred_at=clock.now() - timedelta(days=days_ago))
    year = reciprocity.last_year(ana, clock.now())
    assert (year.gives, year.asks, year.receives, year.neutral) == (2, 1, 1, 1)
    assert year.net == 0 and year.describe() == "Balanced"
    ever = reciprocity.ever(ana)
    assert (ever.gives, ever.asks) == (3, 2)


def test_a_step_undone_then_redone_is_that_very_step(trio, clock):
    """Ctrl+Z then Ctrl+Shift+Z on a step (the command's undo and redo): the same date,
    check-in day and events come back, whenever the redo comes; a redo after the
    introduction moved on elsewhere is refused and changes nothing."""
    from relmanager.store.errors import NotFoundError
    from relmanager.store.models import Introduction

    bystander = introductions.create_introduction(clock, requester_id=trio["Cleo"],
                                                  target_id=trio["Ben"])
    introductions.advance(clock, bystander.id, IntroStatus.MADE)
    untouched = Introduction.select().where(Introduction.id == bystander.id).dicts().get()
    clock.advance(days=1)  # (its dates differ from the step's)
    intro = introductions.create_introduction(clock, requester_id=trio["Ana"],
                                              target_id=trio["Ben"])
    made = introductions.advance(clock, intro.id, IntroStatus.MADE)
    after = (Introduction.get_by_id(intro.id).__data__,
             list(Interaction.select().where(Interaction.id.in_(made.interaction_ids)).dicts()))
    undone = introductions.undo_step(intro.id, IntroStatus.MADE, made)
    assert Introduction.get_by_id(intro.id).status == "requested"
    assert not Interaction.select().where(Interaction.id.in_(made.interaction_ids)).exists()
    clock.advance(days=2)
    introductions.redo_step(intro.id, made, undone)
    assert (Introduction.get_by_id(intro.id).__data__, list(Interaction.select().where(
        Interaction.id.in_(made.interaction_ids)).dicts())) == after

    undone = introductions.undo_step(intro.id, IntroStatus.MADE, made)
    introductions.advance(clock, intro.id, IntroStatus.CONSENT_ASKED)  # another process
    moved = (list(Introduction.select().dicts()), list(Interaction.select().dicts()))
    with pytest.raises(ValidationError, match=r"^the introduction has moved on to consent "
                                              r"asked since; it is no longer at requested$"):
        introductions.redo_step(intro.id, made, undone)
    assert (list(Introduction.select().dicts()), list(Interaction.select().dicts())) == moved
    assert Introduction.select().where(Introduction.id == bystander.id).dicts().get() == \
        untouched  # neither the undo nor the redo wrote another introduction
    Introduction.delete_by_id(intro.id)  # deleted in another process
    with pytest.raises(NotFoundError, match=f"^no introduction {intro.id}$"):
        introductions.undo_step(intro.id, IntroStatus.CONSENT_ASKED, made)
