"""What the reminder service says about time boxes and follow-ups due at an hour, and where
a click on it leads, through the real service on a fake clock (pinned against mutmut's
survivors in services/reminder_pass.py): a box announced late says when it started and
the minutes left; a box that ends with nothing logged asks to log, and opens the Log
dialog; a follow-up due at an hour interrupts at that hour, but never in quiet hours;
the digest's "and N more" does not count snoozed people."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.interchange.calendar_upcoming import UpcomingOccurrence
from relmanager.services import reminder_pass
from relmanager.store import notification_state as state
from relmanager.store import preferences, upcoming
from relmanager.store import settings as store_settings
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.models import TimeBoxPlan
from tests.conftest import at


def run_until(service, clock, end: datetime) -> list[tuple[str, str, str]]:
    """Wake-up to wake-up (the service's own timer) up to ``end``; what was shown."""
    before = len(service.shown)
    while service.wake_at is not None and service.wake_at <= end:
        clock.set(service.wake_at)
        service.check()
    clock.set(max(end, clock.now()))
    return service.shown[before:]


def cooling_friend(clock, name: str):
    now = clock.now()
    clock.set(now - timedelta(days=50))
    friend = create_contact(clock, name, stage=Stage.FRIENDSHIP)
    log_interaction(clock, [friend.id], "phone")
    clock.set(now)
    return friend


@pytest.mark.parametrize(("quiet_end", "title"), [
    ("08:30", "Time box: 15 min for your network"),
    ("08:31", "Time box started at 08:30: 14 min left"),
    ("08:35", "Time box started at 08:30: 10 min left"),
    ("08:44", "Time box started at 08:30: 1 min left"),
])
def test_a_box_said_after_quiet_hours_says_when_it_started_and_what_is_left(
        service, clock, quiet_end, title):
    """Quiet hours ending at or after the box's start: said as starting when they end
    with it, otherwise as started, with the whole minutes left (a minute late is late)."""
    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00", quiet_start="08:00", quiet_end=quiet_end)
    service.start()
    shown = run_until(service, clock, at(0, 8, 50))
    assert [(t, b.split("\n")[0], v) for t, b, v in shown if "Time box" in t][:1] == [
        (title, "Anyone you have been meaning to reach.", "today")]


def test_a_box_over_with_nothing_logged_asks_to_log_and_opens_the_log_dialog(
        service, clock):
    """Day 0: nothing logged in the box, so its end asks "Log what you did?" and a click
    opens the Log dialog. Day 1: a call logged in the box, so its end says nothing."""
    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00")
    service.start()
    ended = [s for s in run_until(service, clock, at(0, 9)) if s[0].startswith("Time box over")]
    assert [(t, b.split("\n")[0], v) for t, b, v in ended] == [
        ("Time box over, nothing logged yet", "Log what you did?", "log")]
    run_until(service, clock, at(1, 8, 35))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", minutes=5)
    later = run_until(service, clock, at(1, 9))
    assert [t for t, _b, _v in later if t.startswith("Time box over")] == []


def test_a_follow_up_due_at_an_hour_interrupts_then_but_not_in_quiet_hours(service, clock):
    """Set after the morning digest for 10:00: at 10:00 it says so, opening Today, with
    the follow-up as the text. On a day whose quiet hours cover 10:00, it waits for
    their end."""
    clock.set(at(0, 6))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8))
    create_follow_up(clock, ada.id, "Send the slides", at(0, 10))
    service.reschedule()
    shown = run_until(service, clock, at(0, 11))
    assert shown == [("Follow up with Ada: Send the slides (due today)", "Send the slides",
                      "today")]
    assert service.shown[-1] == shown[0]
    preferences.save(quiet_start="09:30", quiet_end="10:30")
    run_until(service, clock, at(1, 8))
    create_follow_up(clock, ada.id, "Book the room", at(1, 10))
    service.reschedule()
    assert run_until(service, clock, at(1, 10, 29)) == []
    assert [t for t, _b, _v in run_until(service, clock, at(1, 11))] == [
        "Follow up with Ada: Book the room (due today)"]


