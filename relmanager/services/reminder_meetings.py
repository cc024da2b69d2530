"""Meeting briefs in the reminder pass (issue 24, item 6): N minutes before a meeting
with known people (the ``meeting_brief_minutes`` preference), one notification, "Meeting
with Ann Lee in 10 min: brief", whose click opens the brief. Store reads only, like the
rest of the pass.

Said once (its key is the meeting and its start), only before the meeting starts: a
brief held by quiet hours or "snooze all" is never said late, since a brief after the
meeting has begun is no use. For that reason the daily cap does not hold briefs or
"Log it" prompts back, nor count them (reminder_rules.counts_against_cap): a day of
meetings has all its briefs. When a meeting not yet logged ends, one more
notice offers "Log it" (the same dialog), within two hours of its end, else never.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from relmanager.domain.text import one_line
from relmanager.services.reminder_rules import Notice
from relmanager.store import upcoming

KIND = "meeting"
END_KIND = "meeting_end"
#: How long after a meeting its "Log it" prompt may still be said.
LOG_PROMPT_WINDOW = timedelta(hours=2)
#: The view a notification click opens: ``brief:<meeting id>``.
VIEW_PREFIX = "brief:"


def key(meeting: upcoming.Meeting) -> tuple[str, str, str]:
    return (KIND, str(meeting.id), str(meeting.starts_at))


def notice(meeting: upcoming.Meeting, now: datetime) -> Notice:
    minutes = max(1, math.ceil((meeting.starts_at - now).total_seconds() / 60))
    title = f"Meeting with {meeting.names} in {minutes} min: brief"
    body = (f"{one_line(meeting.summary) or 'Meeting'} at {meeting.starts_at:%H:%M}. "
            "Click for the brief.")
    return Notice(KIND, title, body, f"{VIEW_PREFIX}{meeting.id}", (key(meeting),),
                  tuple(cid for cid, _n in meeting.people))


def end_key(meeting: upcoming.Meeting) -> tuple[str, str, str]:
    return (END_KIND, str(meeting.id), str(meeting.ends_at))


def end_notice(meeting: upcoming.Meeting) -> Notice:
    return Notice(END_KIND, f"Meeting with {meeting.names} is over: Log it",
                  f"{one_line(meeting.summary) or 'Meeting'}, {meeting.minutes} min. Click "
                  "to log it "
                  "for everyone there.", f"{VIEW_PREFIX}{meeting.id}", (end_key(meeting),),
                  tuple(cid for cid, _n in meeting.people))


def notices(now: datetime, lead_minutes: int, announced: set) -> list[Notice]:
    """The briefs due at ``now`` and the "Log it" prompts of meetings just over, not
    said yet."""
    said = [notice(m, now) for m in upcoming.briefs_due(now, lead_minutes)
            if key(m) not in announced]
    said += [end_notice(m) for m in upcoming.ended_unlogged(now, LOG_PROMPT_WINDOW)
             if end_key(m) not in announced]
    return said


def next_due(now: datetime, lead_minutes: int) -> datetime | None:
    moments = [m for m in (upcoming.next_brief_at(now, lead_minutes),
                           upcoming.next_end_after(now)) if m is not None]
    return min(moments) if moments else None


def meeting_id(view: str) -> int | None:
    """The meeting a notification's view names, or None for another view."""
    if not view.startswith(VIEW_PREFIX):
        return None
    rest = view[len(VIEW_PREFIX):]
    return int(rest) if rest.isdigit() else None
