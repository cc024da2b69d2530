"""Introduction check-ins through the reminder service, with a fake clock."""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.stages import Stage
from relmanager.services.context import AppContext
from relmanager.services.reminders import ReminderService
from relmanager.store import introductions, today_reads
from relmanager.store.contacts import create_contact
from tests.recording_notifier import RecordingNotifier


def test_check_in_is_announced_once_two_weeks_after_made(db, db_path, clock, qapp):
    ana = create_contact(clock, "Ana", stage=Stage.INBOX).id
    ben = create_contact(clock, "Ben", stage=Stage.INBOX).id
    cleo = create_contact(clock, "Cleo", stage=Stage.INBOX).id
    # Ana and Cleo met through the user; Ben introduces the user to Cleo (filed under
    # Ben: the digest names each person once).
    made = introductions.create_introduction(clock, requester_id=ana, target_id=cleo)
    introductions.advance(clock, made.id, IntroStatus.MADE)
    mine = introductions.create_introduction(clock, requester_id=None, target_id=cleo,
                                             introducer_id=ben)
    introductions.advance(clock, mine.id, IntroStatus.MADE)
    notifier = RecordingNotifier()
    service = ReminderService(AppContext.create(clock, db_path), notifier)
    service.start()
    assert notifier.shown == []
    clock.advance(days=14, minutes=1)
    service.check()
    title, body, view = notifier.shown[-1]
    text = f"{title}\n{body}"
    assert "ask Ana and Cleo how the introduction went (due today)" in text
    assert "report back to Ben on meeting Cleo (due today)" in text
    assert view == "today"
    service.check()
    assert len(notifier.shown) == 1


def test_recording_feedback_closes_the_loop(db, db_path, clock, qapp):
    """Once followed up (or declined/closed) the check-in is no longer due; a report back
    due while the user is the one introduced is announced until it is recorded."""
    ana = create_contact(clock, "Ana", stage=Stage.INBOX).id
    ben = create_contact(clock, "Ben", stage=Stage.INBOX).id
    cleo = create_contact(clock, "Cleo", stage=Stage.INBOX).id
    intro = introductions.create_introduction(clock, requester_id=ana, target_id=cleo)
    introductions.advance(clock, intro.id, IntroStatus.MADE)
    mine = introductions.create_introduction(clock, requester_id=None, target_id=cleo,
                                             introducer_id=ben)
    introductions.advance(clock, mine.id, IntroStatus.MADE)
    service = ReminderService(AppContext.create(clock, db_path), RecordingNotifier())
    def due() -> dict[str, str]:
        return {i.subject: i.reason for i in today_reads.load(clock.now(), 7).intros}

    clock.advance(days=13, hours=23)
    assert due() == {}
    clock.advance(hours=2)
    assert due() == {str(intro.id): "close the loop: ask Ana and Cleo how the introduction went",
                     str(mine.id): "report back to Ben on meeting Cleo"}
    service.check()
    assert "report back to Ben" in service._notifier.shown[-1][1]
    introductions.advance(clock, intro.id, IntroStatus.FOLLOWED_UP, outcome="They met")
    introductions.advance(clock, mine.id, IntroStatus.FOLLOWED_UP)
    assert set(due().values()) == {  # only closing is left
        "you checked in with both: close the introduction",
        "you reported back to Ben: close the introduction"}
    assert service.next_due() is None or service.next_due() > clock.now()


def test_overdue_follow_up_is_in_the_digest(db, db_path, clock, qapp):
    from relmanager.store import follow_ups

    ana = create_contact(clock, "Ana", stage=Stage.INBOX).id
    follow_ups.create_follow_up(clock, ana, "pass on that article",
                                clock.now() + timedelta(days=2))
    notifier = RecordingNotifier()
    service = ReminderService(AppContext.create(clock, db_path), notifier)
    service.start()
    clock.advance(days=2, minutes=1)
    service.check()
    assert any("Follow up with Ana: pass on that article" in f"{t}\n{b}"
               for t, b, _v in notifier.shown)
    service.shutdown()