def test_the_digests_and_more_counts_only_people_not_snoozed(service, clock):
    """Five friends cooling and one snoozed: three named, "and 2 more in Today"."""
    clock.set(at(0, 6))
    for name in ("Ada", "Bo", "Cy", "Di", "Ed"):
        cooling_friend(clock, name)
    quiet = cooling_friend(clock, "Zoe")
    state.snooze("contact", str(quiet.id), at(9, 0))
    preferences.save(digest_time="07:00")
    service.start()
    digest = run_until(service, clock, at(0, 8))
    assert len(digest) == 1
    title, body, view = digest[0]
    assert view == "today" and "Zoe" not in title + body
    assert body.split("\n")[-1] == "and 2 more in Today"


def test_the_cap_counts_each_notification_of_one_moment(service, clock):
    """Cap 3: the digest is the first of the day; three follow-ups due at the same hour
    bring the day to three, so only two of them interrupt (the third waits for the next
    digest)."""
    clock.set(at(0, 6))
    ada = cooling_friend(clock, "Ada")
    preferences.save(digest_time="07:00", daily_cap=3)
    service.start()
    assert len(run_until(service, clock, at(0, 8))) == 1
    for title in ("Send the slides", "Book the room", "Call back"):
        create_follow_up(clock, ada.id, title, at(0, 10))
    service.reschedule()
    assert len(run_until(service, clock, at(0, 11))) == 2


def test_a_cap_of_one_is_the_digest(service, clock):
    """With a cap of one the single notification of the day is the digest, and the time
    box starting later says nothing (its session still opens)."""
    clock.set(at(0, 6))
    cooling_friend(clock, "Ada")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00", daily_cap=1)
    service.start()
    assert [t for t, _b, _v in run_until(service, clock, at(0, 9))] == ["Today: Ada"]


def test_a_box_is_announced_once_even_when_something_else_is_said_during_it(service, clock):
    """A follow-up due at 08:35, inside the 08:30 box: at 08:35 only the follow-up is
    said; the box was announced at its start and is not announced again."""
    clock.set(at(0, 6))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8))
    create_follow_up(clock, ada.id, "Send the slides", at(0, 8, 35))
    service.reschedule()
    titles = [t for t, _b, _v in run_until(service, clock, at(0, 8, 40))]
    assert titles == ["Time box: 15 min for your network",
                      "Follow up with Ada: Send the slides (due today)"]


def test_a_box_held_back_by_the_cap_is_not_said_late_when_the_cap_is_raised(service, clock):
    """Cap 1: the 07:00 digest uses it, so the 08:30 box says nothing (its session still
    opens). Raising the cap at 08:35, while the box still runs, does not bring the box's
    start back as "started at 08:30": what the cap held back is recorded as said. Its
    end, once the cap allows, is said."""
    clock.set(at(0, 6))
    cooling_friend(clock, "Ada")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="08:30")
    preferences.save(digest_time="07:00", daily_cap=1)
    service.start()
    assert [t for t, _b, _v in run_until(service, clock, at(0, 8, 34))] == ["Today: Ada"]
    preferences.save(daily_cap=10)
    assert service.check() == []
    assert [t for t, _b, _v in run_until(service, clock, at(0, 9))] == [
        "Time box over, nothing logged yet"]


def test_without_a_digest_time_the_digest_comes_with_the_days_first_box(service, clock):
    """No digest time picked and a box at 09:00: nothing is said before 09:00, then one
    notification, the box's title over the digest's lines; the next day, with nobody new,
    the box's own "Try ..." line."""
    clock.set(at(0, 6))
    cooling_friend(clock, "Ada")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    service.start()
    assert run_until(service, clock, at(0, 8, 59)) == []
    first = run_until(service, clock, at(0, 9))
    assert [(t, b.split("\n")[0]) for t, b, _v in first] == [
        ("Time box: 15 min for your network", "Ada is cooling: usually every 6 weeks; now 7 weeks")]
    run_until(service, clock, at(1, 8, 59))
    assert [(t, b) for t, b, _v in run_until(service, clock, at(1, 9))] == [
        ("Time box: 15 min for your network",
         "Try Ada.\n0 of 105 min invested this week (0%)")]


def test_time_box_suggestions_rotate_over_the_last_two_boxes(service, clock):
    """Five friends cooling, a box a day: the first box suggests the three most pressing,
    the second the two others first, then the first again; by the third everyone was
    suggested in the last two boxes, so the ranking alone decides."""
    clock.set(at(0, 6))
    for name in ("Ada", "Bo", "Cy", "Di", "Ed"):
        cooling_friend(clock, name)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(digest_time="07:00")
    service.start()
    tries = [b for t, b, _v in run_until(service, clock, at(2, 10))
             if t.startswith("Time box:")]
    assert tries == ["Try Ada, Bo and Cy.\n0 of 105 min invested this week (0%)",
                     "Try Di, Ed and Ada.\n0 of 105 min invested this week (0%)",
                     "Try Ada, Bo and Cy.\n0 of 105 min invested this week (0%)"]


