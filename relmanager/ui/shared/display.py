"""How contact facts read on screen: relative dates, warmth of a list row, channel specs.

Shared by the list, the profile, the log dialog and the Today view so "3 days ago" and
"cooling" mean the same thing everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from relmanager.domain.channels import ChannelKind, ChannelSpec
from relmanager.domain.stages import Stage
from relmanager.domain.warmth import Warmth


def relative_day(moment: datetime | date | None, now: datetime) -> str:
    """'today', 'yesterday', '3 days ago', '2 weeks ago', '5 months ago', 'never'.

    Calendar days, not 24-hour spans: a coffee yesterday evening is "yesterday" this
    morning, which is how people remember it.
    """
    if moment is None:
        return "never"
    day = moment.date() if isinstance(moment, datetime) else moment
    days = (now.date() - day).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def due_text(due: datetime, now: datetime, done_at: datetime | None) -> str:
    """How far away a promise is, in the words people use: '2 days overdue', 'today',
    'in 5 days', or the date when it is further off (or already done). The one wording
    of a due date: the profile's Follow-ups tab and Today both use it."""
    if done_at is not None:
        return f"done {done_at:%-d %b}"
    days = (due.date() - now.date()).days
    if days < 0:
        return "1 day overdue" if days == -1 else f"{-days} days overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    return f"{due:%-d %b %Y}"


def row_warmth(row: dict[str, Any], now: datetime) -> Warmth:
    """Warmth from the denormalised due dates of a :func:`queries.rows_for` row."""
    if row.get("archived") or row.get("cooling_at") is None:
        return Warmth.UNTRACKED
    if row.get("cold_at") is not None and row["cold_at"] <= now:
        return Warmth.COLD
    if row["cooling_at"] <= now:
        return Warmth.COOLING
    return Warmth.WARM


WARMTH_LABELS: dict[Warmth, str] = {
    Warmth.WARM: "Warm",
    Warmth.COOLING: "Cooling",
    Warmth.COLD: "Cold",
    Warmth.UNTRACKED: "Untracked",
}


def spec_of(channel: Any) -> ChannelSpec:
    """A domain ChannelSpec from a Channel row, so advice works for custom channels too."""
    return ChannelSpec(channel.key, channel.name, ChannelKind(channel.kind), channel.richness,
                       bool(channel.two_way), Stage(channel.min_stage))


def stage_label(value: str | None) -> str:
    if not value:
        return ""
    try:
        return Stage(value).label
    except ValueError:
        return value


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
