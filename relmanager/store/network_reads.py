"""What the network is built from, read in a few grouped queries: each contact's tie
facts, the edges between contacts (entered and derived), organisations, and the common
ground (tags, intent words) that introduction ideas look for.

Archived contacts are left out of all of it. Recency uses the denormalised
``last_two_way_at``; frequency and richness count interactions on two-way channels, the
same ``channel.two_way`` that sets ``last_two_way_at`` (tests/store/test_network_reads.py
holds the two to each other).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Any

from relmanager import collector
from relmanager.domain.network import DerivedKind, Edge, Network, RelationKind, build_network
from relmanager.domain.network_graph import Ties
from relmanager.domain.reciprocity import Exchange
from relmanager.domain.stages import Stage
from relmanager.domain.ties import (
    FREQUENCY_WINDOW_DAYS,
    TieFacts,
    TieStrength,
    tie_score,
    tie_strength,
)
from relmanager.domain.warm_paths import may_ask
from relmanager.domain.warmth import meeting_day
from relmanager.store.in_lists import rows_in
from relmanager.store.models import database
from relmanager.store.page_cache import page_cache

#: A logged interaction with more people than this (a webinar, a conference) says little
#: about who knows whom, and would add edges quadratic in its size.
MET_TOGETHER_LIMIT = 12


class _Parsed(dict):
    """Text -> its parsed value, each distinct text parsed once."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.parse(text)
        return value


def tie_facts(today: date, only: int | None = None) -> dict[int, TieFacts]:
    """Every active contact's TieFacts on ``today`` (``only`` one contact's: a profile
    reads its own through the same indexes in a millisecond)."""
    return {cid: facts for cid, facts, _ in fact_rows(today, only)}


def _by_contact(rows: Iterable[tuple]) -> Iterator[tuple[int, tuple]]:
    """(contact, the rest) of rows grouped and ordered by contact."""
    return ((row[0], row[1:]) for row in rows)


def fact_rows(today: date, only: int | None = None
              ) -> Iterator[tuple[int, TieFacts, str]]:
    """(id, TieFacts, organisation) of every active contact in id order, streamed: the
    network scores 100,000 ties, and holding their facts (with the per-contact sums they
    come from) took ~70 MB of the app's peak memory. The three grouped reads come
    ordered by contact and are merged as they arrive (each from its covering index,
    which yields that order without a sort)."""
    since = datetime.combine(today - timedelta(days=FREQUENCY_WINDOW_DAYS), datetime.min.time())
    # A captured e-mail only received is not two-way contact (as for last_two_way_at,
    # store.denorm): the few such rows are taken back out, through their own index.
    received = {cid: (count, total) for cid, count, total in database.execute_sql(
            # CROSS JOIN keeps capture_item first: with few or no captured rows SQLite
            # would otherwise scan every interaction in the window to find them.
            "SELECT i.contact_id, count(*), sum(ch.richness) FROM capture_item ci "
            "CROSS JOIN interaction i ON i.id = ci.interaction_id "
            "JOIN channel ch ON ch.id = i.channel_id AND ch.two_way "
            f"WHERE NOT ci.two_way AND {'i.contact_id = ? AND ' if only else ''}"
            "i.occurred_at >= ? GROUP BY i.contact_id", (*([only] if only else []), since))}
    # Two queries, each answered from one covering index (no table row read): the
    # exchanges from (contact, exchange), the last year's two-way contact from
    # (contact, occurred_at, channel) (schema 8).
    exchanges = _by_contact(database.execute_sql(
        "SELECT contact_id, SUM(exchange = ?), SUM(exchange IN (?, ?)) FROM interaction "
        f"{'WHERE contact_id = ? ' if only else ''}GROUP BY contact_id ORDER BY contact_id",
        (Exchange.GIVE.value, Exchange.ASK.value, Exchange.RECEIVE.value,
         *([only] if only else []))))
    recent = _by_contact(database.execute_sql(
        "SELECT i.contact_id, count(*), sum(ch.richness) FROM interaction i "
        "JOIN channel ch ON ch.id = i.channel_id AND ch.two_way "
        f"WHERE {'i.contact_id = ? AND ' if only else ''}i.occurred_at >= ? "
        "GROUP BY i.contact_id ORDER BY i.contact_id", (*([only] if only else []), since)))
    # Dates repeat (a few thousand days among 100,000 contacts): each is parsed once.
    day = _Parsed(date.fromisoformat)
    entered = _Parsed(lambda text: datetime.combine(day[text], datetime.min.time()))
    stages = {stage.value: stage for stage in Stage}
    no_contact = (0, 0)
    end = (float("inf"), no_contact)
    next_exchange = next(exchanges, end)
    next_recent = next(recent, end)
    for cid, stage, last_two_way, met_on, created_on, override, organisation in (
            database.execute_sql(
                "SELECT c.id, c.stage, substr(c.last_two_way_at, 1, 10), "
                "substr(c.met_on, 1, 10), substr(c.created_at, 1, 10), o.score, "
                "c.organisation FROM contact c LEFT JOIN tie_override o ON o.contact_id = c.id "
                f"WHERE NOT c.archived{' AND c.id = ?' if only else ''} ORDER BY c.id",
                [only] if only else [])):
        while next_exchange[0] < cid:  # an archived contact's
            next_exchange = next(exchanges, end)
        while next_recent[0] < cid:
            next_recent = next(recent, end)
        gives, takes = next_exchange[1] if next_exchange[0] == cid else no_contact
        count, total = no_contact
        if next_recent[0] == cid:
            count, total = next_recent[1]
            if cid in received:
                count, total = count - received[cid][0], total - received[cid][1]
        # Positional, in TieFacts' field order: 100,000 of them per network read.
        yield cid, TieFacts(
            stages[stage], day[last_two_way] if last_two_way else None, count,
            total / count if count > 0 else None,
            meeting_day(day[met_on] if met_on else None, entered[created_on]),
            gives or 0, takes or 0, override), organisation


