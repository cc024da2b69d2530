"""What the Today view lists, as plain display-ready rows.

Every list comes from :func:`relmanager.store.today_reads.load`, the same read the tray
menu and the digest use, already ranked by ``domain.priority``; this module only words
it. Snoozed people stay in Today (last, marked), and nowhere else. :func:`load` has no Qt
and leaves no model objects behind, so the view runs it on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from relmanager.domain.priority import Item, Kind
from relmanager.domain.timebox import WeekProgress
from relmanager.domain.warmth import Warmth
from relmanager.services import reminder_rules as rules
from relmanager.store import preferences, queries, timeboxes, today_reads
from relmanager.ui.shared.display import due_text, relative_day, stage_label

LIMIT = 30

Row = tuple[int, tuple[str, ...], Warmth | None]


@dataclass(frozen=True)
class TodayData:
    """Everything the Today view shows, as plain rows (contact id, columns, warmth)."""

    now: datetime
    progress: WeekProgress
    cold: list[Row]
    cold_total: int
    fresh: list[Row]
    follow_ups: list[Row]
    intros: list[Row]
    #: Reminders held by quiet hours until then (None when not), and when that changes.
    quiet_until: datetime | None = None
    quiet_change: datetime | None = None
    #: Birthdays and "met a year ago today" (name, reason), said by stage.
    occasions: list[Row] = field(default_factory=list)
    #: False on a first run (no active contact): going cold then says how to begin.
    has_contacts: bool = True


def why(item: Item, text: str | None = None) -> str:
    """The reason, with the snooze marked: Today lists snoozed people, nothing else does."""
    if item.snoozed_until is not None:
        return f"snoozed until {item.snoozed_until:%-d %b}"
    return item.reason if text is None else text


def dot(item: Item) -> Warmth:
    if item.snoozed:
        return Warmth.UNTRACKED
    if item.kind is Kind.COLD or item.urgent:
        return Warmth.COLD
    return Warmth.COOLING


def from_attention(data: today_reads.Attention, progress: WeekProgress) -> TodayData:
    now = data.now
    shown = list(data.cold[:LIMIT])
    facts = today_reads.stage_and_last_contact([i.contact_id for i in shown])
    cold: list[Row] = []
    for item in shown:
        stage, last = facts.get(item.contact_id, ("", None))
        cold.append((item.contact_id, (item.name, stage_label(stage), why(item),
                                       relative_day(last, now)), dot(item)))
    fresh: list[Row] = [
        (r.item.contact_id, (r.item.name, relative_day(datetime.fromisoformat(
            r.item.occurrence), now), why(r.item, r.item.detail), r.where), dot(r.item))
        for r in data.fresh[:LIMIT]]
    follow_ups: list[Row] = [
        (i.contact_id, (i.name, i.detail, why(i, due_text(datetime.fromisoformat(i.occurrence),
                                                          now, None))), None)
        for i in data.follow_ups[:LIMIT]]
    intros: list[Row] = [(i.contact_id, (i.name, why(i), i.detail), None)
                         for i in data.intros[:LIMIT]]
    occasions: list[Row] = [(i.contact_id, (i.name, why(i)), None)
                            for i in data.occasions[:LIMIT]]
    return TodayData(now, progress, cold, len(data.cold), fresh, follow_ups, intros,
                     occasions=occasions)


def load(now: datetime) -> TodayData:
    """All of Today at ``now`` (runs on a worker thread; no Qt in here)."""
    prefs = preferences.load()
    data = from_attention(today_reads.load(now, prefs.link_while_fresh_days),
                          timeboxes.week_progress(now))
    start, end = prefs.quiet_hours
    return replace(data, quiet_until=rules.held_until(now, start, end,
                                                      prefs.notifications_enabled),
                   quiet_change=rules.next_quiet_change(now, start, end),
                   has_contacts=queries.any_active_contact())
