"""Each reminder setting the user can change, through the reminder service on a fake
clock: what matters is what is announced (the notifier's digests), not what is stored.
Each test has its positive control (the same reminder does come when the setting allows
it), so a service that ignored the setting, or announced nothing at all, fails."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.services.notifications import RecordingNotifier
from relmanager.services.reminders import ReminderService
from relmanager.store import notification_state as state
from relmanager.store import settings as store_settings
from relmanager.store.contacts import create_contact
from relmanager.store.settings import stage_cadences


@pytest.fixture
def reminders(db, db_path, clock, qapp):
    """(service, notifier, friend): a friend at 12:00 on the day they turn cooling."""
    friend = create_contact(clock, "Bo Friend", stage=Stage.FRIENDSHIP)
    ideal = stage_cadences()[Stage.FRIENDSHIP].ideal_days
    clock.set(clock.now().replace(hour=12) + timedelta(days=ideal))
    notifier = RecordingNotifier()
    service = ReminderService(AppContext.create(clock, db_path), notifier)
    yield service, notifier, friend
    service.shutdown()


def _named(notifier: RecordingNotifier, name: str) -> list[str]:
    return [title + body for title, body, _view in notifier.shown if name in title + body]


def test_without_settings_the_crossing_is_announced(reminders):
    service, notifier, _friend = reminders
    service.check()
    assert _named(notifier, "Bo Friend")


def test_a_snoozed_contact_is_not_named_until_the_snooze_ends(reminders, clock):
    service, notifier, friend = reminders
    state.snooze("contact", str(friend.id), clock.now() + timedelta(days=7))
    service.check()
    clock.advance(days=6)
    service.check()
    assert not _named(notifier, "Bo Friend")
    clock.advance(days=2)
    service.check()
    assert _named(notifier, "Bo Friend")


def test_snooze_all_holds_everything_for_its_hour(reminders, clock):
    service, notifier, _friend = reminders
    service.snooze_all(1)
    service.check()
    clock.advance(minutes=59)
    service.check()
    assert notifier.shown == []
    clock.advance(minutes=2)
    service.check()
    assert _named(notifier, "Bo Friend")


def test_show_reminders_off_announces_nothing(reminders, clock):
    service, notifier, _friend = reminders
    store_settings.set_value("notifications_enabled", False)
    service.check()
    clock.advance(days=60)
    service.check()
    assert notifier.shown == []
    store_settings.set_value("notifications_enabled", True)
    service.check()
    assert _named(notifier, "Bo Friend")


def test_quiet_hours_hold_a_due_reminder_until_they_end(reminders, clock):
    service, notifier, _friend = reminders
    store_settings.set_value("quiet_start", "11:00")
    store_settings.set_value("quiet_end", "13:30")
    service.check()  # 12:00: due, but quiet
    clock.advance(hours=1)
    service.check()  # 13:00: still quiet
    assert notifier.shown == []
    clock.advance(minutes=31)
    service.check()  # 13:31
    assert _named(notifier, "Bo Friend")


def test_default_quiet_hours_wrap_midnight(reminders, clock):
    service, notifier, _friend = reminders
    clock.set(clock.now().replace(hour=23))
    service.check()
    clock.set(clock.now().replace(hour=6, minute=59) + timedelta(days=1))
    service.check()
    assert notifier.shown == []
    clock.advance(minutes=2)
    service.check()
    assert _named(notifier, "Bo Friend")
