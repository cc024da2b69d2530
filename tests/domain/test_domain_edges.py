"""The domain's boundaries and words, pinned: written to kill the mutants mutmut found
surviving (scripts/mutate relmanager/domain; docs/TESTING.md). Each test names the edge
a person would hit: the exact day a contact turns, the exact advice they read."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from relmanager.domain.channels import BUILTIN_BY_KEY, channel_advice
from relmanager.domain.clock import FakeClock, ScaledClock, real_delay_ms
from relmanager.domain.introductions import IntroStatus, consent_warning
from relmanager.domain.reciprocity import Balance, ask_advice
from relmanager.domain.stages import BOARD_ORDER, Cadence, Stage, neighbour_stage
from relmanager.domain.timebox import BoxSchedule, WeekProgress
from relmanager.domain.warmth import Fresh, fresh_encounter

MET = datetime(2026, 3, 2, 19, 0)


# -- reciprocity and introductions: the exact words --------------------------------------
def test_asking_early_advice_reads_in_full():
    assert ask_advice(Stage.RECOGNITION, Balance(gives=3)) == (
        "This is an ask of someone still at recognition. "
        "Consider offering something first: an introduction, a link, advice.")


def test_asking_of_someone_never_given_to_reads_in_full():
    assert ask_advice(Stage.FRIENDSHIP, Balance(gives=0, asks=1)) == (
        "You have never logged a give to this person. "
        "A relationship is two-way: consider offering something first.")


def test_asking_again_is_fine_at_two_more_taken_and_not_at_three():
    assert ask_advice(Stage.FRIENDSHIP, Balance(gives=1, asks=3)) is None  # net -2
    advice = ask_advice(Stage.FRIENDSHIP, Balance(gives=1, asks=4))  # net -3
    assert advice is not None and advice.endswith(": consider giving before asking again.")


def test_making_an_introduction_without_consent_reads_in_full():
    assert consent_warning(False, IntroStatus.MADE) == (
        "You have not recorded the other side's consent. An introduction nobody "
        "asked for costs them time: consider asking first.")
    assert consent_warning(True, IntroStatus.MADE) is None
    assert consent_warning(False, IntroStatus.CONSENT_ASKED) is None


# -- channels -------------------------------------------------------------------------
def test_channel_advice_names_the_two_richest_fitting_channels():
    advice = channel_advice(BUILTIN_BY_KEY["email"], Stage.ENCOUNTER)
    assert advice is not None
    assert advice.endswith("Try a richer channel: one-on-one, physical meeting.")


def test_a_broadcast_to_someone_recognised_is_fine_unless_it_is_the_only_contact():
    blog = BUILTIN_BY_KEY["blog"]
    assert channel_advice(blog, Stage.RECOGNITION) is None
    assert channel_advice(blog, Stage.RECOGNITION, only_contact=True) is not None
    assert channel_advice(blog, Stage.ENCOUNTER) is not None


# -- stages and cadences --------------------------------------------------------------
def test_neighbour_stage_reaches_both_edges():
    assert neighbour_stage(BOARD_ORDER[1], -1) is BOARD_ORDER[0]
    assert neighbour_stage(BOARD_ORDER[0], -1) is None
    assert neighbour_stage(BOARD_ORDER[-1], 1) is None


def test_cadence_bounds_are_inclusive():
    assert Cadence(1, 1).max_days == 1
    assert Cadence(5, 5).ideal_days == 5
    with pytest.raises(ValueError, match=r"^cadence needs 1 <= ideal \(0\) <= maximum \(5\)$"):
        Cadence(0, 5)
    with pytest.raises(ValueError, match="maximum"):
        Cadence(6, 5)


# -- time boxes -----------------------------------------------------------------------
def test_a_box_lasts_from_one_minute_to_a_whole_day():
    assert BoxSchedule(frozenset({0}), time(8), 1).minutes == 1
    assert BoxSchedule(frozenset({0}), time(8), 24 * 60).minutes == 24 * 60
    for minutes in (0, 24 * 60 + 1):
        with pytest.raises(ValueError, match=r"^a time box lasts between 1 minute and a day$"):
            BoxSchedule(frozenset({0}), time(8), minutes)
    with pytest.raises(ValueError, match=r"^a time box needs at least one day of the week$"):
        BoxSchedule(frozenset(), time(8), 15)


def test_occurrences_include_the_start_and_exclude_the_end():
    monday = BoxSchedule(frozenset({0}), time(8, 30), 15)
    start = datetime(2026, 3, 2, 8, 30)  # a Monday
    assert list(monday.occurrences(start, start + timedelta(days=7))) == [start]
    assert list(monday.occurrences(start - timedelta(days=7), start)) == [
        start - timedelta(days=7)]


def test_next_box_is_the_first_start_strictly_after():
    monday = BoxSchedule(frozenset({0}), time(8, 30), 15)
    start = datetime(2026, 3, 2, 8, 30)
    assert monday.next_after(start - timedelta(microseconds=1)) == start
    assert monday.next_after(start) == start + timedelta(days=7)


def test_a_one_minute_commitment_is_a_commitment():
    assert WeekProgress(1, 1).describe() == "1 of 1 min invested this week (100%)"
    assert WeekProgress(5, 0).describe() == "5 min invested this week (no commitment set)"


# -- link while fresh -----------------------------------------------------------------
def test_fresh_from_the_day_met_to_the_last_day_of_its_window():
    met = MET.date()
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met) == Fresh(met, 7)
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met + timedelta(days=6)).days_left == 1
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met + timedelta(days=7)) is None
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met - timedelta(days=1)) is None


def test_only_an_interaction_on_a_later_day_counts_as_following_up():
    met, today = MET.date(), MET.date() + timedelta(days=2)
    assert fresh_encounter(Stage.ENCOUNTER, met, met, today) is not None  # the meeting itself
    assert fresh_encounter(Stage.ENCOUNTER, met, met + timedelta(days=1), today) is None


# -- clocks ---------------------------------------------------------------------------
def test_fake_clock_advance_moves_both_jump_only_the_wall():
    clock = FakeClock(MET)
    mono = clock.monotonic()
    assert clock.advance(hours=1) == MET + timedelta(hours=1)
    assert clock.monotonic() == mono + 3600
    assert clock.jump(timedelta(hours=2)) == MET + timedelta(hours=3)
    assert clock.monotonic() == mono + 3600
    clock.set(MET + timedelta(hours=4))
    assert (clock.now(), clock.monotonic()) == (MET + timedelta(hours=4), mono + 7200)
    clock.set(clock.now())  # setting the same moment moves nothing
    assert clock.monotonic() == mono + 7200
    clock.set(MET)  # backwards: the wall clock only (monotonic time never runs back)
    assert (clock.now(), clock.monotonic()) == (MET, mono + 7200)
    assert clock.advance(timedelta(minutes=30)) == MET + timedelta(minutes=30)


def test_scaled_clock_starts_at_its_moment_and_runs_rate_times_as_fast(monkeypatch):
    real = [1000.0]
    monkeypatch.setattr("relmanager.domain.clock.time.monotonic", lambda: real[0])
    clock = ScaledClock(MET, rate=60)
    assert clock.now() == MET
    real[0] += 2.0
    assert clock.now() == MET + timedelta(minutes=2)
    assert clock.monotonic() == 1000.0 + 120.0
    assert real_delay_ms(clock, 60_000) == 1000
    assert real_delay_ms(FakeClock(MET), 60_000) == 60_000
    assert ScaledClock(MET).rate == 1.0  # the real pace, from a chosen moment
    with pytest.raises(ValueError, match=r"^clock rate must be positive, not 0$"):
        ScaledClock(MET, rate=0)
