"""Manual time boxes with a fake clock: start, countdown, stop, the week's minutes."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Stage
from relmanager.store import timeboxes
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import TimeBoxPlan


def test_start_count_down_stop_and_week_progress(db, clock):
    TimeBoxPlan.create(minutes=15, weekdays="0,1,2,3,4")
    session = timeboxes.start_box(clock, 15)
    assert timeboxes.start_box(clock, 30).id == session.id  # only one open box
    clock.advance(minutes=5)
    assert timeboxes.remaining_seconds(timeboxes.current_session(clock.now()), clock.now()) == 600
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone", minutes=10)
    assert timeboxes.stop_box(clock) is not None
    assert timeboxes.current_session(clock.now()) is None
    progress = timeboxes.week_progress(clock.now())
    # the box was stopped after 5 minutes: it counts at most those 5 (issue 22)
    assert (progress.invested_minutes, progress.committed_minutes) == (5, 75)


def test_scheduled_box_suggests_people_counts_down_and_asks_to_log(db, db_path, clock, qapp):
    """08:30 on a plan day: the digest names up to three overdue people, a session opens;
    at 08:45 the end asks "log what you did?" (a click opens the log dialog); what is
    logged just after the box counts, what is logged hours later does not."""
    from relmanager.services.context import AppContext
    from relmanager.services.reminders import ReminderService
    from tests.recording_notifier import RecordingNotifier

    TimeBoxPlan.create(minutes=15, weekdays="0", start_time="08:30")
    names = ["Ada", "Bo", "Cy", "Di"]
    people = {n: create_contact(clock, n, stage=Stage.FRIENDSHIP) for n in names}
    create_contact(clock, "Pat", stage=Stage.PARKED)
    clock.set(clock.now().replace(hour=8, minute=0) + timedelta(days=21))  # all overdue
    notifier = RecordingNotifier()
    service = ReminderService(AppContext.create(clock, db_path), notifier)
    service.start()
    notifier.shown.clear()
    clock.set(clock.now().replace(hour=8, minute=30))
    service.check()
    title, body, view = notifier.shown[-1]
    assert title == "Time box: 15 min for your network"  # with the day's digest
    suggested = body.split("\n")[0].removeprefix("Try ").rstrip(".").replace(" and ", ", ")
    assert len(suggested.split(", ")) == 3 and set(suggested.split(", ")) <= set(names)
    assert view == "today" and body.endswith("0 of 15 min invested this week (0%)")
    session = timeboxes.current_session(clock.now())
    assert session is not None and session.started_at == clock.now()
    assert service.next_due() == clock.now() + timedelta(minutes=15)

    clock.advance(minutes=15)
    service.check()
    title, body, view = notifier.shown[-1]
    assert (title, view) == ("Time box over, nothing logged yet", "log")
    assert body == "Log what you did?\n0 of 15 min invested this week (0%)"
    assert timeboxes.current_session(clock.now()) is None
    clock.advance(minutes=5)
    log_interaction(clock, [people["Ada"].id], "phone", minutes=12)
    clock.advance(hours=3)
    log_interaction(clock, [people["Bo"].id], "phone", minutes=40)
    assert timeboxes.week_progress(clock.now()).invested_minutes == 12
    service.check()
    assert len([t for t, _b, _v in notifier.shown if t.startswith("Time box over")]) == 1


def test_snooze_all_survives_a_restart(db, db_path, clock, qapp):
    from relmanager.services.context import AppContext
    from relmanager.services.reminders import ReminderService
    from tests.recording_notifier import RecordingNotifier

    ctx = AppContext.create(clock, db_path)
    ReminderService(ctx, RecordingNotifier()).snooze_all(1)
    again = ReminderService(ctx, RecordingNotifier())
    assert again.snoozed_until == clock.now() + timedelta(hours=1)
