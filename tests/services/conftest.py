"""The reminder service as the tests of its settings and its mutants drive it: on the
test's fake clock, passes run in the calling thread, notices recorded instead of shown."""

from __future__ import annotations

import pytest

from relmanager.services.context import AppContext
from relmanager.services.reminders import ReminderService
from tests.recording_notifier import RecordingNotifier


@pytest.fixture
def service(db, db_path, clock, qapp):
    notifier = RecordingNotifier()
    svc = ReminderService(AppContext.create(clock, db_path), notifier)
    svc.shown = notifier.shown  # type: ignore[attr-defined]
    yield svc
    svc.shutdown()
