"""A believable demo network, fast enough to make 100,000 contacts and 1,000,000
interactions in well under a minute (it is what the benchmarks use).

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
from relmanager.domain.introductions import FOLLOW_UP_AFTER_DAYS, IntroStatus
from relmanager.domain.stages import RELATIONSHIP_STAGES, Stage
from relmanager.domain.text import fold
from relmanager.store import demo_names as words
from relmanager.store import denorm, rollup
from relmanager.store.migrations import suspended_search_index
from relmanager.store.models import Channel, database

Progress = Callable[[str], None]

# Interactions per contact are drawn with these weights: close relationships see far
# more traffic; the untriaged inbox sees none.
STAGE_WEIGHT = {
    Stage.INBOX: 0.0, Stage.ENCOUNTER: 1.0, Stage.RECOGNITION: 2.0, Stage.DEVELOPMENT: 8.0,
    Stage.FRIENDSHIP: 14.0, Stage.INTIMACY: 20.0, Stage.PARKED: 0.7,
}

# Channel weights per stage maturity (0 inbox/parked .. 5 intimacy), in channel-key order,
# and typical minutes: both from the one channel table (relmanager.domain.channels).
CHANNEL_KEYS = tuple(c.key for c in BUILTIN_CHANNELS)
CHANNEL_WEIGHTS = {m: tuple(c.demo_weights[m] for c in BUILTIN_CHANNELS) for m in range(6)}
MINUTES = {c.key: c.demo_minutes for c in BUILTIN_CHANNELS}


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
        weights=[40, 22, 28, 10], k=rest)
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


def generate(
    contacts: int,
    interactions: int,
    now: datetime,
    seed: int = 1,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the bound (empty or not) database with a demo network."""
    started = datetime.now()
    rng = random.Random(seed)
    say = progress or (lambda _message: None)
    conn = database.connection()
    channel_ids = {c.key: c.id for c in Channel.select(Channel.key, Channel.id)}
    orgs = [f"{p} {s}" for p in words.ORG_PREFIXES for s in words.ORG_SUFFIXES]
    all_tags = [(name, kind) for kind, names in words.TAGS.items() for name in names]
    conn.execute("PRAGMA cache_size = -400000")  # 400 MB while loading, back after
    with database.atomic(), suspended_search_index(database), rollup.suspended(database):
        first_id = (conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]) + 1
        conn.executemany("INSERT OR IGNORE INTO tag (name, kind) VALUES (?, ?)", all_tags)
        tag_ids = [r[0] for r in conn.execute(
            f"SELECT id FROM tag WHERE name IN ({','.join('?' * len(all_tags))})",
            [t[0] for t in all_tags])]
        say(f"contacts: {contacts:,}")
        stages = _stage_plan(contacts, rng)
        contact_rows, email_rows, phone_rows, tag_rows, change_rows = [], [], [], [], []
        met_dates: list[datetime] = []
        for offset, stage in enumerate(stages):
            cid = first_id + offset
            first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
            org = rng.choice(orgs)
            days_known = rng.randint(3, 1500) if stage is not Stage.INBOX else rng.randint(0, 60)
            met = datetime.combine(now.date() - timedelta(days=days_known),
                                   time(rng.randint(8, 19), rng.choice((0, 15, 30, 45))))
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
        _interactions(conn, rng, stages, met_dates, first_id, interactions, now, channel_ids)
        say("indexes")
        for statement in index_sql:
            conn.execute(statement)
        _follow_ups_and_introductions(conn, rng, stages, first_id, now)
        _time_boxes(conn, rng, stages, first_id, now, channel_ids)
        say("derived columns and search index")
        new_ids = range(first_id, first_id + contacts)
        denorm.refresh_search_text(None if first_id == 1 else new_ids)
        denorm.refresh_last_interaction(None if first_id == 1 else new_ids)
        denorm.refresh_due_dates(None if first_id == 1 else new_ids)
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("ANALYZE")
    seconds = (datetime.now() - started).total_seconds()
    return DemoSummary(contacts, interactions, seconds)


def _interactions(conn, rng, stages, met_dates, first_id, total, now, channel_ids) -> None:
    weights = [STAGE_WEIGHT[s] for s in stages]
    if total <= 0 or not any(weights):
        return
    picks = rng.choices(range(len(stages)), weights=weights, k=total)
    chan_by_maturity = {
        m: (rng.choices(CHANNEL_KEYS, weights=w, k=4096)) for m, w in CHANNEL_WEIGHTS.items()
    }
    exchanges = rng.choices(("neutral", "give", "ask", "receive"), weights=(55, 20, 12, 13),
                            k=4096)
    now_ts = now.timestamp()
    rows = []
    random_ = rng.random
    for n, index in enumerate(picks):
        met_ts = met_dates[index].timestamp()
        # Recent interactions are likelier than old ones: square the uniform draw.
        when = datetime.fromtimestamp(now_ts - (random_() ** 2) * (now_ts - met_ts))
        stage = stages[index]
        key = chan_by_maturity[stage.maturity][n & 4095]
        rows.append((
            first_id + index, str(when.replace(microsecond=0)), channel_ids[key],
            "me" if n % 3 else "them", exchanges[(n * 7) & 4095], MINUTES[key],
            words.INTERACTION_NOTES[n % len(words.INTERACTION_NOTES)], str(now),
        ))
        if len(rows) == 50_000:
            _insert_interactions(conn, rows)
            rows = []
    _insert_interactions(conn, rows)


