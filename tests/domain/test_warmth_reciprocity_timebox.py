from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from relmanager.domain.clock import FakeClock, SystemClock
from relmanager.domain.introductions import (
    IntroStatus,
    can_move,
    check_in_due,
    consent_warning,
    primary_next,
)
from relmanager.domain.reciprocity import Balance, ask_advice
from relmanager.domain.stages import Cadence, Stage
from relmanager.domain.text import fold, search_terms
from relmanager.domain.timebox import (
    BoxSchedule,
    BoxSize,
    WeekProgress,
    format_weekdays,
    parse_weekdays,
    week_start,
)
from relmanager.domain.warmth import (
    Warmth,
    anchor_of,
    due_dates,
    fresh_encounter,
    meeting_day,
    stored_warmth,
    warmth_at,
)

NOW = datetime(2026, 3, 2, 9, 0)
CAD = Cadence(10, 20)


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [(0, Warmth.WARM), (9, Warmth.WARM), (10, Warmth.COOLING), (19, Warmth.COOLING),
     (20, Warmth.COLD), (400, Warmth.COLD)],
)
def test_warmth_bands(days_ago: int, expected: Warmth) -> None:
    last = NOW - timedelta(days=days_ago)
    anchor = anchor_of(last, None, NOW - timedelta(days=500))
    assert warmth_at(NOW, due_dates(anchor, CAD)) is expected


def test_never_spoken_to_counts_from_when_added() -> None:
    assert warmth_at(NOW, due_dates(anchor_of(None, None, NOW - timedelta(days=5)),
                                    CAD)) is Warmth.WARM
    assert warmth_at(NOW, due_dates(anchor_of(None, None, NOW - timedelta(days=25)),
                                    CAD)) is Warmth.COLD


def test_untracked_without_cadence_or_archived() -> None:
    assert warmth_at(NOW, due_dates(NOW, None)) is Warmth.UNTRACKED
    dates = due_dates(NOW - timedelta(days=400), CAD)
    assert stored_warmth({"archived": True, "cooling_at": dates.cooling_at,
                          "cold_at": dates.cold_at}, NOW) is Warmth.UNTRACKED


def test_warmth_rank_puts_cold_first() -> None:
    assert sorted(Warmth, key=lambda w: w.rank)[0] is Warmth.COLD


def test_due_dates() -> None:
    dates = due_dates(NOW, CAD)
    assert dates is not None
    assert dates.cooling_at == NOW + timedelta(days=10)
    assert due_dates(NOW, None) is None


def test_link_while_fresh_as_product_section_4_defines_it() -> None:
    """From the day of the meeting, for 7 days, days left shown; the meeting itself
    logged on the day is not its follow-up; anything logged on a later day ends it."""
    met = NOW.date()
    day0 = fresh_encounter(Stage.ENCOUNTER, met, None, met)
    assert day0 is not None and day0.days_left == 7 and not day0.closing
    logged_the_meeting = fresh_encounter(Stage.ENCOUNTER, met, met, met + timedelta(days=1))
    assert logged_the_meeting is not None and logged_the_meeting.days_left == 6
    assert fresh_encounter(Stage.ENCOUNTER, met, met + timedelta(days=1),
                           met + timedelta(days=2)) is None
    last = fresh_encounter(Stage.ENCOUNTER, met, None, met + timedelta(days=6))
    assert last is not None and last.days_left == 1 and last.closing
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met + timedelta(days=7)) is None
    assert fresh_encounter(Stage.RECOGNITION, met, None, met) is None
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met, archived=True) is None
    assert fresh_encounter(Stage.ENCOUNTER, met, None, met + timedelta(days=2), 3) is not None
    assert meeting_day(None, NOW) == met and meeting_day(date(2026, 1, 1), NOW) == date(
        2026, 1, 1)


def test_balance_describes() -> None:
    result = Balance(2, 1, 1, 1)  # counted in SQL (store.reciprocity)
    assert result.net == 0 and result.total == 5 and result.describe() == "Balanced"
    assert Balance().describe() == "No gives or asks yet"
    assert "given 1 more" in Balance(gives=1).describe()
    assert "taken 2 more" in Balance(asks=2).describe()


def test_ask_advice() -> None:
    assert "recognition" in (ask_advice(Stage.RECOGNITION, Balance(gives=5)) or "")
    assert "never logged a give" in (ask_advice(Stage.FRIENDSHIP, Balance()) or "")
    assert ask_advice(Stage.FRIENDSHIP, Balance(gives=2, asks=1)) is None
    assert "giving before" in (ask_advice(Stage.DEVELOPMENT, Balance(gives=1, asks=4)) or "")