def test_a_box_not_said_does_not_count_as_suggested(service, clock):
    """A box whose start falls in quiet hours says nothing, so its people are not
    "recently suggested": the next day's box suggests the same, most pressing, people."""
    clock.set(at(0, 6))
    for name in ("Ada", "Bo", "Cy", "Di", "Ed"):
        cooling_friend(clock, name)
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(digest_time="07:00", quiet_start="08:00", quiet_end="10:00")
    service.start()
    run_until(service, clock, at(0, 12))
    preferences.save(quiet_start="00:00", quiet_end="00:00")  # none
    tries = [b.split("\n")[0] for t, b, _v in run_until(service, clock, at(1, 10))
             if t.startswith("Time box:")]
    assert tries == ["Try Ada, Bo and Cy."]


def test_a_follow_up_due_at_the_digests_moment_is_the_digests_not_an_interruption(
        service, clock):
    """Set at 08:00 for 07:00 (the digest's moment, already past): it is not "after the
    digest", so it does not interrupt; one set for 07:01 does, at once."""
    clock.set(at(0, 6))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8))
    create_follow_up(clock, ada.id, "Send the slides", at(0, 7))
    assert service.check() == []
    create_follow_up(clock, ada.id, "Book the room", at(0, 7, 1))
    assert [n.title for n in service.check()] == [
        "Follow up with Ada: Book the room (due today)"]


def test_a_box_started_by_hand_wakes_the_service_at_its_end(service, clock):
    """A 30-minute box started from the tray at 10:00: the service wakes at 10:30 (not
    at the next resync), says it is over and closes it, then sleeps until the next
    day's digest (the box's end, now past, is no wake-up)."""
    from relmanager.store import timeboxes

    clock.set(at(0, 6))
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 10))
    timeboxes.start_box(clock, 30)
    service.reschedule()
    assert service.wake_at == at(0, 10, 30)
    clock.set(at(0, 10, 30))
    assert [n.title for n in service.check()] == ["Time box over, nothing logged yet"]
    assert timeboxes.current_session(clock.now()) is None
    # Then it sleeps until the next thing due (the next day's digest), not at once again.
    assert service.wake_at == at(1, 7)


def test_a_scheduled_box_inside_a_longer_hand_started_one_still_wakes_at_its_end(
        service, clock):
    """An hour's box started by hand at 08:50 holds the 09:00 scheduled box from opening
    (one box at a time), yet the service wakes at the scheduled box's end, 09:15, and
    then at the hand-started one's, 09:50."""
    from relmanager.store import timeboxes

    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8, 50))
    timeboxes.start_box(clock, 60)
    service.reschedule()
    assert service.wake_at == at(0, 9)
    told: list[datetime] = []
    service.timebox_changed.connect(lambda: told.append(clock.now()))
    clock.set(at(0, 9))
    service.check()
    assert told == []  # nothing opened or closed: the tray is not told
    assert service.wake_at == at(0, 9, 15)
    clock.set(at(0, 9, 15))
    service.check()
    assert service.wake_at == at(0, 9, 50)


def test_snooze_all_drops_the_wake_ups_it_covers_but_not_a_box(service, clock):
    """"Snooze all" from 08:00 to 10:00: the 09:00 digest's wake-up is dropped (the
    service wakes at 10:00 and says it then); a box at 09:30 still wakes it (boxes open
    and close whatever is said) without a word; after 10:00 the next wake-up is the
    11:00 follow-up's."""
    clock.set(at(0, 6))
    ada = cooling_friend(clock, "Ada")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:30")
    preferences.save(digest_time="09:00")
    service.start()
    clock.set(at(0, 8))
    create_follow_up(clock, ada.id, "Call back", at(0, 11))
    service.snooze_all(2)
    assert service.wake_at == at(0, 9, 30)
    clock.set(at(0, 9, 30))
    assert service.check() == []
    assert service.wake_at == at(0, 9, 45)
    clock.set(at(0, 9, 45))
    assert service.check() == []
    assert service.wake_at == at(0, 10)
    clock.set(at(0, 10))
    assert [n.title for n in service.check()] == ["Today: Ada"]
    assert service.wake_at == at(0, 11)


