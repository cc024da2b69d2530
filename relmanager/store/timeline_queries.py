"""Reads for the channel timeline: interactions per week or month by channel, the minutes
invested in time boxes, computed insights, and one contact's whole history.

The overall series reads the trigger-kept sums of :mod:`relmanager.store.rollup` (a few
thousand rows however many interactions there are); only a tag filter, which the sums do
not know, groups the interactions themselves, through the contact-tag index.

A group event (one row per participant sharing a ``group_key``) counts once overall and
in the time boxes' minutes: the sums count its lead row (see the rollup), the tag path
counts ``DISTINCT coalesce(group_key, id)`` (an event with anyone tagged counts once).
One contact's swimlane reads that contact's own rows, so there it counts once per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from relmanager.domain.stages import BOARD_ORDER, Stage
from relmanager.store import rollup
from relmanager.store.models import Channel, Interaction, StageChange, database

#: Written and broadcast channels: lean by media-richness theory.
LEAN_FROM_RICHNESS = 6


@dataclass(frozen=True)
class TimelineFilter:
    sphere: str | None = None  # business / personal ("both" contacts match either)
    stages: tuple[Stage, ...] = ()
    tag: str | None = None


@dataclass(frozen=True)
class ChannelInfo:
    id: int
    key: str
    name: str
    richness: int


@dataclass
class Series:
    """Counts per (period, channel id), periods contiguous and in order."""

    grain: str  # "week" or "month"
    periods: list[str]
    channels: list[ChannelInfo]  # richest first, only those used in the range
    counts: dict[tuple[str, int], int] = field(default_factory=dict)
    invested: dict[str, int] = field(default_factory=dict)  # minutes in time boxes
    committed_per_period: int = 0

    def total(self, period: str) -> int:
        return sum(self.counts.get((period, c.id), 0) for c in self.channels)

    @property
    def grand_total(self) -> int:
        return sum(self.counts.values())


def channels() -> dict[int, ChannelInfo]:
    return {c.id: ChannelInfo(c.id, c.key, c.name, c.richness)
            for c in Channel.select().order_by(Channel.richness)}


def period_of(moment: datetime | date, grain: str) -> str:
    day = moment.date() if isinstance(moment, datetime) else moment
    if grain == "month":
        return f"{day:%Y-%m}"
    return (day - timedelta(days=day.weekday())).isoformat()


def periods_between(first: str, last: str, grain: str) -> list[str]:
    """Every period from ``first`` to ``last``, so empty weeks show as gaps."""
    result = []
    if grain == "month":
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            result.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result
    day = date.fromisoformat(first)
    while day.isoformat() <= last:
        result.append(day.isoformat())
        day += timedelta(weeks=1)
    return result


def _sphere_stage_sql(flt: TimelineFilter, alias: str) -> tuple[str, list[object]]:
    sql, params = "", []
    if flt.sphere:
        sql += f" AND {alias}.sphere IN (?, 'both')"
        params.append(flt.sphere)
    if flt.stages:
        sql += f" AND {alias}.stage IN ({','.join('?' * len(flt.stages))})"
        params += [Stage(s).value for s in flt.stages]
    return sql, params


def _grouped(flt: TimelineFilter, grain: str, since: str | None,
             by_stage: bool = False) -> list[tuple]:
    """(period, channel id, [stage,] count) rows under ``flt`` from ``since`` on."""
    extra, params = _sphere_stage_sql(flt, "r" if not flt.tag else "c")
    stage_col = ", stage" if by_stage else ""
    if not flt.tag:
        sql = (f"SELECT period, channel_id{stage_col}, sum(n) FROM interaction_rollup AS r "
               f"WHERE grain = ?{' AND period >= ?' if since else ''}{extra} "
               f"GROUP BY period, channel_id{stage_col} HAVING sum(n) > 0")
        args = [grain, *([since] if since else []), *params]
        return list(database.execute_sql(sql, args))
    expr = rollup.GRAINS[grain].format(col="i.occurred_at")
    stage_col = ", c.stage" if by_stage else ""
    sql = (f"SELECT {expr} AS period, i.channel_id{stage_col}, "
           "count(DISTINCT coalesce(i.group_key, i.id)) FROM interaction AS i "
           "JOIN contact AS c ON c.id = i.contact_id WHERE i.contact_id IN ("
           "SELECT ct.contact_id FROM contact_tag AS ct JOIN tag AS t ON t.id = ct.tag_id "
           "WHERE lower(t.name) = lower(?))"
           f"{' AND i.occurred_at >= ?' if since else ''}{extra} "
           f"GROUP BY 1, 2{', 3' if by_stage else ''}")
    args = [flt.tag, *([since] if since else []), *params]
    return list(database.execute_sql(sql, args))


def overall(flt: TimelineFilter, grain: str, since: date | None, now: datetime) -> Series:
    """Interactions per period and channel since ``since`` (None: all time)."""
    start = period_of(since, grain) if since else None
    rows = _grouped(flt, grain, start)
    info = channels()
    counts = {(period, channel): int(n) for period, channel, n in rows}
    used = sorted({channel for _period, channel in counts}, key=lambda c: info[c].richness)
    last = period_of(now, grain)
    first = start or min((p for p, _c in counts), default=last)
    series = Series(grain, periods_between(first, last, grain), [info[c] for c in used],
                    counts)
    series.invested = invested_minutes(grain, first)
    return series


def invested_minutes(grain: str, since: str) -> dict[str, int]:
    """Minutes of interactions logged in time boxes, per period of the box's start (the
    few sessions first, then their interactions through the foreign-key index); a group
    dinner of 90 minutes is 90 minutes spent, not 90 per guest."""
    sessions = dict(database.execute_sql(
        "SELECT id, started_at FROM time_box_session WHERE started_at >= ?", [since]))
    if not sessions:
        return {}
    marks = ",".join("?" * len(sessions))
    result: dict[str, int] = defaultdict(int)
    for session, minutes in database.execute_sql(
            "SELECT i.timebox_session_id, sum(i.minutes) FROM interaction AS i "
            f"INDEXED BY interaction_timebox_session_id WHERE i.timebox_session_id IN ({marks}) "
            f"AND {rollup.lead('i')} GROUP BY 1", list(sessions)):
        started = datetime.fromisoformat(str(sessions[session]))
        result[period_of(started, grain)] += int(minutes or 0)
    return dict(result)


def insights(flt: TimelineFilter, grain: str, since: date | None) -> list[str]:
    """Observations computed from the same sums: how lean the channels to people still in
    Recognition are, and which channel each stage is mostly reached through."""
    start = period_of(since, grain) if since else None
    info = channels()
    by_stage: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _period, channel, stage, n in _grouped(flt, grain, start, by_stage=True):
        by_stage[stage][channel] += int(n)
    lines: list[str] = []
    recognition = by_stage.get(Stage.RECOGNITION.value, {})
    total = sum(recognition.values())
    if total:
        lean = sum(n for c, n in recognition.items() if info[c].richness >= LEAN_FROM_RICHNESS)
        lines.append(f"{lean / total:.0%} of interactions with people in Recognition used "
                     f"lean channels (written or broadcast); richer ones build recognition "
                     f"faster.")
    most = []
    for stage in BOARD_ORDER:
        used = by_stage.get(stage.value)
        if used:
            channel = max(used, key=lambda c: used[c])
            most.append(f"{stage.label}: {info[channel].name.lower()}")
    if most:
        lines.append("Most used per stage — " + "; ".join(most) + ".")
    return lines


@dataclass(frozen=True)
class Mark:
    occurred_at: datetime
    channel_id: int
    exchange: str
    minutes: int


def contact_history(contact_id: int) -> tuple[list[Mark], list[tuple[datetime, str]]]:
    """One contact's interactions (oldest first) and stage changes, for the swimlanes."""
    marks = [Mark(when, channel, exchange, minutes) for when, channel, exchange, minutes in
             Interaction.select(Interaction.occurred_at, Interaction.channel,
                                Interaction.exchange, Interaction.minutes)
             .where(Interaction.contact == contact_id)
             .order_by(Interaction.occurred_at).tuples()]
    changes = list(StageChange.select(StageChange.changed_at, StageChange.to_stage)
                   .where(StageChange.contact == contact_id)
                   .order_by(StageChange.changed_at).tuples())
    return marks, changes


def used_channels(marks: Sequence[Mark]) -> list[ChannelInfo]:
    info = channels()
    return sorted({info[m.channel_id] for m in marks}, key=lambda c: c.richness)
