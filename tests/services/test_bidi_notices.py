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

from relmanager.domain.stages import Stage
from relmanager.services import reminder_meetings
from relmanager.store.contacts import create_contact
from relmanager.store.settings import stage_cadences
from relmanager.store.upcoming import Meeting
from tests.bidi_levels import RLO, open_after


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
