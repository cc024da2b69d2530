"""How times and counts read, in the window and on the command line alike.

One wording for "yesterday", "3 weeks ago", "2 months overdue" and "1 contact": the
CLI once printed "0d ago" for yesterday and "1 contacts" while the window said
"yesterday", so both now take their words from here.
"""

from __future__ import annotations

from datetime import date, datetime

from relmanager.domain.text import one_line


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def span(days: int) -> str:
    """A number of days as people say it: "1 day", "12 days", "3 weeks", "5 months",
    "2 years"."""
    if days < 14:
        return plural(days, "day")
    if days < 60:
        return plural(days // 7, "week")
    if days < 730:
        return plural(days // 30, "month")
    return plural(days // 365, "year")


def relative_day(moment: datetime | date | None, now: datetime) -> str:
    """'today', 'yesterday', '3 days ago', '2 weeks ago', '5 months ago', 'never'.

    Calendar days, not 24-hour spans: a coffee yesterday evening is "yesterday" this
    morning, which is how people remember it.
    """
    if moment is None:
        return "never"
    days = (now.date() - _day(moment)).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{span(days)} ago"


def overdue(due: datetime | date, now: datetime) -> str | None:
    """How overdue something due on ``due`` is ("due today", "1 day overdue",
    "3 months overdue"), or None when it is not due yet. A check-in due three months
    ago says so, not "due now"."""
    days = (now.date() - _day(due)).days
    if days < 0:
        return None
    if days == 0:
        return "due today"
    return f"{span(days)} overdue"


def who(names: list[str], count: int) -> str:
    """The people an action is about, by name: "Ada Lovelace", "Ada Lovelace and Bo
    Berg", "Ada Lovelace and 4 others"; ``names`` holds the first one or two of
    ``count``. "Moved 1 to Recognition" left the user to guess whom."""
    if not names or count <= 0:
        return plural(count, "contact")
    names = [one_line(name) for name in names[:2]]  # the display rule: a status, a menu
    if count == 1:
        return names[0]
    if count == 2 and len(names) >= 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} and {plural(count - 1, 'other')}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 contact``, ``2 contacts``, ``1,200 contacts``; ``many`` for nouns that take
    more than an "s" (``plural(2, "address", "addresses")``)."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} {many or noun + 's'}"


def cools_in(cooling_at: datetime | date, now: datetime) -> str:
    """Why someone nobody is pressing about is still suggested for a time box: when they
    begin to cool ("cools in 5 days", "cools tomorrow", "cooling from today"). The tray
    said "next to cool", which read as a riddle."""
    days = (_day(cooling_at) - now.date()).days
    if days <= 0:
        return "cooling from today"
    if days == 1:
        return "cools tomorrow"
    return f"cools in {span(days)}"
