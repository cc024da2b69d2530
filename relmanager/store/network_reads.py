"""What the network is built from, read in a few grouped queries: each contact's tie
facts, the edges between contacts (entered and derived), organisations, and the common
ground (tags, intent words) that introduction ideas look for.

Archived contacts are left out of all of it. Recency uses the denormalised
``last_two_way_at``; frequency and richness count interactions on two-way channels, the
same ``channel.two_way`` that sets ``last_two_way_at`` (tests/store/test_network_reads.py
holds the two to each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from relmanager.domain.network import DerivedKind, Edge, Network, RelationKind, build_network
from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.domain.ties import (
    FREQUENCY_WINDOW_DAYS,
    TieFacts,
    TieStrength,
    tie_score,
    tie_strength,
)
from relmanager.domain.warmth import meeting_day
from relmanager.store.models import database

#: A logged interaction with more people than this (a webinar, a conference) says little
#: about who knows whom, and would add edges quadratic in its size.
MET_TOGETHER_LIMIT = 12


def tie_facts(today: date, only: int | None = None) -> dict[int, TieFacts]:
    """Every active contact's TieFacts on ``today`` (``only`` one contact's: a profile
    reads its own through the same indexes in a millisecond)."""
    since = datetime.combine(today - timedelta(days=FREQUENCY_WINDOW_DAYS), datetime.min.time())
    # Two queries, each answered from one covering index (no table row read): the
    # exchanges from (contact, exchange), the last year's two-way contact from
    # (contact, occurred_at, channel) (schema 8).
    exchanges = {cid: (gives, takes) for cid, gives, takes in database.execute_sql(
        "SELECT contact_id, SUM(exchange = ?), SUM(exchange IN (?, ?)) FROM interaction "
        f"{'WHERE contact_id = ? ' if only else ''}GROUP BY contact_id",
        (Exchange.GIVE.value, Exchange.ASK.value, Exchange.RECEIVE.value,
         *([only] if only else [])))}
    recent = {cid: [count, total] for cid, count, total in database.execute_sql(
        "SELECT i.contact_id, count(*), sum(ch.richness) FROM interaction i "
        "JOIN channel ch ON ch.id = i.channel_id AND ch.two_way "
        f"WHERE {'i.contact_id = ? AND ' if only else ''}i.occurred_at >= ? "
        "GROUP BY i.contact_id", (*([only] if only else []), since))}
    # A captured e-mail only received is not two-way contact (as for last_two_way_at,
    # store.denorm): the few such rows are taken back out, through their own index.
    for cid, count, total in database.execute_sql(
            "SELECT i.contact_id, count(*), sum(ch.richness) FROM capture_item ci "
            "JOIN interaction i ON i.id = ci.interaction_id "
            "JOIN channel ch ON ch.id = i.channel_id AND ch.two_way "
            f"WHERE NOT ci.two_way AND {'i.contact_id = ? AND ' if only else ''}"
            "i.occurred_at >= ? GROUP BY i.contact_id", (*([only] if only else []), since)):
        if cid in recent:
            recent[cid][0] -= count
            recent[cid][1] -= total
    facts: dict[int, TieFacts] = {}
    day, midnight = date.fromisoformat, datetime.min.time()
    stages = {stage.value: stage for stage in Stage}
    for cid, stage, last_two_way, met_on, created_on, override in database.execute_sql(
            "SELECT c.id, c.stage, substr(c.last_two_way_at, 1, 10), substr(c.met_on, 1, 10), "
            "substr(c.created_at, 1, 10), o.score "
            "FROM contact c LEFT JOIN tie_override o ON o.contact_id = c.id "
            f"WHERE NOT c.archived{' AND c.id = ?' if only else ''}",
            [only] if only else []):
        count, total = recent.get(cid, (0, 0))
        richness = total / count if count > 0 else None
        gives, takes = exchanges.get(cid, (0, 0))
        facts[cid] = TieFacts(
            stage=stages[stage], last_two_way=day(last_two_way) if last_two_way else None,
            two_way_recent=count, mean_richness=richness,
            known_since=meeting_day(day(met_on) if met_on else None,
                                    datetime.combine(day(created_on), midnight)),
            gives=gives or 0, takes=takes or 0, override=override)
    return facts


def strength_of(contact_id: int, today: date) -> TieStrength | None:
    """One person's tie strength with its reasons (None when archived or gone)."""
    facts = tie_facts(today, only=contact_id).get(contact_id)
    return None if facts is None else tie_strength(facts, today)


