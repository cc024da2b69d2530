"""The going-cold scan (``today_reads.cold_items``) made cheaper without changing one
item: its rows parsed in line, the occurrence kept from the column's text, the anchor,
score and ranking computed without ``max``/``min`` calls or a key function. Held here
to the scan written the plain way (the form before the bench's cold row was cut: every
value through ``_dt``/``_day``, ``str()`` of the crossing, ``sorted`` by the rank key)
on the demo data and on random rows, field by field and type by type."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from relmanager.domain import priority
from relmanager.domain.priority import Item, Kind
from relmanager.domain.stages import Stage
from relmanager.domain.warmth import TRACKED_STAGES
from relmanager.store import demo, today_reads
from relmanager.store.models import database
from relmanager.store.today_reads import _day, _dt


def _plain_anchor(two_way, met_on, created):
    candidates = [created]
    if two_way is not None:
        candidates.append(two_way)
    if met_on is not None:
        candidates.append(datetime.combine(met_on, datetime.min.time()))
    return max(candidates)


def _plain_score(stage, interval, gap):
    ratio = max(gap / max(interval, 1e-9), 1.0)
    return priority.CLOSENESS.get(stage, 0.0) * (1.0 + min(priority.math.log2(ratio),
                                                           priority.MAX_DOUBLINGS))


def _plain_scan(now, exclude, snoozed):
    items = []
    for cid, name, stage, cooling, cold, two_way, met_on, created in database.execute_sql(
            today_reads.COLD_SQL, (str(now),)):
        if cid in exclude:
            continue
        anchor = _plain_anchor(_dt(two_way), _day(met_on), _dt(created))
        cooling_at, cold_at = _dt(cooling), _dt(cold)
        if cooling_at > now:
            continue
        interval = (cooling_at - anchor).total_seconds() / 86400
        gap = (now - anchor).total_seconds() / 86400
        is_cold = cold_at is not None and cold_at <= now
        items.append(Item(Kind.COLD if is_cold else Kind.COOLING, cid, name,
                          _plain_score(stage, interval, gap), "", str(cid),
                          str(cold_at if is_cold else cooling_at), urgent=is_cold,
                          snoozed_until=snoozed.get(priority.snooze_key(Kind.COLD, str(cid), cid)),
                          rhythm=(interval, float((now.date() - anchor.date()).days))))
    return sorted(items, key=lambda i: (i.snoozed, -i.score, i.name.casefold(), i.subject))


def _typed(items):
    return [[(type(value), value) for value in item] for item in items]


def _same(now, exclude=frozenset(), snoozed=None):
    snoozed = snoozed or {}
    fast = today_reads.cold_items(now, set(exclude), snoozed)
    assert _typed(fast) == _typed(_plain_scan(now, set(exclude), snoozed))
    return fast


def test_the_scan_of_the_demo_data_is_the_plain_scan_item_for_item(db, clock):
    now = clock.now()
    demo.generate(600, 6000, now)
    ids = [row[0] for row in database.execute_sql("SELECT id FROM contact")]
    rng = random.Random(23)
    for later in (0, 30, 200, 900):
        at = now + timedelta(days=later, seconds=rng.randrange(86400),
                             microseconds=rng.choice((0, 123456)))
        assert _same(at) or later == 0
        _same(at, set(rng.sample(ids, 50)),
              {priority.snooze_key(Kind.COLD, str(i), i): at + timedelta(days=rng.randint(1, 5))
               for i in rng.sample(ids, 80)})
    assert len(_same(now + timedelta(days=900))) > 200


def _text(value: datetime, rng: random.Random) -> str:
    """A stored form of ``value``: str()'s, with a 'T', or with a fraction."""
    form = rng.randrange(4)
    if form == 0:
        return value.isoformat()
    if form == 1:
        return value.replace(microsecond=rng.randrange(1, 10**6)).isoformat(" ")
    return str(value.replace(microsecond=0))


@pytest.mark.parametrize("seed", range(4))
def test_random_rows_in_any_stored_form_scan_as_the_plain_scan(db, seed):
    """Dates stored with a 'T', with or without a fraction, met or not, two-way or not,
    cold or only cooling, names differing only by case (the rank's tie-break), equal
    scores: every item and its place as the plain scan gives them."""
    rng = random.Random(seed)
    now = datetime(2026, 6, 1, 12, 0)
    stages = [*sorted(TRACKED_STAGES), Stage.INBOX.value]
    rows = []
    for n in range(400):
        created = now - timedelta(days=rng.randint(1, 2000), minutes=rng.randrange(1440))
        two_way = created + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.7 else None
        met = (created - timedelta(days=rng.randint(0, 40))).date() if rng.random() < 0.5 \
            else None
        cooling = now - timedelta(days=rng.randint(-20, 400), minutes=rng.randrange(1440))
        cold = cooling + timedelta(days=rng.randint(0, 60)) if rng.random() < 0.9 else None
        name = rng.choice(["ana", "Ana", "ÅSA", "åsa", "Ben", "ben", "Zoë"]) + \
            ("" if rng.random() < 0.5 else f" {n % 7}")
        rows.append((name, rng.choice(stages), _text(cooling, rng),
                     cold and _text(cold, rng), two_way and _text(two_way, rng),
                     met and date.isoformat(met), _text(created, rng)))
    demo.generate(len(rows), len(rows), now)
    ids = [r[0] for r in database.execute_sql("SELECT id FROM contact ORDER BY id")]
    with database.atomic():
        for cid, row in zip(ids, rows, strict=True):
            database.execute_sql(
                "UPDATE contact SET display_name = ?, stage = ?, cooling_at = ?, cold_at = ?, "
                "last_two_way_at = ?, met_on = ?, created_at = ?, archived = 0 WHERE id = ?",
                (*row, cid))
    items = _same(now, set(rng.sample(ids, 20)),
                  {priority.snooze_key(Kind.COLD, str(i), i): now + timedelta(hours=1)
                   for i in rng.sample(ids, 30)})
    assert len(items) > 200
    assert {i.kind for i in items} == {Kind.COLD, Kind.COOLING}
    assert sum(i.snoozed for i in items) > 0  # the snoozes reached the scan
    stored = {r[0]: (r[1], r[2]) for r in database.execute_sql(
        "SELECT id, cooling_at, cold_at FROM contact")}
    kept = [i.occurrence in stored[i.contact_id] for i in items]
    assert any(kept) and not all(kept)  # the column's text kept, and str() where it differs
