"""A believable demo network, fast enough to make 100,000 contacts and 1,000,000
interactions in well under a minute (it is what the benchmarks use). When things happen
is :mod:`relmanager.store.demo_rhythm`; follow-ups, introductions and time boxes are
:mod:`relmanager.store.demo_agenda`.

Rows go in through the raw sqlite3 connection with ``executemany`` inside one
transaction, with the search index triggers suspended; the derived columns are then
computed in SQL, exactly as the app maintains them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from relmanager.domain.channels import BUILTIN_CHANNELS
from relmanager.domain.stages import DEFAULT_CADENCE, RELATIONSHIP_STAGES, Stage
from relmanager.domain.text import fold
from relmanager.store import (
    demo_agenda,
    demo_network,
    demo_occasions,
    denorm,
    rollup,
    table_rebuild,
)
from relmanager.store import demo_names as words
from relmanager.store.demo_rhythm import Calendar
from relmanager.store.errors import StoreError
from relmanager.store.in_lists import chunks, marks
from relmanager.store.models import Channel, database
from relmanager.store.schema_ddl import suspended_search_index

Progress = Callable[[str], None]

#: What ``--demo`` makes on a first start: a year of one person's networking.
DEMO_CONTACTS = 400
DEMO_INTERACTIONS = 4000
#: The demo's fresh encounters, met this many days ago (with a 7-day window, the last
#: one is closing): "Link while fresh" always has someone.
FRESH_MET_DAYS_BACK = (0, 1, 3, 5)
#: Days since met, by stage: encounters from the last weeks (older ones have moved on
#: or been parked), close friends for years.
KNOWN_DAYS = {
    Stage.INBOX: (0, 60), Stage.ENCOUNTER: (8, 60), Stage.RECOGNITION: (30, 900),
    Stage.DEVELOPMENT: (90, 1500), Stage.FRIENDSHIP: (200, 2500),
    Stage.INTIMACY: (400, 4000), Stage.PARKED: (60, 1200),
}
#: Share of each stage whose last contact is held back past its rhythm (drifting).
DRIFT = {Stage.ENCOUNTER: 0.2, Stage.RECOGNITION: 0.1, Stage.DEVELOPMENT: 0.08,
         Stage.FRIENDSHIP: 0.1}

# Interactions per contact and year are drawn with these weights: close relationships see
# far more traffic, a new encounter a few messages in its first weeks; the untriaged inbox
# sees none.
STAGE_WEIGHT = {
    Stage.INBOX: 0.0, Stage.ENCOUNTER: 3.0, Stage.RECOGNITION: 5.0, Stage.DEVELOPMENT: 8.0,
    Stage.FRIENDSHIP: 12.0, Stage.INTIMACY: 20.0, Stage.PARKED: 0.5,
}

# Channel weights per stage maturity (0 inbox/parked .. 5 intimacy), in channel-key order,
# and typical minutes: both from the one channel table (relmanager.domain.channels).
CHANNEL_KEYS = tuple(c.key for c in BUILTIN_CHANNELS)
CHANNEL_WEIGHTS = {m: tuple(c.demo_weights[m] for c in BUILTIN_CHANNELS) for m in range(6)}
MINUTES = {c.key: c.demo_minutes for c in BUILTIN_CHANNELS}


class DemoThereError(StoreError):
    """The seed's demo people are in the database already (a demo run before with the
    same seed): a second copy would put every one of them there twice."""

    def __init__(self, seed: int) -> None:
        super().__init__(f"this database already holds the demo network of seed {seed}; "
                         "nothing was added")
        self.seed = seed


@dataclass
class DemoSummary:
    contacts: int
    interactions: int
    seconds: float


def _stage_plan(count: int, rng: random.Random) -> list[Stage]:
    """Few intimates, a handful of friends, dozens in development, the rest spread out."""
    fixed = [
        (Stage.INTIMACY, max(1, min(6, count // 200))),
        (Stage.FRIENDSHIP, max(1, min(18, count // 40))),
        (Stage.DEVELOPMENT, max(1, min(55, count // 12))),
    ]
    stages = [s for s, n in fixed for _ in range(n)]
    rest = max(0, count - len(stages))
    stages += rng.choices(
        [Stage.INBOX, Stage.ENCOUNTER, Stage.RECOGNITION, Stage.PARKED],
        weights=[42, 12, 26, 20], k=rest)
    rng.shuffle(stages)
    return stages[:count]


def _path_to(stage: Stage, rng: random.Random) -> list[Stage]:
    """A plausible stage history ending at ``stage`` (sometimes skipping or going back)."""
    if stage is Stage.INBOX:
        return [Stage.INBOX]
    if stage is Stage.PARKED:
        reached = rng.choice(RELATIONSHIP_STAGES[:3])
        return [*_path_to(reached, rng), Stage.PARKED]
    path = list(RELATIONSHIP_STAGES[: RELATIONSHIP_STAGES.index(stage) + 1])
    if len(path) > 2 and rng.random() < 0.2:
        path.pop(1)  # skipped a stage
    if len(path) > 2 and rng.random() < 0.1:
        path.insert(len(path) - 1, path[-1])  # went ahead once, fell back, came again
        path.insert(len(path) - 1, path[-3])
    return path


def _known_for(stage: Stage, rng: random.Random) -> int:
    """Days since a contact of ``stage`` was met: encounters this year, friends for years."""
    low, high = KNOWN_DAYS[stage]
    return rng.randint(low, high)


def generate(
    contacts: int,
    interactions: int,
    now: datetime,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the bound (empty or not) database with a demo network: a year of one
    person's networking (see :mod:`relmanager.store.demo_rhythm`), in which every list on
    Today has someone: people going cold, fresh encounters (one closing), follow-ups due
    and introductions waiting."""
    started = datetime.now()
    rng = random.Random(seed)
    say = progress or (lambda _message: None)
    conn = database.connection()
    channel_ids = {c.key: c.id for c in Channel.select(Channel.key, Channel.id)}
    orgs = [f"{p} {s}" for p in words.ORG_PREFIXES for s in words.ORG_SUFFIXES]
    all_tags = [(name, kind) for kind, names in words.TAGS.items() for name in names]
    conn.execute("PRAGMA cache_size = -400000")  # 400 MB while loading, back after
    with database.atomic(), suspended_search_index(database), rollup.suspended(database):
        first_id = table_rebuild.next_free_id(database, "contact")
        conn.executemany("INSERT OR IGNORE INTO tag (name, kind) VALUES (?, ?)", all_tags)
        tag_ids = [r[0] for r in conn.execute(
            f"SELECT id FROM tag WHERE name IN ({','.join('?' * len(all_tags))})",
            [t[0] for t in all_tags])]
        say(f"contacts: {contacts:,}")
        stages = _stage_plan(contacts, rng)
        encounters = [i for i, s in enumerate(stages) if s is Stage.ENCOUNTER]
        fresh = dict(zip(encounters, FRESH_MET_DAYS_BACK, strict=False))
        contact_rows, email_rows, phone_rows, tag_rows, change_rows = [], [], [], [], []
        met_dates: list[datetime] = []
        for offset, stage in enumerate(stages):
            cid = first_id + offset
            first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            org = rng.choice(orgs)
            days_known = fresh.get(offset, _known_for(stage, rng))
            met = min(datetime.combine(now.date() - timedelta(days=days_known),
                                       time(rng.randint(8, 19), rng.choice((0, 15, 30, 45)))),
                      (now - timedelta(minutes=40)).replace(second=0, microsecond=0))
            met_dates.append(met)
            name = f"{first} {last}"
            sphere = rng.choices(("business", "personal", "both"), weights=(70, 18, 12))[0]
            contact_rows.append((
                cid, name, first, last, fold(f"{last} {first}"), org, rng.choice(words.TITLES),
                sphere, stage.value, rng.choice(words.INTENTS) if stage.maturity > 1 else "",
                rng.choice(words.HOW_MET), rng.choice(words.CITIES), met.date().isoformat(),
                rng.choice(words.NOTES), 1 if rng.random() < 0.01 else 0,
                str(met), str(met), str(uuid.UUID(int=rng.getrandbits(128))),
            ))
            domain = org.lower().replace(" ", "") + ".example"
            email_rows.append((cid, f"{fold(first)}.{fold(last)}{cid}@{domain}".replace(
                "'", ""), "work", 0))
            if rng.random() < 0.5:
                phone_rows.append((cid, f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)}"
                                        f" {rng.randint(10, 99)}", "mobile", 0))
            tag_rows += [(cid, t) for t in set(rng.sample(tag_ids, rng.randint(0, 3)))]
            path = _path_to(stage, rng)
            span = max(1, (now - met).days)
            moments = sorted(met + timedelta(days=rng.uniform(0, span)) for _ in path[1:])
            change_rows.append((cid, None, path[0].value, str(met)))
            for prev, nxt, when in zip(path, path[1:], moments, strict=False):
                change_rows.append((cid, prev.value, nxt.value, str(when.replace(microsecond=0))))
        _refuse_a_second_copy(conn, [row[-1] for row in contact_rows], seed)
        conn.executemany(
            "INSERT INTO contact (id, display_name, first_name, last_name, sort_name, "
            "organisation, title, sphere, stage, intent, how_met, where_met, met_on, notes, "
            "archived, created_at, updated_at, uid, search_text) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'')", contact_rows)
        conn.executemany("INSERT INTO contact_email (contact_id, email, label, position) "
                         "VALUES (?,?,?,?)", email_rows)
        conn.executemany("INSERT INTO contact_phone (contact_id, number, label, position) "
                         "VALUES (?,?,?,?)", phone_rows)
        conn.executemany("INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?,?)",
                         tag_rows)
        conn.executemany("INSERT INTO stage_change (contact_id, from_stage, to_stage, "
                         "changed_at) VALUES (?,?,?,?)", change_rows)
        say(f"interactions: {interactions:,}")
        # Building the indexes once after the load sorts instead of inserting a million
        # random keys into three B-trees: several times faster.
        index_sql = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interaction' "
            "AND sql IS NOT NULL")]
        for name, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                  "tbl_name = 'interaction' AND sql IS NOT NULL").fetchall():
            conn.execute(f'DROP INDEX "{name}"')
        calendar = Calendar(now, rng)
        _interactions(conn, rng, stages, met_dates, first_id, interactions, calendar,
                      channel_ids, set(fresh))
        say("indexes")
        for statement in index_sql:
            conn.execute(statement)
        demo_agenda.follow_ups_and_introductions(conn, rng, stages, first_id, now)
        demo_agenda.time_boxes(conn, rng, stages, first_id, now, channel_ids)
        demo_network.add_relations(conn, rng, first_id, len(stages), now)
        demo_occasions.add_occasions(conn, seed, stages, first_id, now)
        say("derived columns and search index")
        new_ids = range(first_id, first_id + contacts)
        denorm.refresh_search_text(None if first_id == 1 else new_ids)
        denorm.refresh_last_interaction(None if first_id == 1 else new_ids)
        denorm.refresh_due_dates(None if first_id == 1 else new_ids)
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("ANALYZE")
    seconds = (datetime.now() - started).total_seconds()
    return DemoSummary(contacts, interactions, seconds)