def entered_edges() -> list[Edge]:
    """Relations the user entered, and "introduced by" on a contact."""
    edges = [Edge(a, b, RelationKind(kind)) for a, b, kind in database.execute_sql(
        "SELECT r.contact_id, r.other_id, r.kind FROM contact_relation r "
        "JOIN contact a ON a.id = r.contact_id AND NOT a.archived "
        "JOIN contact b ON b.id = r.other_id AND NOT b.archived")]
    edges += [Edge(a, b, RelationKind.INTRODUCED_BY) for a, b in database.execute_sql(
        "SELECT id, introduced_by_id FROM contact WHERE introduced_by_id IS NOT NULL "
        "AND NOT archived")]
    return edges


def derived_edges() -> list[Edge]:
    """Introductions made (requester and target; introducer and the person introduced)
    and people logged in one interaction together."""
    edges = [Edge(a, b, DerivedKind.INTRODUCED) for a, b in database.execute_sql(
        "SELECT coalesce(requester_id, introducer_id), target_id FROM introduction "
        "WHERE made_at IS NOT NULL AND target_id IS NOT NULL "
        "AND coalesce(requester_id, introducer_id) IS NOT NULL")]
    edges += [Edge(a, b, DerivedKind.MET_TOGETHER, count) for a, b, count in database.execute_sql(
        "WITH small AS (SELECT group_key FROM interaction WHERE group_key IS NOT NULL "
        "GROUP BY group_key HAVING count(*) BETWEEN 2 AND ?) "
        # CROSS JOIN keeps this order: the few small groups first, their rows through the
        # group-key index (otherwise SQLite may scan every interaction for x).
        "SELECT x.contact_id, y.contact_id, count(*) FROM small s "
        "CROSS JOIN interaction x ON x.group_key = s.group_key "
        "CROSS JOIN interaction y ON y.group_key = s.group_key AND x.contact_id < y.contact_id "
        "GROUP BY x.contact_id, y.contact_id", (MET_TOGETHER_LIMIT,))]
    return edges


def organisations() -> dict[int, str]:
    return dict(database.execute_sql(
        "SELECT id, organisation FROM contact WHERE NOT archived AND organisation != ''"))


def common_ground(contact_ids: list[int] | None = None) -> dict[int, frozenset[str]]:
    """The tags of each active contact: what introduction ideas compare. (Words of the
    intent were tried and read as noise: "interest, research, shared".)"""
    ground: dict[int, set[str]] = {}
    for cid, name in database.execute_sql(
            "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "JOIN contact c ON c.id = ct.contact_id AND NOT c.archived"):
        ground.setdefault(cid, set()).add(f"#{name.casefold()}")
    wanted = None if contact_ids is None else set(contact_ids)
    return {cid: frozenset(words) for cid, words in ground.items()
            if words and (wanted is None or cid in wanted)}


def names(contact_ids: list[int]) -> dict[int, str]:
    """Display names of ``contact_ids``, for paths and suggestions."""
    return {cid: row.name for cid, row in people(contact_ids).items()}


@dataclass(frozen=True)
class NetworkSnapshot:
    """The network on one day, and the facts each tie strength comes from: the scores
    are in ``network.ties``; :meth:`strength` writes out one person's reasons."""

    network: Network
    facts: dict[int, TieFacts]
    today: date

    def strength(self, contact_id: int) -> TieStrength | None:
        facts = self.facts.get(contact_id)
        return None if facts is None else tie_strength(facts, self.today)


def read_network(today: date) -> NetworkSnapshot:
    """Everything the network page, the paths and the CLI need, in six queries."""
    facts = tie_facts(today)
    network = build_network({cid: tie_score(f, today) / 100 for cid, f in facts.items()},
                            [*entered_edges(), *derived_edges()], organisations())
    return NetworkSnapshot(network, facts, today)


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    stage: Stage
    sphere: str


def people(contact_ids: list[int]) -> dict[int, PersonRow]:
    """Name, stage and sphere of ``contact_ids``: what the Network page draws and filters."""
    found: dict[int, PersonRow] = {}
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for cid, name, stage, sphere in database.execute_sql(
                f"SELECT id, display_name, stage, sphere FROM contact WHERE id IN ({marks})",
                chunk):
            found[cid] = PersonRow(cid, name, Stage(stage), sphere)
    return found


def tagged(tag: str) -> set[int]:
    """Ids of the contacts with ``tag`` (any case)."""
    return {cid for (cid,) in database.execute_sql(
        "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        "WHERE t.name = ? COLLATE NOCASE", (tag,))}


def tag_names() -> list[str]:
    return [name for (name,) in database.execute_sql(
        "SELECT name FROM tag ORDER BY name COLLATE NOCASE")]
