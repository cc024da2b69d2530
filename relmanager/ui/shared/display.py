"""How contact facts read on screen: relative dates, warmth of a list row, channel specs.

Shared by the list, the profile, the log dialog and the Today view so "3 days ago" and
"cooling" mean the same thing everywhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from relmanager.domain.channels import ChannelKind, ChannelSpec
from relmanager.domain.stages import Stage
from relmanager.domain.warmth import Warmth
from relmanager.domain.wording import plural, relative_day, span

#: The shared wording (domain.wording), re-exported for the views that import it here.
__all__ = ["WARMTH_LABELS", "due_text", "last_two_way_tip", "plural", "relative_day",
           "spec_of", "stage_label"]


def due_text(due: datetime, now: datetime, done_at: datetime | None) -> str:
    """How far away a promise is, in the words people use: '2 days overdue', 'today',
    'in 5 days', or the date when it is further off (or already done). The one wording
    of a due date: the profile's Follow-ups tab and Today both use it."""
    if done_at is not None:
        return f"done {done_at:%-d %b}"
    days = (due.date() - now.date()).days
    if days < 0:
        return f"{span(-days)} overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    return f"{due:%-d %b %Y}"


def last_two_way_tip(two_way: datetime | None, any_contact: datetime | None) -> str:
    """The list's "Last two-way" tooltip: when, and that a later one-way interaction (a
    post, a broadcast) exists but does not count; History lists every one."""
    text = (f"Last two-way contact (what warmth counts from): {two_way:%Y-%m-%d %H:%M}"
            if two_way is not None else "No two-way contact yet")
    if any_contact is not None and (two_way is None or any_contact > two_way):
        text += (f"\nOne-way since (a post, a broadcast): {any_contact:%Y-%m-%d}; "
                 "History lists it")
    return text



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
