"""The store read modules the pages use (issue 21): what each returns, in which order,
as frozen values."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.domain.introductions import IntroStatus
from relmanager.domain.reciprocity import Balance
from relmanager.domain.stages import Stage
from relmanager.store import (
    activity,
    channel_reads,
    history_reads,
    introduction_reads,
    introductions,
    profile_reads,
    tag_reads,
)
from relmanager.store.contacts import create_contact


def test_history_is_newest_first_with_the_channel_it_used(db, clock):
    ada = create_contact(clock, "Ada Lovelace", stage=Stage.ENCOUNTER)
    activity.log_interaction(clock, [ada.id], "email", occurred_at=clock.now() - timedelta(
        days=3), minutes=10, note="first")
    activity.log_interaction(clock, [ada.id], "phone", minutes=20, note="second")
    activity.move_stage(clock, [ada.id], Stage.RECOGNITION)
    rows = history_reads.interactions(ada.id)
    assert [(r.note, r.channel_key, r.channel_name, r.richness, r.minutes) for r in rows] == [
        ("second", "phone", "Phone call", 4, 20), ("first", "email", "Email", 8, 10)]
    moves = history_reads.stage_changes(ada.id)
    assert (moves[0].from_stage, moves[0].to_stage) == ("encounter", "recognition")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].note = "changed"  # type: ignore[misc]


def test_the_profile_reads_everything_it_shows_at_once(db, clock):
    ada = create_contact(clock, "Ada Lovelace", emails=["b@x.org", "a@x.org"],
                         phones=["+44 1"], organisation="Engines", tags=["maths", "Alpha"])
    activity.log_interaction(clock, [ada.id], "phone", exchange="give")
    found = profile_reads.profile(ada.id)
    assert found is not None
    assert (found.display_name, found.organisation) == ("Ada Lovelace", "Engines")
    assert found.emails == ("b@x.org", "a@x.org"), "in the order they were given"
    assert found.phones == ("+44 1",) and sorted(found.tags) == ["Alpha", "maths"]
    assert found.give_take == Balance(gives=1, asks=0, receives=0, neutral=0)
    assert profile_reads.profile(ada.id + 1) is None and profile_reads.profile(None) is None
    assert profile_reads.stage_of(ada.id) == "inbox"
    assert profile_reads.name_and_organisation(ada.id) == ("Ada Lovelace", "Engines")


def test_possible_duplicates_match_name_in_any_case_or_an_address(db, clock):
    ada = create_contact(clock, "Ada Lovelace", emails=["ada@x.org"])
    create_contact(clock, "Grace Hopper")
    assert [d.id for d in profile_reads.possible_duplicates("  ada  LOVELACE", [])] == [ada.id]
    assert [d.id for d in profile_reads.possible_duplicates("A. L.", ["ADA@x.org"])] == [
        ada.id]
    assert profile_reads.possible_duplicates("Nobody", ["n@x.org"]) == []


def test_tags_channels_and_introductions(db, clock):
    create_contact(clock, "Ada", tags=["zeta", "Alpha"])
    assert tag_reads.known_tags() == ["Alpha", "zeta"]
    assert [c.key for c in channel_reads.channels()] == [c.key for c in sorted(
        BUILTIN_CHANNELS, key=lambda c: c.richness)]
    ada, bo = create_contact(clock, "Ada Lovelace"), create_contact(clock, "Bo Brown")
    intro = introductions.create_introduction(clock, requester_id=ada.id, target_id=bo.id)
    asked = introductions.create_introduction(clock, requester_id=None, target_id=bo.id,
                                              introducer_id=ada.id)
    clock.advance(minutes=1)
    introductions.advance(clock, intro.id, IntroStatus.DECLINED)
    introductions.advance(clock, intro.id, IntroStatus.CLOSED)
    rows = introduction_reads.rows("all")
    assert {r.id for r in rows} == {intro.id, asked.id}
    by_id = {r.id: r for r in rows}
    assert by_id[asked.id].requester is None and by_id[asked.id].introducer_id == ada.id
    assert by_id[intro.id].requester.display_name == "Ada Lovelace"
    assert [r.id for r in introduction_reads.rows("open")] == [asked.id]
