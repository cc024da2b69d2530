"""Each reminder setting, through the real reminder service on a fake clock that jumps to
the service's own next wake-up: the daily cap, per-contact snooze, "snooze all", "Show
reminders" off and quiet hours. Each test fails if the check it is about is removed."""

from __future__ import annotations

from datetime import datetime, timedelta

from relmanager.domain.stages import Stage
from relmanager.store import notification_state as state
from relmanager.store import preferences, timeboxes
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import TimeBoxPlan
from tests.conftest import at


def cooling_friend(clock, name: str = "Ada"):
    """A friend who last spoke to the user 50 days ago (cooling after 45)."""
    now = clock.now()
    clock.set(now - timedelta(days=50))
    friend = create_contact(clock, name, stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone")
    clock.set(now)
    return friend


def run_until(service, clock, end: datetime) -> list[tuple[datetime, str, str]]:
    """Jump from wake-up to wake-up (the service's own timer) up to ``end``, noting what
    was shown; the clock is left at ``end``."""
    seen = []
    while service.wake_at is not None and service.wake_at <= end:
        clock.set(service.wake_at)
        seen += [(clock.now(), n.title, n.body) for n in service.check()]
    clock.set(max(end, clock.now()))
    return seen




def test_daily_cap_holds_and_what_it_holds_back_waits_for_the_next_digest(service, clock):
    """07:30 digest, 09:00 box start, 09:15 box end (nothing logged) use up the three;
    a follow-up due at 12:00 (made after the digest) is held back, and named next
    morning. With a cap of 4 it comes at noon."""
    clock.set(at(0, 6))
    cooling_friend(clock)
    preferences.save(digest_time="07:30")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    bo = create_contact(clock, "Bo", stage=Stage.DEVELOPMENT)
    service.start()
    seen = run_until(service, clock, at(0, 10))
    create_follow_up(clock, bo.id, "send the slides", at(0, 12))
    seen += [(clock.now(), n.title, n.body) for n in service.check()]  # the change's recheck
    seen += run_until(service, clock, at(0, 23))
    titles = [t for _w, t, _b in seen]
    assert titles == ["Today: Ada", "Time box: 15 min for your network",
                      "Time box over, nothing logged yet"]
    clock.set(at(1, 7, 30))
    digest = service.check()
    assert "Follow up with Bo: send the slides (1 day overdue)" in digest[0].body


def test_a_higher_cap_lets_the_follow_up_through(service, clock):
    clock.set(at(0, 6))
    cooling_friend(clock)
    preferences.save(digest_time="07:30", daily_cap=4)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    bo = create_contact(clock, "Bo", stage=Stage.DEVELOPMENT)
    service.start()
    seen = run_until(service, clock, at(0, 10))
    create_follow_up(clock, bo.id, "send the slides", at(0, 12))
    seen += [(clock.now(), n.title, n.body) for n in service.check()]  # the change's recheck
    seen += run_until(service, clock, at(0, 23))
    assert [(w.hour, t) for w, t, _b in seen][-1] == (
        12, "Follow up with Bo: send the slides (due today)")


def test_snoozed_person_is_never_named_until_the_snooze_ends(service, clock):
    clock.set(at(0, 6))
    ada = cooling_friend(clock, "Ada")
    cooling_friend(clock, "Cy")
    state.snooze("contact", str(ada.id), at(3, 12))
    service.start()
    seen = run_until(service, clock, at(3, 0))
    assert seen and all("Ada" not in f"{t}\n{b}" for _w, t, b in seen)
    assert any("Cy is cooling" in b for _w, _t, b in seen)
    later = run_until(service, clock, at(5, 0))
    assert [w for w, _t, b in later if "Ada is cooling" in b] == [at(4, 8, 30)]


def test_snooze_all_wakes_exactly_when_it_ends(service, clock):
    clock.set(at(0, 8))  # before the 08:30 morning digest
    cooling_friend(clock)
    service.start()
    service.snooze_all(1)
    assert service.wake_at == at(0, 9)  # not the next resync
    clock.set(service.wake_at - timedelta(minutes=20))  # 08:40: digest time, but snoozed
    assert service.check() == []
    clock.set(service.wake_at)
    assert [n.title for n in service.check()] == ["Today: Ada"]


def test_show_reminders_off_says_nothing_but_boxes_still_count(service, clock):
    clock.set(at(0, 6))
    ada = cooling_friend(clock)
    cooling_friend(clock, "Cy")
    preferences.save(notifications_enabled=False)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    service.start()
    seen = run_until(service, clock, at(0, 8, 35))
    log_interaction(clock, [ada.id], "phone", minutes=10)
    seen += run_until(service, clock, at(6, 12))
    assert seen == [] and service.shown == []
    assert timeboxes.week_progress(at(6, 12)).invested_minutes == 10  # the box still ran
    preferences.save(notifications_enabled=True)
    assert [n.kind for n in service.check()] == ["digest"]


def test_quiet_hours_hold_the_digest_until_they_end(service, clock):
    clock.set(at(0, 5))
    cooling_friend(clock)
    preferences.save(digest_time="06:00", quiet_start="22:00", quiet_end="07:15")
    service.start()
    assert service.shown == []
    assert service.wake_at == at(0, 6)
    clock.set(service.wake_at)
    assert service.check() == []  # 06:00 is quiet
    assert service.wake_at == at(0, 7, 15)  # wakes exactly when the quiet ends
    clock.set(service.wake_at)
    assert [n.title for n in service.check()] == ["Today: Ada"]


def test_a_box_whose_start_was_missed_is_never_announced_as_starting(service, clock):
    """Asleep through 08:30-08:45: nothing about it later. Awake at 08:40 after a
    "snooze all": announced as started, with the minutes left, and its session open."""
    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8))
    clock.jump(hours=1)  # 09:00: slept through the box
    assert all("Time box" not in n.title for n in service.check())
    run_until(service, clock, at(1, 8))
    service.snooze_all(0.66)  # until 08:39:36
    seen = run_until(service, clock, service.snoozed_until)
    assert [t for _w, t, _b in seen] == ["Time box started at 08:30: 5 min left"]
    session = timeboxes.current_session(clock.now())
    assert session is not None and session.started_at == at(1, 8, 30)


def test_time_box_suggestions_leave_snoozed_people_out(service, clock):
    """Pressing or not, a snoozed person is never suggested for a box."""
    clock.set(at(0, 6))
    ada = cooling_friend(clock, "Ada")
    cy = cooling_friend(clock, "Cy")
    bo = create_contact(clock, "Bo", stage=Stage.FRIENDSHIP)  # warm: suggested only as "cools in …"
    dee = create_contact(clock, "Dee", stage=Stage.FRIENDSHIP)
    for person in (ada, dee):
        state.snooze("contact", str(person.id), at(9, 0))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    service.start()
    seen = run_until(service, clock, at(2, 9))
    assert seen[0][2].split("\n")[0] == "Try Cy and Bo."  # pressing first, then whoever cools next
    assert [t for _w, t, _b in seen].count("Time box: 15 min for your network") == 3
    for _w, _t, body in seen:
        assert "Ada" not in body and "Dee" not in body
    assert cy and bo