def test_box_schedule_occurrences_and_next() -> None:
    weekday_mornings = BoxSchedule(frozenset(range(5)), time(8, 30), 15)
    friday_noon = datetime(2026, 3, 6, 12, 0)
    assert weekday_mornings.next_after(friday_noon) == datetime(2026, 3, 9, 8, 30)
    assert weekday_mornings.next_after(datetime(2026, 3, 9, 8, 30)) == datetime(2026, 3, 10, 8, 30)
    week = list(weekday_mornings.occurrences(datetime(2026, 3, 2), datetime(2026, 3, 9)))
    assert len(week) == 5 and week[0] == datetime(2026, 3, 2, 8, 30)
    assert weekday_mornings.weekly_minutes == 75
    assert weekday_mornings.describe() == "Weekdays at 08:30, 15 min"
    assert BoxSchedule(frozenset({1, 3}), time(19), 60).describe() == "Tue, Thu at 19:00, 60 min"
    assert BoxSchedule(frozenset(range(7)), time(7), 5).describe().startswith("Every day")


def test_box_schedule_validates() -> None:
    with pytest.raises(ValueError):
        BoxSchedule(frozenset(), time(8), 15)
    with pytest.raises(ValueError):
        BoxSchedule(frozenset({7}), time(8), 15)
    with pytest.raises(ValueError):
        BoxSchedule(frozenset({1}), time(8), 0)


def test_sizes_weekdays_and_weeks() -> None:
    assert [s.default_minutes for s in BoxSize] == [15, 30, 60]
    assert parse_weekdays("0,2, 4") == frozenset({0, 2, 4})
    assert format_weekdays([4, 0, 2, 2]) == "0,2,4"
    assert week_start(datetime(2026, 3, 5, 17)) == datetime(2026, 3, 2)
    assert week_start(date(2026, 3, 2)) == datetime(2026, 3, 2)


def test_week_progress() -> None:
    assert WeekProgress(30, 60).fraction == 0.5
    assert "30 of 60 min" in WeekProgress(30, 60).describe()
    assert WeekProgress(5, 0).fraction == 1.0 and WeekProgress(0, 0).fraction == 0.0
    assert "no commitment" in WeekProgress(5, 0).describe()


def test_fold_and_terms() -> None:
    assert fold("José MÜLLER") == "jose muller"
    assert fold(None) == "" and fold("ABC") == "abc"
    # marks go wherever they stand; letters that are not marks stay (ß folds to ss)
    assert fold("Dąbrowski, Ångström e\u0301 Straße ﬁ Ǆ") == "dabrowski, angstrom e strasse fi dz"
    assert search_terms("  Ann  Smi ") == ["ann", "smi"]


def test_fake_clock_advance_and_jump() -> None:
    clock = FakeClock(NOW)
    mono = clock.monotonic()
    clock.advance(hours=2)
    assert clock.now() == NOW + timedelta(hours=2) and clock.monotonic() == mono + 7200
    clock.jump(hours=10)
    assert clock.now() == NOW + timedelta(hours=12) and clock.monotonic() == mono + 7200
    clock.set(NOW + timedelta(hours=13))
    assert clock.monotonic() == mono + 10800
    real = SystemClock()
    assert real.monotonic() <= real.monotonic() and isinstance(real.now(), datetime)


def test_introduction_steps() -> None:
    assert primary_next(IntroStatus.REQUESTED) is IntroStatus.CONSENT_ASKED
    assert primary_next(IntroStatus.CLOSED) is None
    assert can_move(IntroStatus.REQUESTED, IntroStatus.MADE)
    assert not can_move(IntroStatus.CLOSED, IntroStatus.MADE)
    assert consent_warning(False, IntroStatus.MADE)
    assert consent_warning(True, IntroStatus.MADE) is None
    assert IntroStatus.CONSENT_ASKED.label == "Consent asked"
    assert IntroStatus.MADE.date_field == "made_at"


def test_an_introduction_check_in_is_due_once_made_and_its_moment_has_come() -> None:
    now = datetime(2026, 3, 16, 9, 0)
    assert check_in_due(IntroStatus.MADE, now, now)
    assert not check_in_due(IntroStatus.MADE, now + timedelta(seconds=1), now)
    assert not check_in_due(IntroStatus.MADE, None, now)
    assert not any(check_in_due(s, now - timedelta(days=30), now)
                   for s in IntroStatus if s is not IntroStatus.MADE)
