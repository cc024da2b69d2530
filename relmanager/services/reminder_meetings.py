"""Meeting briefs in the reminder pass (issue 24, item 6): N minutes before a meeting
with known people (the ``meeting_brief_minutes`` preference), one notification, "Meeting
with Ann Lee in 10 min: brief", whose click opens the brief. Store reads only, like the
rest of the pass.

Said once (its key is the meeting and its start), only before the meeting starts: a
brief held by quiet hours, "snooze all" or the daily cap is never said late, since a
brief after the meeting has begun is no use.
"""

from __future__ import annotations

import math
from datetime import datetime

from relmanager.services.reminder_rules import Notice
from relmanager.store import upcoming

KIND = "meeting"
#: The view a notification click opens: ``brief:<meeting id>``.
VIEW_PREFIX = "brief:"


def key(meeting: upcoming.Meeting) -> tuple[str, str, str]:
    return (KIND, str(meeting.id), str(meeting.starts_at))


def notice(meeting: upcoming.Meeting, now: datetime) -> Notice:
    minutes = max(1, math.ceil((meeting.starts_at - now).total_seconds() / 60))
    title = f"Meeting with {meeting.names} in {minutes} min: brief"
    body = f"{meeting.summary or 'Meeting'} at {meeting.starts_at:%H:%M}. Click for the brief."
    return Notice(KIND, title, body, f"{VIEW_PREFIX}{meeting.id}", (key(meeting),),
                  tuple(cid for cid, _n in meeting.people))


def notices(now: datetime, lead_minutes: int, announced: set) -> list[Notice]:
    """The briefs due at ``now`` and not said yet."""
    return [notice(m, now) for m in upcoming.briefs_due(now, lead_minutes)
            if key(m) not in announced]


def next_due(now: datetime, lead_minutes: int) -> datetime | None:
    return upcoming.next_brief_at(now, lead_minutes)


def meeting_id(view: str) -> int | None:
    """The meeting a notification's view names, or None for another view."""
    if not view.startswith(VIEW_PREFIX):
        return None
    rest = view[len(VIEW_PREFIX):]
    return int(rest) if rest.isdigit() else None