def test_a_scheduled_box_right_after_another_opens_as_the_first_closes(service, clock):
    """A box started by hand at 09:00 for 15 minutes and one scheduled at 09:15: the
    09:15 pass closes the first and opens the scheduled one, at 09:15."""
    from relmanager.store import timeboxes

    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:15")
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 9))
    first = timeboxes.start_box(clock, 15)
    service.reschedule()
    clock.set(at(0, 9, 15))
    service.check()
    session = timeboxes.current_session(clock.now())
    assert session is not None and session.id != first.id
    assert session.started_at == at(0, 9, 15) and session.planned_minutes == 15


def test_a_scheduled_box_stopped_early_is_not_reopened(service, clock):
    """The 09:00 box stopped from the tray at 09:05: a check at 09:10 (any change to the
    data) does not open it again."""
    from relmanager.store import timeboxes

    clock.set(at(0, 6))
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 9, 5))
    assert timeboxes.stop_box(clock) is not None
    clock.set(at(0, 9, 10))
    service.check()
    assert timeboxes.current_session(clock.now()) is None


def test_a_business_box_suggests_business_contacts_only(service, clock):
    """Time boxes for business: the most pressing friend (personal) is left out of the
    box's suggestions, though the digest names her."""
    clock.set(at(0, 6))
    ada = cooling_friend(clock, "Ada")
    ada.sphere = "personal"
    ada.save()
    cooling_friend(clock, "Bo")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(digest_time="07:00", timebox_sphere="business")
    service.start()
    shown = run_until(service, clock, at(0, 9, 5))
    assert [(t, b.split("\n")[0]) for t, b, _v in shown] == [
        ("Today: Ada and Bo", "Ada is cooling: usually every 6 weeks; now 7 weeks"),
        ("Time box: 15 min for your network", "Try Bo.")]


def test_a_cap_of_one_still_gives_the_digest_merged_with_the_days_box(service, clock):
    """No digest time, a box at 09:00 and a cap of one: the one notification of the day
    is the digest merged with the box (it keeps the digest's place under the cap)."""
    clock.set(at(0, 6))
    cooling_friend(clock, "Ada")
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4,5,6", start_time="09:00")
    preferences.save(daily_cap=1)
    service.start()
    assert [(t, b.split("\n")[0]) for t, b, _v in run_until(service, clock, at(0, 9, 30))] == [
        ("Time box: 15 min for your network", "Ada is cooling: usually every 6 weeks; now 7 weeks")]


def test_a_meeting_brief_on_a_day_whose_cap_is_used_is_said_and_counts_for_nothing(
        service, clock):
    """A brief is due before its meeting or never, so the daily cap neither holds it back
    nor counts it: on a day whose notifications are all used, the brief three minutes
    before a meeting with Ann is still said, and the day's count stays at the cap."""
    clock.set(at(1, 6))
    create_contact(clock, "Ann Lee", emails=["ann@example.com"], stage=Stage.FRIENDSHIP)
    start = at(1, 14)
    meeting = UpcomingOccurrence("a", start, start + timedelta(minutes=30), "Talk", "meeting",
                                 30, ("ann@example.com",))
    assert upcoming.replace_upcoming("cal", [meeting], clock.now()) == 1
    preferences.save(digest_time="07:00", daily_cap=2)
    service.start()
    clock.set(start - timedelta(minutes=3))
    store_settings.set_value(reminder_pass.SENT_KEY, [start.date().isoformat(), 2])
    assert [n.title for n in service.check()] == ["Meeting with Ann Lee in 3 min: brief"]
    assert reminder_pass.sent_today(start.date()) == 2


def test_a_digest_given_today_is_not_waited_for_again_when_its_time_moves_later(
        service, clock):
    """The 07:00 digest given, its time moved to 09:00 at 08:00: the next wake-up is
    tomorrow's 09:00 digest, not today's (the day's digest was given, and nothing else
    is due)."""
    clock.set(at(0, 6))
    cooling_friend(clock, "Ada")
    preferences.save(digest_time="07:00", quiet_start="00:00", quiet_end="00:00")
    service.start()
    assert [t for t, _b, _v in run_until(service, clock, at(0, 8))] == ["Today: Ada"]
    preferences.save(digest_time="09:00")
    service.reschedule()
    assert service.wake_at == at(1, 9)
