"""A scripted 30-day month with a known network, checked hour by hour with a fake clock."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.stages import Cadence, Stage
from relmanager.services.context import AppContext
from relmanager.services.notifications import RecordingNotifier
from relmanager.services.reminders import ReminderService
from relmanager.store.activity import log_interaction
from relmanager.store.contacts import create_contact
from relmanager.store.models import FollowUp, TimeBoxPlan
from relmanager.store.settings import set_stage_cadence


def _service(clock, db_path) -> tuple[ReminderService, RecordingNotifier]:
    notifier = RecordingNotifier()
    return ReminderService(AppContext.create(clock, db_path), notifier), notifier


def test_scripted_month(db, db_path, clock, qapp):
    set_stage_cadence(Stage.FRIENDSHIP, Cadence(10, 20))
    TimeBoxPlan.create(minutes=15, weekdays="0,2,4", start_time="08:30")  # Mon/Wed/Fri
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    log_interaction(clock, [ada.id], "phone")
    create_contact(clock, "Eve", stage=Stage.ENCOUNTER)
    create_contact(clock, "Ivy", stage=Stage.INBOX)
    create_contact(clock, "Pat", stage=Stage.PARKED)
    FollowUp.create(contact=ada, title="send the paper", due_at=clock.now() + timedelta(days=5))
    service, notifier = _service(clock, db_path)
    service.start()
    for _hour in range(30 * 24):
        clock.advance(hours=1)
        service.check()
    titles = [t for t, _b, _v in notifier.shown]
    bodies = [b for _t, b, _v in notifier.shown]
    texts = [t if b == t else f"{t}\n{b}" for t, b in zip(titles, bodies, strict=True)]
    joined = "\n".join(texts)
    # Mon/Wed/Fri 08:30 from Mon 2 March (caught up at start) to Wed 1 April: 14 boxes.
    assert joined.count("Time box: 15 min") == 14
    assert joined.count("Link while fresh: Eve") == 1
    assert joined.count("Follow up with Ada: send the paper") == 1
    assert joined.count("going cold: Ada") == 2  # cooling once, cold once
    assert "Ivy" not in joined and "Pat" not in joined
    first = [i for i, t in enumerate(texts) if "Eve" in t]
    cold = [i for i, t in enumerate(texts) if "going cold" in t]
    assert first[0] < cold[0]  # day 3 before day 10, announced in order

    count = len(notifier.shown)
    service.shutdown()
    restarted, again = _service(clock, db_path)
    restarted.start()
    assert again.shown == []  # nothing repeated after a restart

    clock.advance(hours=38)  # Thursday 2 April, 23:00: quiet hours, nothing new
    restarted.check()
    assert again.shown == []
    clock.jump(hours=10)  # the laptop slept through Friday's 08:30 box
    assert restarted.suspended_since_last_check()
    restarted.check()
    restarted.check()
    assert len(again.shown) == 1
    assert again.shown[0][0].startswith("Time box: 15 min for your network")
    assert len(notifier.shown) == count