def _refuse_a_second_copy(conn, uids: list[str], seed: int) -> None:
    """Raise :class:`DemoThereError` before anything is written (the caller's transaction
    rolls back the tags) when one of the seed's people is here already: their uids come
    from the seed, so it was the same demo, and the insert failed half way with a bare
    "UNIQUE constraint failed: contact.uid"."""
    for chunk in chunks(uids):
        if conn.execute(f"SELECT 1 FROM contact WHERE uid IN ({marks(len(chunk))}) LIMIT 1",
                        chunk).fetchone():
            raise DemoThereError(seed)


def _newest(stage: Stage, met_back: int, rng: random.Random) -> int:
    """How many days back a contact's last interaction may be at the latest: today for
    most, but a few people of each stage have drifted past their rhythm (Today's "going
    cold" has someone to show, as a real network would)."""
    cadence = DEFAULT_CADENCE.get(stage)
    if cadence is None or rng.random() >= DRIFT.get(stage, 0.0):
        return 0
    return min(met_back, rng.randint(cadence.ideal_days + 1, cadence.max_days + 90))


def _interactions(conn, rng, stages, met_dates, first_id, total, calendar: Calendar,
                  channel_ids, fresh: set[int]) -> None:
    """``total`` interactions, more with closer people (each person their own pace),
    spread over the year by :class:`Calendar`. A fresh encounter gets only the meeting
    itself, so it stays in "Link while fresh"."""
    met_back = [calendar.back(m) for m in met_dates]
    newest = [_newest(s, back, rng) for s, back in zip(stages, met_back, strict=True)]
    # A person's share is their yearly pace times the part of the year they could be
    # reached in: someone met a month ago has had a month of it, so the weeks stay even
    # (drawing per person regardless piled the new people's traffic into recent weeks).
    weights = [0.0 if i in fresh else STAGE_WEIGHT[s] * rng.lognormvariate(0.0, 0.35)
               * (min(back, calendar.days) - new + 1) / calendar.days
               for i, (s, back, new) in enumerate(zip(stages, met_back, newest, strict=True))]
    rows = [(first_id + index, str(met_dates[index]), channel_ids["one_on_one"], "me",
             "neutral", 20, "Met at the conference, swapped cards",
             str(calendar.now.replace(microsecond=0)))
            for index in sorted(fresh)[::2]][:max(0, total)]  # some log the meeting itself
    total -= len(rows)
    if total <= 0 or not any(weights):
        _insert_interactions(conn, rows)
        return
    picks = rng.choices(range(len(stages)), weights=weights, k=total)
    chan_by_maturity = {
        m: (rng.choices(CHANNEL_KEYS, weights=w, k=4096)) for m, w in CHANNEL_WEIGHTS.items()
    }
    exchanges = rng.choices(("neutral", "give", "ask", "receive"), weights=(55, 20, 12, 13),
                            k=4096)
    created = str(calendar.now.replace(microsecond=0))
    moment = calendar.moment
    for n, index in enumerate(picks):
        stage = stages[index]
        key = chan_by_maturity[stage.maturity][n & 4095]
        rows.append((
            first_id + index, moment(newest[index], met_back[index]), channel_ids[key],
            "me" if n % 3 else "them", exchanges[(n * 7) & 4095], MINUTES[key],
            words.INTERACTION_NOTES[n % len(words.INTERACTION_NOTES)], created,
        ))
        if len(rows) == 50_000:
            _insert_interactions(conn, rows)
            rows = []
    _insert_interactions(conn, rows)


def _insert_interactions(conn, rows) -> None:
    conn.executemany(
        "INSERT INTO interaction (contact_id, occurred_at, channel_id, initiated_by, exchange,"
        " minutes, note, created_at) VALUES (?,?,?,?,?,?,?,?)", rows)