def strength_of(contact_id: int, today: date) -> TieStrength | None:
    """One person's tie strength with its reasons (None when archived or gone)."""
    facts = tie_facts(today, only=contact_id).get(contact_id)
    return None if facts is None else tie_strength(facts, today)


_RELATION_KINDS = {kind.value: kind for kind in RelationKind}


def entered_edges(active: Container[int]) -> list[Edge]:
    """Relations the user entered, and "introduced by" on a contact, between the
    ``active`` contacts (the ids the build already read, archived ones left out): looked
    up there rather than joined, since two wide contact rows read per relation were a
    fifth of the network build."""
    kinds = _RELATION_KINDS
    edges = [Edge(a, b, kinds.get(kind) or RelationKind(kind)) for a, b, kind in
             database.execute_sql("SELECT contact_id, other_id, kind FROM contact_relation")
             if a in active and b in active]
    edges += [Edge(a, b, RelationKind.INTRODUCED_BY) for a, b in database.execute_sql(
        "SELECT id, introduced_by_id FROM contact WHERE introduced_by_id IS NOT NULL "
        "AND NOT archived") if b in active]
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


def common_ground(contact_ids: Container[int] | None = None) -> dict[int, frozenset[str]]:
    """The tags of each active contact (of ``contact_ids`` only, when given): what
    introduction ideas compare. (Words of the intent were tried and read as noise:
    "interest, research, shared".) Read in contact order, each word and each distinct
    set of words made once and shared: 74,000 tagged people held their own strings and
    sets in ~40 MB. The rows are streamed from the cursor: a tuple of every tagged
    person's rows (``(*rows, end)``) was ~34 MB at the Network page's peak at 100,000
    contacts, for the 45,000 people the ideas may pair (``tests/store/test_network_memory.py``)."""
    ground: dict[int, frozenset[str]] = {}
    words: dict[str, str] = {}
    sets: dict[frozenset[str], frozenset[str]] = {}
    current, mine = None, set()
    rows = database.execute_sql(
        "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        "JOIN contact c ON c.id = ct.contact_id AND NOT c.archived ORDER BY ct.contact_id")
    for cid, name in chain(rows, ((None, ""),)):
        if cid != current:
            if mine:
                found = frozenset(mine)
                ground[current] = sets.setdefault(found, found)
            current, mine = cid, set()
        if cid is not None and (contact_ids is None or cid in contact_ids):
            word = f"#{name.casefold()}"
            mine.add(words.setdefault(word, word))
    return ground


def names(contact_ids: list[int]) -> dict[int, str]:
    """Display names of ``contact_ids``, for paths and suggestions."""
    return {cid: row.name for cid, row in people(contact_ids).items()}


@dataclass(frozen=True)
class NetworkSnapshot:
    """The network on one day: the scores are in ``network.ties``; :meth:`strength`
    reads one person's facts again and writes out their reasons (holding every
    person's facts took ~70 MB at 100,000 contacts). ``parked``: whom no warm path goes
    through (``domain.warm_paths.may_ask``)."""

    network: Network
    today: date
    parked: frozenset[int]

    def strength(self, contact_id: int) -> TieStrength | None:
        return strength_of(contact_id, self.today)


def read_network(today: date) -> NetworkSnapshot:
    """Everything the network page, the paths and the CLI need, in a few grouped queries.

    The cyclic garbage collector is paused while the network is built
    (:func:`relmanager.collector.paused`): a build makes about half a million containers
    (tie facts, edge dicts, networkx's adjacency) that all stay alive and hold no cycles,
    and each collection pass the allocations trigger walked all of them again and found
    nothing, a quarter of the build's time at 100,000 contacts. Reference counting still
    frees everything.

    The pause is process-wide, and the build runs on a worker: cyclic garbage the UI
    thread makes meanwhile waits for the build's end, and the collections after it. That
    is a delay, not a leak, bounded by a build's length (about 2 s at 50,000 contacts).
    Measured at 50,000 demo contacts, three builds in a row on a worker (1.75-2.3 s each
    on a loaded 2-core machine) while the main thread made 20 reference cycles per
    millisecond (about 39,000 in all, far more than the window makes): RSS 92 MB before,
    peak 176 MB paused against 172 MB with the collector on, and 40 of those cycles alive
    when the last build ended (the collector runs between builds) against 0. Two pauses
    that overlap (an import, a second build) leave the collector on once the last that
    found it on has ended (``collector.paused``).
    """
    with collector.paused(), page_cache(SCAN_CACHE_KIB):
        return _read_network(today)


#: The page cache (KiB) a network read runs with. Its scans read each index page once,
#: so a larger cache only keeps pages: with the connection's 32 MB (``db.PRAGMAS``) the
#: worker's connection held ~35 MB after a read at 100,000 contacts, as much as the
#: network itself (issue 23's memory row); with 4 MB the read took as long.
SCAN_CACHE_KIB = 4_000


def _read_network(today: date) -> NetworkSnapshot:
    # Streamed into arrays: one id, one tie and one shared organisation name a person.
    ids, scores, organised = array("q"), array("d"), []
    names: dict[str, str] = {}
    parked = []
    for cid, facts, organisation in fact_rows(today):
        ids.append(cid)
        scores.append(tie_score(facts, today) / 100)
        organised.append(names.setdefault(organisation, organisation) if organisation
                         else None)
        if not may_ask(facts.stage):
            parked.append(cid)
    ties = Ties(ids, scores)
    network = build_network(ties, [*entered_edges(ties), *derived_edges()],
                            ((cid, name) for cid, name in zip(ids, organised, strict=True)
                             if name))
    return NetworkSnapshot(network, today, frozenset(parked))


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    stage: Stage
    sphere: str


def people(contact_ids: list[int]) -> dict[int, PersonRow]:
    """Name, stage and sphere of ``contact_ids``: what the Network page draws and filters."""
    found: dict[int, PersonRow] = {}
    for cid, name, stage, sphere in rows_in(
            "SELECT id, display_name, stage, sphere FROM contact WHERE id IN ({marks})",
            contact_ids):
        found[cid] = PersonRow(cid, name, Stage(stage), sphere)
    return found


def stages_and_spheres() -> Iterator[tuple[int, str, str]]:
    """(id, stage, sphere) of every active contact, streamed: what the Network page's
    filters test, without a row object for each of 100,000 people."""
    return iter(database.execute_sql(
        "SELECT id, stage, sphere FROM contact WHERE NOT archived"))


def tagged(tag: str) -> set[int]:
    """Ids of the contacts with ``tag`` (any case)."""
    return {cid for (cid,) in database.execute_sql(
        "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        "WHERE t.name = ? COLLATE NOCASE", (tag,))}


def tag_names() -> list[str]:
    return [name for (name,) in database.execute_sql(
        "SELECT name FROM tag ORDER BY name COLLATE NOCASE")]
