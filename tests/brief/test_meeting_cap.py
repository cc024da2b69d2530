"""Meeting notices and the daily cap (review 18, item 4): a brief and a "Log it" prompt
are due at one moment or never, so the cap must not hold them back. On a day whose
three notifications are all used, three meetings still get their three briefs, and a
meeting just over still gets its "Log it" prompt; neither uses up the cap."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.interchange.calendar_upcoming import UpcomingOccurrence
from relmanager.services import reminder_pass
from relmanager.store import preferences, upcoming
from relmanager.store import settings as store_settings

DAY = datetime(2026, 3, 3)




def _meeting(key: str, at: datetime, address: str) -> UpcomingOccurrence:
    return UpcomingOccurrence(key, at, at + timedelta(minutes=30), f"Talk {key}", "meeting",
                              30, (address,))


def _use_up_the_cap(day: datetime) -> int:
    cap = preferences.load().daily_cap
    store_settings.set_value(reminder_pass.SENT_KEY, [day.date().isoformat(), cap])
    return cap


def test_three_briefs_on_a_day_whose_cap_is_used(people, service, clock):
    svc, notifier = service
    start = DAY.replace(hour=14)
    occurrences = [_meeting("a", start, "ann@example.com"),
                   _meeting("b", start + timedelta(minutes=3), "bob@example.com"),
                   _meeting("c", start + timedelta(minutes=6), "ann@example.com")]
    assert upcoming.replace_upcoming("cal", occurrences, clock.now()) == 3
    clock.set(start - timedelta(minutes=3))
    cap = _use_up_the_cap(clock.now())
    svc.check()
    briefs = [t for t, _b, v in notifier.shown if v.startswith("brief:")]
    assert briefs == ["Meeting with Ann Lee in 3 min: brief",
                      "Meeting with Bob Roe in 6 min: brief",
                      "Meeting with Ann Lee in 9 min: brief"]
    assert reminder_pass.sent_today(clock.now().date()) == cap  # not counted in the cap


def test_log_it_prompt_on_a_day_whose_cap_is_used(people, service, clock):
    svc, notifier = service
    start = DAY.replace(hour=14)
    assert upcoming.replace_upcoming("cal", [_meeting("a", start, "ann@example.com")],
                                     clock.now()) == 1
    clock.set(start + timedelta(minutes=30))
    _use_up_the_cap(clock.now())
    svc.check()
    assert [t for t, _b, v in notifier.shown if v.startswith("brief:")] == [
        "Meeting with Ann Lee is over: Log it"]
