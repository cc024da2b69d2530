"""A scripted 30-day month with a small known network, the service waking itself (the
fake clock jumps to its own next wake-up), then a restart and a suspend."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Cadence, Stage
from relmanager.services.context import AppContext
from relmanager.services.reminders import ReminderService
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import FollowUp, TimeBoxPlan
from relmanager.store.settings import set_stage_cadence
from tests.recording_notifier import RecordingNotifier


def _service(clock, db_path) -> tuple[ReminderService, RecordingNotifier]:
    notifier = RecordingNotifier()
    return ReminderService(AppContext.create(clock, db_path), notifier), notifier


def test_scripted_month(db, db_path, clock, qapp):
    set_stage_cadence(Stage.FRIENDSHIP, Cadence(10, 20))
    TimeBoxPlan.create(minutes=15, weekdays="0,2,4", start_time="08:30")  # Mon/Wed/Fri
    clock.set(clock.now().replace(hour=7))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone")
    create_contact(clock, "Eve", stage=Stage.ENCOUNTER, met_on=clock.now().date())
    create_contact(clock, "Ivy", stage=Stage.INBOX)
    create_contact(clock, "Pat", stage=Stage.PARKED)
    FollowUp.create(contact=ada, title="send the paper", due_at=clock.now() + timedelta(days=5))
    service, notifier = _service(clock, db_path)
    service.start()
    end = clock.now() + timedelta(days=30)
    checks = 0
    while service.wake_at is not None and service.wake_at <= end:
        clock.set(service.wake_at)
        service.check()
        checks += 1
    assert checks < 30 * 6  # woken for what is due, not polled
    texts = [f"{t}\n{b}" for t, b, _v in notifier.shown]
    joined = "\n".join(texts)
    # Mon/Wed/Fri 08:30 from Mon 2 March to Wed 1 April: 14 boxes, each with its digest.
    assert joined.count("Time box: 15 min for your network") == 13  # 1 April is day 31
    assert joined.count("Link while fresh: Eve (met today; 7 days left)") == 1
    assert joined.count("Last chance to link with Eve while fresh") == 1
    assert joined.count("Follow up with Ada: send the paper (due today)") == 1
    assert joined.count("Ada is cooling") == 1 and joined.count("Ada has gone cold") == 1
    assert "Ivy" not in joined and "Pat" not in joined
    first = [i for i, t in enumerate(texts) if "Eve" in t]
    cold = [i for i, t in enumerate(texts) if "Ada is cooling" in t]
    assert first[0] < cold[0]  # day 0 before day 10, announced in order
    assert joined.count("Eve is cooling") == 1  # past its window: an encounter going cold

    count = len(notifier.shown)
    service.shutdown()
    restarted, again = _service(clock, db_path)
    restarted.start()
    assert again.shown == []  # nothing repeated after a restart

    clock.set(clock.now().replace(hour=23) + timedelta(days=1))  # quiet hours
    restarted.check()
    assert again.shown == []
    clock.jump(hours=9, minutes=35)  # the laptop slept through Friday's 08:30 box
    restarted.check()
    restarted.check()
    assert [t for t, _b, _v in again.shown] == ["Today: Eve"]  # the day's digest, no box
    assert again.shown[0][1].startswith("Eve has gone cold: usually every 2 weeks; now")
    assert len(notifier.shown) == count
