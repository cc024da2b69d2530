"""A name with a right-to-left override does not turn a notification's words backwards,
nor itself: the override is dropped for display (domain.text.visible).

The tray's menu isolated names, its notifications did not: the digest said
"Ann <RLO>evil is cooling: usually every 6 weeks" with the override open over "is
cooling" and the reason, and a meeting's notice over "in 5 min: brief". Each notice
goes through the real reminder service (or the meeting notice's own composer) and every
line naming the contact must have closed, where our words start, every level the name
opened.
"""

from __future__ import annotations

from datetime import timedelta

from relmanager.domain.limits import MAX_TEXT
from relmanager.domain.stages import Stage
from relmanager.domain.text import LINE_CHARS
from relmanager.services import reminder_meetings
from relmanager.store import preferences
from relmanager.store.contacts import create_contact
from relmanager.store.follow_ups import create_follow_up
from relmanager.store.settings import stage_cadences
from relmanager.store.upcoming import Meeting
from tests.bidi_levels import RLO, open_after
from tests.conftest import at
from tests.services.test_reminder_pass_mutants import run_until


def _lines(shown: list[tuple[str, str, str]]) -> list[str]:
    return [line for title, body, _view in shown for line in (title, *body.splitlines())
            if "evil" in line or "vile" in line]


def test_the_digest_closes_the_names_override_before_its_own_words(service, clock):
    create_contact(clock, f"Ann {RLO}evil", stage=Stage.FRIENDSHIP)
    create_contact(clock, f"Bo {RLO}vile", stage=Stage.FRIENDSHIP)
    service.start()
    clock.advance(days=stage_cadences()[Stage.FRIENDSHIP].ideal_days + 1)
    service.check()
    lines = _lines(service.shown)
    assert any(line.startswith("Today: ") for line in lines), service.shown
    assert any(" is cooling: " in line for line in lines), service.shown
    for line in lines:
        assert set(open_after(line, "evil") + open_after(line, "vile")) == {0}, ascii(line)
        assert RLO not in line, ascii(line)  # the name itself reads forwards too


def test_a_meeting_notice_closes_the_names_and_the_summarys_override(clock):
    now = clock.now()
    meeting = Meeting(1, "ics", "k", now + timedelta(minutes=5), now + timedelta(minutes=65),
                      f"Plan {RLO}evil", "video", 60, None,
                      ((1, f"Ann {RLO}evil"), (2, "Bob Roe")))
    notices = [reminder_meetings.notice(meeting, now), reminder_meetings.end_notice(meeting)]
    lines = _lines([(n.title, n.body, n.view) for n in notices])
    assert len(lines) == 4, lines
    for line in lines:
        assert set(open_after(line, "evil")) == {0}, ascii(line)
        assert RLO not in line and ("Ann evil" in line or "Plan evil" in line), ascii(line)


def test_a_huge_name_or_title_is_cut_in_every_notice(service, clock):
    """A 100,000-character name (the most a vCard may bring) or follow-up title made the
    whole line of a notice, for the notification server to lay out: the meeting's notices
    named the people and the summary by ``visible`` alone, and a follow-up due at an hour
    gave its stored title as the body, ESC and override included."""
    now = clock.now()
    huge = "H" * MAX_TEXT
    meeting = Meeting(1, "ics", "k", now + timedelta(minutes=5), now + timedelta(minutes=65),
                      "S" * MAX_TEXT, "video", 60, None, ((1, huge), (2, "Bob Roe")))
    said = [(n.title, n.body) for n in (reminder_meetings.notice(meeting, now),
                                        reminder_meetings.end_notice(meeting))]
    clock.set(at(0, 6))
    ada = create_contact(clock, "Ada", stage=Stage.FRIENDSHIP)
    preferences.save(digest_time="07:00")
    service.start()
    run_until(service, clock, at(0, 8))
    create_follow_up(clock, ada.id, f"{RLO}{huge}\x1b", at(0, 10))
    service.reschedule()
    run_until(service, clock, at(0, 11))
    said += [(title, body) for title, body, _view in service.shown]
    assert any(title.startswith("Follow up with Ada: ") for title, _body in said), said
    for title, body in said:
        for line in (title, *body.splitlines()):
            assert len(line) <= 2 * LINE_CHARS, (len(line), line[:80])
            assert RLO not in line and "\x1b" not in line, ascii(line[:80])
