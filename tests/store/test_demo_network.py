"""Issue 22 item 17: the --demo network is a believable year of one person's networking,
in which every list on Today and every kind of reminder has something to show."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from relmanager.domain.introductions import IntroStatus
from relmanager.domain.priority import Kind
from relmanager.store import demo, today_reads
from relmanager.store.models import Introduction, Tag, database

#: A Monday morning, a summer Friday evening, the week after Christmas.
MOMENTS = (datetime(2026, 3, 2, 9, 0), datetime(2026, 8, 14, 21, 30),
           datetime(2026, 12, 28, 12, 0))


@pytest.fixture(params=MOMENTS, ids=lambda m: m.strftime("%b-%d-%H%M"))
def network(request, db):
    now = request.param
    demo.generate(demo.DEMO_CONTACTS, demo.DEMO_INTERACTIONS, now)
    return now


def test_every_list_on_today_has_someone(network):
    attention = today_reads.load(network, 7)
    kinds = Counter(item.kind for item in attention.cold)
    assert kinds[Kind.COOLING] and kinds[Kind.COLD]  # both wordings of going cold
    assert 0 < len(attention.cold) < demo.DEMO_CONTACTS // 4  # some, not a quarter
    fresh = [row.item for row in attention.fresh]
    assert len(fresh) >= 3 and any(item.urgent for item in fresh)  # one window closing
    assert len(attention.follow_ups) >= 2
    assert any(item.urgent for item in attention.follow_ups)  # overdue
    assert len(attention.intros) >= 3


def _weekly_counts(now: datetime) -> list[int]:
    monday = (now - timedelta(days=now.weekday())).date()
    weeks = Counter()
    for (occurred,) in database.execute_sql("SELECT occurred_at FROM interaction"):
        day = datetime.fromisoformat(occurred).date()
        weeks[(monday - (day - timedelta(days=day.weekday()))).days // 7] += 1
    return [weeks.get(back, 0) for back in range(0, 53)]


def test_a_year_without_a_hockey_stick_at_waking_hours(network):
    weeks = _weekly_counts(network)
    full = weeks[1:53]  # the last 52 whole weeks
    median = statistics.median(full)
    assert median >= 40, full  # a year of steady networking ...
    assert max(weeks) <= 2 * median, weeks  # ... no week (this one included) above 2x
    when = [datetime.fromisoformat(o) for (o,) in database.execute_sql(
        "SELECT occurred_at FROM interaction")]
    assert min(when) >= network - timedelta(days=366) and max(when) <= network
    assert not [w for w in when if w.hour < 7 or w.hour >= 23]  # nothing in the night
    days = Counter(w.weekday() for w in when)
    assert days[5] + days[6] < 0.5 * (days[1] + days[2])  # weekends are quieter


def test_tags_and_texts_read_like_a_person_wrote_them(network):
    assert not [t.name for t in Tag.select() if "  " in t.name or t.name != t.name.strip()]
    intros = list(Introduction.select())
    assert len({i.reason_requester for i in intros}) >= 0.8 * len(intros)
    assert len({i.reason_target for i in intros}) >= 0.8 * len(intros)
    assert {i.status for i in intros} >= {s.value for s in IntroStatus}


def test_every_demo_introduction_took_allowed_steps_and_waits_only_where_it_should(network):
    """The demo's introductions are ones the app could have made: each dated step follows
    the one before it by an allowed move, in time order, up to its status, and only a
    made one keeps a check-in day (following up or closing clears it, as
    ``store.introductions.advance`` does). The demo kept the check-in day on followed-up
    and closed ones, and had declined ones agree first."""
    from relmanager.domain.introductions import can_move, check_in_pending

    checked = 0
    for intro in Introduction.select():
        status = IntroStatus(intro.status)
        taken = sorted((getattr(intro, s.date_field), n, s) for n, s in enumerate(IntroStatus)
                       if getattr(intro, s.date_field) is not None)
        path = [s for _when, _n, s in taken]
        assert path[0] is IntroStatus.REQUESTED and path[-1] is status, path
        assert all(can_move(a, b) for a, b in pairwise(path)), path
        if check_in_pending(status):
            assert intro.follow_up_due_at == intro.made_at + timedelta(days=14)
        else:
            assert intro.follow_up_due_at is None, (status, intro.follow_up_due_at)
        checked += 1
    assert checked >= len(IntroStatus)