def _insert_interactions(conn, rows) -> None:
    conn.executemany(
        "INSERT INTO interaction (contact_id, occurred_at, channel_id, initiated_by, exchange,"
        " minutes, note, created_at) VALUES (?,?,?,?,?,?,?,?)", rows)


def _follow_ups_and_introductions(conn, rng, stages, first_id, now) -> None:
    active = [first_id + i for i, s in enumerate(stages) if s.maturity >= 2]
    if not active:
        return
    follow_ups = []
    for cid in rng.sample(active, min(len(active), max(3, len(active) // 40))):
        due = now + timedelta(days=rng.randint(-10, 20), hours=rng.randint(0, 8))
        done = str(due) if rng.random() < 0.3 else None
        title = rng.choice(("Send the article we discussed", "Ask how the launch went",
                            "Share the workshop slides", "Congratulate on new role",
                            "Check in about the intro"))
        follow_ups.append((cid, title, str(due.replace(microsecond=0)), done, str(now)))
    conn.executemany("INSERT INTO follow_up (contact_id, title, due_at, done_at, created_at, note) "
                     "VALUES (?,?,?,?,?,'')", follow_ups)
    intros = []
    statuses = list(IntroStatus)
    for _ in range(min(40, max(2, len(active) // 30))):
        requester, target = rng.sample(active, 2)
        status = rng.choice(statuses)
        requested = now - timedelta(days=rng.randint(20, 120))
        dates = dict.fromkeys(statuses)
        moment = requested
        for step in statuses[: statuses.index(status) + 1]:
            if step is IntroStatus.DECLINED and status is not IntroStatus.DECLINED:
                continue
            dates[step] = str(moment.replace(microsecond=0))
            moment += timedelta(days=rng.randint(1, 6))
        made = dates[IntroStatus.MADE]
        follow_due = (str(datetime.fromisoformat(made) + timedelta(days=FOLLOW_UP_AFTER_DAYS))
                      if made else None)
        intros.append((
            requester, target, None, "wants advice on hiring data engineers",
            "looking for speakers for their meetup", status.value, *[
                dates[s] for s in statuses], follow_due))
    conn.executemany(
        "INSERT INTO introduction (requester_id, target_id, introducer_id, reason_requester, "
        "reason_target, status, requested_at, consent_asked_at, consent_given_at, declined_at,"
        " made_at, followed_up_at, closed_at, follow_up_due_at, outcome, note) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'','')", intros)


def _time_boxes(conn, rng, stages, first_id, now, channel_ids) -> None:
    """A weekday-morning plan and this week's boxes so far, each with a call or two logged
    in it, so the Today view's week progress shows a believable figure."""
    if conn.execute("SELECT 1 FROM time_box_plan").fetchone():
        return
    cursor = conn.execute(
        "INSERT INTO time_box_plan (name, size, minutes, weekdays, start_time, active, "
        "created_at) VALUES ('Weekday mornings', 'small', 15, '0,1,2,3,4', '08:30', 1, ?)",
        (str(now),))
    plan_id = cursor.lastrowid
    active = [first_id + i for i, s in enumerate(stages) if s.maturity >= 2]
    monday = datetime.combine(now.date() - timedelta(days=now.weekday()), time(8, 30))
    day = monday
    while day + timedelta(minutes=15) <= now and day.weekday() < 5 and active:
        ended = day + timedelta(minutes=15)
        session = conn.execute(
            "INSERT INTO time_box_session (plan_id, started_at, planned_minutes, ended_at, "
            "manual) VALUES (?, ?, 15, ?, 0)", (plan_id, str(day), str(ended))).lastrowid
        for contact_id in rng.sample(active, min(len(active), rng.randint(1, 2))):
            key = rng.choice(("phone", "instant_message", "email"))
            conn.execute(
                "INSERT INTO interaction (contact_id, occurred_at, channel_id, initiated_by, "
                "exchange, minutes, note, created_at, timebox_session_id) "
                "VALUES (?, ?, ?, 'me', 'give', ?, 'Checked in during the morning box', ?, ?)",
                (contact_id, str(day + timedelta(minutes=2)), channel_ids[key],
                 rng.choice((5, 6, 8)), str(ended), session))
        day += timedelta(days=1)
