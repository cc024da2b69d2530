"""Every reminder preference and its default, once.

The settings dialog, the reminder service, the tray and Today read one
:class:`Preferences` (``store.preferences.load``); before, three files each kept their
own copy of the defaults and they had begun to differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import time
from typing import Any

from relmanager.domain.timebox import BoxSize
from relmanager.domain.warmth import LINK_WHILE_FRESH_DAYS

#: The morning digest when the user picked no time and no box is scheduled that day.
MORNING = time(8, 30)


def digest_with_box_words(box_scheduled: bool) -> str:
    """The "digest with the day's time box" choice in words, saying both times it can go
    out (``services.reminder_rules.digest_moment``): Settings read "(else 08:30)" beside a
    digest box showing the time box's 09:30, and nobody could tell which time was meant."""
    morning = f"{MORNING:%H:%M}"
    if not box_scheduled:
        return f"With the day's time box (none is scheduled: {morning} each day)"
    return f"With the day's time box, at its start ({morning} on days without one)"


def _box_minutes() -> dict[str, int]:
    return {s.value: s.default_minutes for s in BoxSize}


@dataclass(frozen=True)
class Preferences:
    """Stored under these field names in the ``setting`` table (JSON values)."""

    timebox_minutes: dict[str, int] = field(default_factory=_box_minutes)
    timebox_size: str = BoxSize.SMALL.value
    timebox_days: str = "0,1,2,3,4"
    timebox_time: str = "08:30"
    #: any, business or personal: whom time-box suggestions come from.
    timebox_sphere: str = "any"
    quiet_start: str = "22:00"
    quiet_end: str = "07:00"
    notifications_enabled: bool = True
    link_while_fresh_days: int = LINK_WHILE_FRESH_DAYS
    #: "HH:MM", or "" for the start of the day's time box (else the morning).
    digest_time: str = ""
    #: Notifications a day at most; the digest always fits.
    daily_cap: int = 3
    # -- capture (issue 24): the Capture page's remembered sources and periodic run --
    #: mbox files and Maildir / Apple Mail folders.
    capture_mail_paths: list[str] = field(default_factory=list)
    #: iCalendar files.
    capture_ics_paths: list[str] = field(default_factory=list)
    #: imaps://user@host/INBOX,Sent (password in the system keyring), or "".
    capture_imap: str = ""
    #: The sync account's calendars.
    capture_account: bool = False
    #: Hours between periodic captures; 0: only when asked (never in quiet hours).
    capture_every_hours: int = 0
    #: Minutes before a meeting with known people that the tray offers its brief.
    meeting_brief_minutes: int = 10

    @property
    def box_minutes(self) -> int:
        """The minutes of the user's chosen box size."""
        size = BoxSize(self.timebox_size) if self.timebox_size in set(BoxSize) else BoxSize.SMALL
        return int(self.timebox_minutes.get(size.value, size.default_minutes))

    @property
    def quiet_hours(self) -> tuple[time, time]:
        return time.fromisoformat(self.quiet_start), time.fromisoformat(self.quiet_end)

    @property
    def digest_at(self) -> time | None:
        """The picked digest time, or None for "with the day's time box"."""
        return time.fromisoformat(self.digest_time) if self.digest_time else None


def defaults() -> dict[str, Any]:
    """Every key with its default value."""
    base = Preferences()
    return {f.name: getattr(base, f.name) for f in fields(Preferences)}


def from_stored(stored: dict[str, Any]) -> Preferences:
    """Stored values over the defaults; a value of the wrong type falls back to the
    default instead of breaking reminders."""
    values = defaults()
    for key, default in list(values.items()):
        if key in stored and isinstance(stored[key], type(default)):
            values[key] = stored[key]
    return Preferences(**values)
