"""Occasions on Today (issue 24, item 7): the demo's birthdays are listed with their
reason, an activated row opens the person, and the digest names an occasion once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relmanager.domain.stages import Stage
from relmanager.services.reminders import ReminderService
from relmanager.store import demo
from relmanager.store.contacts import create_contact
from tests.recording_notifier import RecordingNotifier

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: Where to save a screenshot of Today, when asked (RELMANAGER_SHOTS=/some/folder).
SHOTS = os.environ.get("RELMANAGER_SHOTS", "")


def test_demo_birthdays_show_on_today(ctx, clock, qtbot, open_window):
    demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, clock.now())
    window = open_window(ctx)
    window.resize(1366, 768)
    window.show_page("today")
    today = window.today
    qtbot.waitUntil(lambda: not today.loader.loading
                    and today.occasions.tree.topLevelItemCount() > 0, timeout=10000)
    rows = [today.occasions.tree.topLevelItem(n)
            for n in range(today.occasions.tree.topLevelItemCount())]
    reasons = [row.text(1) for row in rows]
    assert sum(r.startswith("birthday today") for r in reasons) == 2, reasons
    assert any(r.startswith("met a year ago") for r in reasons), reasons
    assert today.occasions.tree.isVisible() and not today.occasions.empty.isVisible()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        window.grab().save(str(Path(SHOTS) / "today-1366x768.png"))
    with qtbot.waitSignal(today.contact_requested) as opened:
        today.occasions.tree.itemActivated.emit(rows[0], 0)
    assert opened.args == [rows[0].data(0, 0x0100)]


def test_digest_names_a_birthday_once_and_never_for_inbox(db, db_path, clock, ctx, qapp):
    md = f"--{clock.now():%m-%d}"
    create_contact(clock, "Bea Friend", stage=Stage.FRIENDSHIP, birthday=md)
    create_contact(clock, "Ivo Inbox", stage=Stage.INBOX, birthday=md)
    notifier = RecordingNotifier()
    service = ReminderService(ctx, notifier)
    service.start()  # 09:00, after the 08:30 digest time
    service.check()
    bodies = [b for _t, b, _v in notifier.shown]
    assert len(bodies) == 1 and "Bea Friend: birthday today" in bodies[0], bodies
    assert "Ivo" not in bodies[0]
    service.shutdown()
