"""The demo's occasions (issue 24, item 7): birthdays on most people the user knows, with
two of them today, and one "met a year ago today", so that Today's Occasions list and the
digest have something to show on the first start.

Its own random generator (from the demo's seed), so the rest of the demo, which tests and
screenshots rely on, comes out the same as before.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from relmanager.domain.stages import Stage

#: The share of people past Encounter whose birthday the user knows.
KNOWN_BIRTHDAYS = 0.6
#: Birthdays today, for these stages (one each, when the demo has such a person).
TODAY_FOR = (Stage.FRIENDSHIP, Stage.DEVELOPMENT)


def _birthday(rng: random.Random, today: date) -> str:
    born = date(today.year - rng.randint(24, 66), 1, 1) + timedelta(days=rng.randrange(365))
    return f"--{born:%m-%d}" if rng.random() < 0.25 else born.isoformat()


def _shifted_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def add_occasions(conn, seed: int, stages: list[Stage], first_id: int, now: datetime) -> None:
    rng = random.Random(seed * 7919 + 24)
    today = now.date()
    known = [first_id + i for i, s in enumerate(stages) if s.maturity >= 2]
    rows = [(_birthday(rng, today), cid) for cid in known if rng.random() < KNOWN_BIRTHDAYS]
    # Nobody else's birthday today: the two below are the ones Today shows.
    md = f"{today:%m-%d}"
    rows = [(b, cid) for b, cid in rows if b[-5:] != md]
    for stage in TODAY_FOR:
        people = [first_id + i for i, s in enumerate(stages) if s is stage]
        if people:
            cid = rng.choice(people)
            age = rng.randint(28, 60)
            rows = [(b, c) for b, c in rows if c != cid]
            rows.append((_shifted_year(today, age).isoformat(), cid))
    conn.executemany("UPDATE contact SET birthday = ? WHERE id = ?", rows)
    # One person met a little less than a year ago is moved back to exactly a year ago
    # (earlier, never later: their interactions stay after the meeting).
    year_ago = _shifted_year(today, 1)
    met = conn.execute(
        "SELECT id, met_on FROM contact WHERE id >= ? AND stage IN ('recognition', "
        "'development', 'friendship') AND met_on > ? AND met_on <= ? ORDER BY met_on "
        "LIMIT 1", (first_id, year_ago.isoformat(),
                    (year_ago + timedelta(days=60)).isoformat())).fetchone()
    if met is not None:
        conn.execute("UPDATE contact SET met_on = ? WHERE id = ?",
                     (year_ago.isoformat(), met[0]))
